import Foundation
import CradleCore

/// Reads a FHIR R4 Bundle of UK Core Patient and RelatedPerson resources into the same checked
/// rows a CSV file gives. A Patient is a child's record; a RelatedPerson whose `patient` points
/// at it (relationship MTH, FTH or any other, as carer) is the parent on that record. Row
/// numbers in problems are the entry's position in the Bundle, counting from 1.
enum FHIRSource {
    static let nhsNumberSystem = "https://fhir.nhs.uk/Id/nhs-number"
    /// The NHS number's system in older (STU3, Care Connect) feeds: read, with a warning.
    static let legacyNHSNumberSystem = "http://fhir.nhs.net/Id/nhs-number"

    /// Where each checked field comes from, for problem reports a FHIR sender can act on.
    static let paths = [
        "record_id": "Patient.id", "given_name": "Patient.name.given", "family_name": "Patient.name.family",
        "date_of_birth": "Patient.birthDate", "nhs_number": "Patient.identifier (NHS number)", "sex": "Patient.gender",
        "postcode": "Patient.address.postalCode", "address": "Patient.address.line",
        "parent_given_name": "RelatedPerson.name.given", "parent_family_name": "RelatedPerson.name.family",
        "parent_date_of_birth": "RelatedPerson.birthDate", "parent_nhs_number": "RelatedPerson.identifier (NHS number)",
        "parent_relationship": "RelatedPerson.relationship", "gp_practice": "Patient.generalPractitioner (ODS code)",
        "consent_childrens_centre": "Consent.provision.type", "consent_date": "Consent.dateTime",
    ]
    static let odsSystem = "https://fhir.nhs.uk/Id/ods-organization-code"

    static func parse(_ data: Data, kind: SourceKind, today: Day) throws -> ParsedSource {
        if kind == .antenatal { throw SourceFileRefused("Antenatal bookings are read from CSV files, not FHIR") }
        let json: Any
        do { json = try JSONSerialization.jsonObject(with: data) } catch {
            throw SourceFileRefused("Not a FHIR Bundle: the file is not JSON. Send CSV files to a CSV source")
        }
        guard let bundle = json as? [String: Any], bundle["resourceType"] as? String == "Bundle" else {
            let type = (json as? [String: Any])?["resourceType"] as? String
            throw SourceFileRefused("Not a FHIR Bundle: resourceType is \(type.map { "\"\($0)\"" } ?? "missing")")
        }
        let entries = bundle["entry"] as? [[String: Any]] ?? []
        var patients: [(row: Int, resource: [String: Any], refs: [String])] = []
        var related: [(row: Int, resource: [String: Any])] = []
        var consents: [(row: Int, resource: [String: Any])] = []
        var ignored: [RowProblem] = []
        for (i, entry) in entries.enumerated() {
            guard let resource = entry["resource"] as? [String: Any] else {
                ignored.append(RowProblem(row: i + 1, field: "Bundle.entry", problem: "has no resource; ignored", warning: true))
                continue
            }
            switch resource["resourceType"] as? String {
            case "Patient":
                let id = resource["id"] as? String
                patients.append((i + 1, resource, [entry["fullUrl"] as? String, id.map { "Patient/\($0)" }].compactMap { $0 }))
            case "RelatedPerson": related.append((i + 1, resource))
            case "Consent": consents.append((i + 1, resource))
            case let type:
                ignored.append(RowProblem(row: i + 1, field: "Bundle.entry",
                    problem: "\(type ?? "A resource without resourceType") ignored: this feed reads Patient, RelatedPerson and Consent", warning: true))
            }
        }
        guard !patients.isEmpty else { throw SourceFileRefused("The Bundle holds no Patient resources: it is not a feed of children's records") }

        var out = ParsedSource(problems: ignored)
        /// The Bundle's patient a resource's `patient` refers to; a dangling reference is reported.
        func patient(of r: (row: Int, resource: [String: Any]), _ type: String) -> Int? {
            let ref = (r.resource["patient"] as? [String: Any])?["reference"] as? String
            guard let ref, let p = patients.firstIndex(where: { $0.refs.contains(ref) }) else {
                out.problems.append(RowProblem(row: r.row, field: "\(type).patient",
                                               problem: ref.map { "refers to \($0), which is not in this Bundle" } ?? "names no patient"))
                return nil
            }
            return p
        }
        var parentOf: [Int: (row: Int, resource: [String: Any])] = [:]
        for r in related {
            guard let p = patient(of: r, "RelatedPerson") else { continue }
            // A mother is the parent a birth record needs; otherwise the first named.
            if parentOf[p] == nil || relationship(r.resource) == .mother { parentOf[p] = r }
        }
        // A Consent whose patient is the child: permit is a yes to sharing birth details with
        // children's centres, deny a no; its dateTime is when the family answered.
        var consentOf: [Int: [String: Any]] = [:]
        for c in consents {
            if let p = patient(of: c, "Consent") { consentOf[p] = c.resource }
        }
        var firstRow: [String: Int] = [:]
        for (p, patient) in patients.enumerated() {
            var values = fields(patient.resource, "Patient", row: patient.row, warnings: &out.problems)
            var received: [Any] = [patient.resource]
            if let parent = parentOf[p] {
                let pf = fields(parent.resource, "RelatedPerson", row: patient.row, warnings: &out.problems)
                values["parent_given_name"] = pf["given_name"]; values["parent_family_name"] = pf["family_name"]
                values["parent_date_of_birth"] = pf["date_of_birth"]; values["parent_nhs_number"] = pf["nhs_number"]
                values["parent_relationship"] = relationship(parent.resource).rawValue
                received.append(parent.resource)
            }
            if let consent = consentOf[p] {
                let type = (consent["provision"] as? [String: Any])?["type"] as? String
                values["consent_childrens_centre"] = type == "permit" ? "yes" : type == "deny" ? "no" : (type ?? "(no provision.type)")
                let answered = consent["dateTime"] as? String
                if let answered, !isFHIRDate(answered, time: true) {
                    out.problems.append(RowProblem(row: patient.row, field: "Consent.dateTime",
                                                   problem: "\(answered) is not a FHIR dateTime (YYYY-MM-DD, or with a time and zone)", warning: true))
                }
                values["consent_date"] = answered.map { String($0.prefix(10)) }
                received.append(consent)
            }
            let text = (try? JSONSerialization.data(withJSONObject: received, options: [.sortedKeys])).map { String(decoding: $0, as: UTF8.self) } ?? ""
            switch SourceRowReader.read(values, kind: kind, today: today, received: text) {
            case .failure(let errors):
                out.problems += errors.messages.map { RowProblem(row: patient.row, field: paths[$0.field] ?? $0.field, problem: $0.message) }
            case .success(let record):
                if let earlier = firstRow[record.recordId] {
                    out.problems.append(RowProblem(row: patient.row, field: "Patient.id", problem: "\(record.recordId) is already entry \(earlier) of this Bundle"))
                    continue
                }
                firstRow[record.recordId] = patient.row
                out.problems += record.warnings.map { RowProblem(row: patient.row, field: paths[$0.field] ?? $0.field, problem: $0.problem, warning: true) }
                out.rows.append((patient.row, record))
            }
        }
        return out
    }

    /// A Patient's or RelatedPerson's fields under the CSV column names. What is read but
    /// not as FHIR says (a date in another format, the NHS number under its legacy system)
    /// is a warning on the patient's entry (`row`).
    static func fields(_ r: [String: Any], _ type: String, row: Int, warnings: inout [RowProblem]) -> [String: String] {
        var v: [String: String] = [:]
        v["record_id"] = r["id"] as? String
        let identifiers = r["identifier"] as? [[String: Any]] ?? []
        v["nhs_number"] = identifiers.first { $0["system"] as? String == nhsNumberSystem }?["value"] as? String
        if v["nhs_number"] == nil, let legacy = identifiers.first(where: { $0["system"] as? String == legacyNHSNumberSystem })?["value"] as? String {
            v["nhs_number"] = legacy
            warnings.append(RowProblem(row: row, field: "\(type).identifier",
                                       problem: "NHS number under the legacy system \(legacyNHSNumberSystem); send it under \(nhsNumberSystem)", warning: true))
        }
        if let born = r["birthDate"] as? String, !isFHIRDate(born, time: false) {
            warnings.append(RowProblem(row: row, field: "\(type).birthDate",
                                       problem: "\(born) is not a FHIR date (YYYY-MM-DD)", warning: true))
        }
        let names = r["name"] as? [[String: Any]] ?? []
        let name = names.first { $0["use"] as? String == "official" } ?? names.first
        v["given_name"] = (name?["given"] as? [String])?.first
        v["family_name"] = name?["family"] as? String
        v["date_of_birth"] = r["birthDate"] as? String
        if let g = r["gender"] as? String { v["sex"] = g == "other" ? "indeterminate" : g }
        let address = (r["address"] as? [[String: Any]])?.first
        v["postcode"] = address?["postalCode"] as? String
        v["address"] = (address?["line"] as? [String])?.first
        let gps = r["generalPractitioner"] as? [[String: Any]] ?? []
        v["gp_practice"] = gps.compactMap { $0["identifier"] as? [String: Any] }.first { $0["system"] as? String == odsSystem }?["value"] as? String
        return v
    }

    /// MTH and FTH (HL7 v3 RoleCode) say mother and father; anything else is a carer.
    static func relationship(_ r: [String: Any]) -> Relationship {
        let codes = (r["relationship"] as? [[String: Any]] ?? []).flatMap { ($0["coding"] as? [[String: Any]] ?? []).compactMap { $0["code"] as? String } }
        if codes.contains(where: { ["MTH", "NMTH", "BIRTHMTH", "MOTHER"].contains($0.uppercased()) }) { return .mother }
        if codes.contains(where: { ["FTH", "NFTH", "FATHER"].contains($0.uppercased()) }) { return .father }
        return .carer
    }

    /// FHIR's date (YYYY, YYYY-MM or YYYY-MM-DD) or, with `time`, dateTime (a date, or a full
    /// date with a time and zone).
    static func isFHIRDate(_ text: String, time: Bool) -> Bool {
        let date = #/([0-9]{4})(-(0[1-9]|1[0-2])(-(0[1-9]|[12][0-9]|3[01]))?)?/#
        let dateTime = #/[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])T([01][0-9]|2[0-3]):[0-5][0-9]:([0-5][0-9]|60)(\.[0-9]+)?(Z|(\+|-)((0[0-9]|1[0-3]):[0-5][0-9]|14:00))/#
        return text.wholeMatch(of: date) != nil || (time && text.wholeMatch(of: dateTime) != nil)
    }
}
