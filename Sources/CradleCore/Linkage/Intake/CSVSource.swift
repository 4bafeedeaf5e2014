import Dispatch

/// Reads one source's CSV file into checked rows. The header must be this kind's column set
/// (any order): a file missing a required column, or with columns the kind does not have, is
/// another kind of file and is refused whole. Rows are then checked one by one; a bad row is
/// reported with its field and problem and the good rows are still taken.
public enum CSVSource {
    public static func parse(_ text: String, kind: SourceKind, today: Day) throws(SourceFileRefused) -> ParsedSource {
        let first = text.first { !$0.isWhitespace && $0 != "\u{FEFF}" }
        if first == "{" || first == "[" { throw SourceFileRefused("This is JSON, not CSV: send it to a FHIR source, or export the CSV with a header row") }
        if first == "<" { throw SourceFileRefused("This is XML or HTML, not CSV") }
        if holdsNonText(text) {
            throw SourceFileRefused("This is not a text file (it holds bytes that are not UTF-8 text): save the CSV as UTF-8")
        }
        let records: [[String]]
        do { records = try CSVReader.records(text) } catch {
            throw SourceFileRefused("Not readable as CSV: record \(error.record) has \(error.problem)")
        }
        guard let header = records.first?.map({ $0.trimmingCharacters(in: .whitespaces).lowercased() }) else {
            throw SourceFileRefused("The file is empty: a \(kind.label.lowercased()) file starts with a header row")
        }
        let columns = kind.columns
        let known = Set(columns.map(\.name))
        let missing = columns.filter { $0.required && !header.contains($0.name) }.map(\.name)
        let unknown = header.filter { !known.contains($0) }
        if !missing.isEmpty || !unknown.isEmpty {
            var why: [String] = []
            if !missing.isEmpty { why.append("missing \(missing.joined(separator: ", "))") }
            if !unknown.isEmpty { why.append("unknown \(unknown.map { $0.isEmpty ? "(blank)" : $0 }.joined(separator: ", "))") }
            throw SourceFileRefused("The header is not a \(kind.label.lowercased()) file's (\(why.joined(separator: "; "))). Its columns are: \(columns.map(\.name).joined(separator: ", "))")
        }
        if let dup = header.first(where: { c in header.filter { $0 == c }.count > 1 }) {
            throw SourceFileRefused("The header names \(dup) twice")
        }
        // Rows are checked on two workers (each row stands alone), then put back in file order.
        let headerLine = CSVReader.line(header)
        let body = Array(records.dropFirst())
        let checked = body.indices.parallelMap { n -> (row: Int, result: Result<SourceRow, FieldErrors>?, count: Int) in
            let fields = body[n]
            guard fields.count == header.count else { return (n + 2, nil, fields.count) }
            var values: [String: String] = [:]
            values.reserveCapacity(header.count)
            for (k, v) in zip(header, fields) { values[k] = v }
            return (n + 2, SourceRowReader.read(values, kind: kind, today: today, received: CSVReader.line(fields)), fields.count)
        }
        var out = ParsedSource()
        out.header = headerLine
        var firstRow: [String: Int] = [:]
        for (row, result, count) in checked {
            switch result {
            case nil:
                out.problems.append(RowProblem(row: row, field: "(row)", problem: "has \(count) fields; the header has \(header.count)"))
            case .failure(let errors)?:
                out.problems += errors.messages.map { RowProblem(row: row, field: $0.field, problem: $0.message) }
            case .success(let record)?:
                if let earlier = firstRow[record.recordId] {
                    out.problems.append(RowProblem(row: row, field: "record_id", problem: "\(record.recordId) is already row \(earlier) of this file"))
                    continue
                }
                firstRow[record.recordId] = row
                out.problems += record.warnings.map { RowProblem(row: row, field: $0.field, problem: $0.problem, warning: true) }
                out.rows.append((row, record))
            }
        }
        return out
    }
}

extension CSVSource {
    /// True when the text holds a NUL or U+FFFD (what a byte that is not UTF-8 was decoded
    /// as), read as bytes: in UTF-8 they are 0x00 and EF BF BD and nothing else.
    static func holdsNonText(_ text: String) -> Bool {
        var text = text
        return text.withUTF8 { b in
            var i = 0
            while i < b.count {
                if b[i] == 0 || (b[i] == 0xEF && i + 2 < b.count && b[i + 1] == 0xBF && b[i + 2] == 0xBD) { return true }
                i += 1
            }
            return false
        }
    }
}

/// Checks one record's fields, named as the CSV columns are; FHIR is read into the same names.
///
/// A row is refused only when it has nothing to link on: no record id, no name at all, or one
/// name and no date of birth (for an antenatal booking, the mother's names and date of birth,
/// the booking and due dates, which make the unborn child). Any other field that is not usable
/// (a missing given name, a date of birth that is not a date, an NHS number failing its check
/// digit, a postcode that is not one, a parent with one name, a consent answer that is not yes
/// or no) is left out with a warning, and the row imports without it; its text stays in
/// `received`.
public enum SourceRowReader {
    static let identifyingBooking: Set<String> = ["record_id", "parent_given_name", "parent_family_name", "parent_date_of_birth",
                                                  "booked_on", "expected_delivery_date"]

    /// Refusals if any identifying field failed; otherwise the row's warnings.
    static func judge(_ errors: FieldErrors, identifying: Set<String>) -> Result<[RowProblem], FieldErrors> {
        guard errors.messages.contains(where: { identifying.contains($0.field) }) else {
            return .success(errors.messages.map { RowProblem(row: 0, field: $0.field, problem: $0.message + "; left out, the rest of the row imported", warning: true) })
        }
        return .failure(errors)
    }

    /// A postcode that is not a UK postcode, kept to compare as text: capitals and digits only,
    /// and only if it has a digit and is not one of the NHS's pseudo-postcodes ("NFA",
    /// "unknown" and ZZ99 3VZ, no fixed abode, say nothing of where a child lives).
    static func postcodeText(_ raw: String?) -> String? {
        guard let raw else { return nil }
        let t = String(String.UnicodeScalarView(raw.uppercased().unicodeScalars.filter { $0.isASCII && $0.properties.isAlphabetic || ("0"..."9").contains($0) }))
        guard t.count >= 3, t.count <= 16, t.unicodeScalars.contains(where: { ("0"..."9").contains($0) }), !t.hasPrefix("ZZ99") else { return nil }
        return t
    }

    /// The fields whose failure refuses a child's row: the record id always; the names and date
    /// of birth only when too little is left to link on: no name, or one name with neither a
    /// date of birth nor anything else that places the child (`placed`: an NHS number, a
    /// postcode, an address).
    static func identifying(_ errors: FieldErrors, given: String?, family: String?, dob: Day?, placed: Bool) -> Set<String> {
        var out: Set<String> = ["record_id"]
        let names = (given == nil ? 0 : 1) + (family == nil ? 0 : 1)
        if names == 0 || (names == 1 && dob == nil && !placed) { out.formUnion(["given_name", "family_name", "date_of_birth"]) }
        return out
    }

    public static func read(_ values: [String: String], kind: SourceKind, today: Day, received: String) -> Result<SourceRow, FieldErrors> {
        var v = values
        // Sources write sex as a letter as often as a word.
        if let s = v["sex"]?.trimmingCharacters(in: .whitespaces).lowercased() {
            switch s {
            case "f": v["sex"] = "female"
            case "m": v["sex"] = "male"
            case "u": v["sex"] = "unknown"
            case "i": v["sex"] = "indeterminate"
            default: v["sex"] = s
            }
        }
        if kind == .antenatal { return readBooking(v, today: today, received: received) }
        var r = FieldReader(v)
        let id = r.text("record_id", label: "Record id", max: 64)
        let given = r.text("given_name", label: "Given name")
        let family = r.text("family_name", label: "Family name")
        let dob = r.day("date_of_birth", label: "Date of birth", required: true, notAfter: today, notBefore: Day(year: 1900, month: 1, day: 1))
        let nhs = r.nhsNumber("nhs_number")
        let sex = r.choice("sex", label: "Sex", as: Sex.self, required: false)
        let postcode = r.postcode("postcode")
        let postcodeText = postcode == nil ? Self.postcodeText(v["postcode"]) : nil
        let line = r.text("address", label: "Address", required: false, max: 200)
        let identifying = identifying(r.errors, given: given, family: family, dob: dob,
                                      placed: nhs != nil || postcode != nil || postcodeText != nil || line != nil)
        let weight = r.integer("birth_weight_grams", label: "Birth weight (grams)", range: 300...7000)
        let gestation = r.integer("gestation_weeks", label: "Gestation (weeks)", range: 22...44)
        let pRequired = kind.parentRequired
        let pGiven = r.text("parent_given_name", label: "Parent's given name", required: pRequired)
        let pFamily = r.text("parent_family_name", label: "Parent's family name", required: pRequired)
        let pDob = r.day("parent_date_of_birth", label: "Parent's date of birth", required: pRequired, notAfter: today, notBefore: Day(year: 1900, month: 1, day: 1))
        let pNHS = r.nhsNumber("parent_nhs_number")
        let pRel = r.choice("parent_relationship", label: "Parent's relationship", as: Relationship.self, required: false) ?? .mother
        if ![.mother, .father, .carer].contains(pRel) { r.errors.add("parent_relationship", "Parent's relationship must be mother, father or carer") }
        if (pGiven == nil) != (pFamily == nil), r.errors["parent_given_name"] == nil, r.errors["parent_family_name"] == nil {
            r.errors.add(pGiven == nil ? "parent_given_name" : "parent_family_name",
                         "Give both the parent's given and family names, or neither (the parent is not recorded; what was given still helps find the child)")
        }
        if let nhs, let pNHS, nhs == pNHS { r.errors.add("parent_nhs_number", "The parent's NHS number is the child's") }
        var extra: [String: String] = [:]
        if kind == .childrensCentre, let d = r.day("registered_on", label: "Registered on", notAfter: today) { extra["registered_on"] = d.iso }
        if kind == .earlyYearsSetting, let raw = v["upn"], !raw.trimmingCharacters(in: .whitespaces).isEmpty {
            do { extra["upn"] = try UPN(raw).value } catch { r.errors.add("upn", error.description) }
        }
        if let dob, let pDob, pDob > dob - 365 * 10 { r.errors.add("parent_date_of_birth", "The parent would have been under 10 at the child's birth") }
        let (gp, consent) = kind.isBirthFeed ? sharing(&r, kind: kind, today: today) : (nil, nil)
        let warnings: [RowProblem]
        switch judge(r.errors, identifying: identifying) {
        case .failure(let errors): return .failure(errors)
        case .success(let w): warnings = w
        }
        guard let id else { return .failure(r.errors) }
        // A parent's value that failed its check is left out; a parent with a relationship
        // Cradle does not record is left out whole. A parent with one name is not recorded as
        // a person, but what the row says of them still helps find the child.
        let parentDob = r.errors["parent_date_of_birth"] == nil ? pDob : nil
        let parentNHS = r.errors["parent_nhs_number"] == nil ? pNHS : nil
        var parent: SourceParent? = nil
        if r.errors["parent_relationship"] == nil, r.errors["parent_given_name"] == nil || pGiven != nil, pGiven != nil || pFamily != nil {
            parent = SourceParent(relationship: pRel, givenName: pGiven ?? "", familyName: pFamily ?? "", dateOfBirth: parentDob, nhsNumber: parentNHS)
            parent?.incomplete = pGiven == nil || pFamily == nil
        }
        var row = SourceRow(recordId: id, nhsNumber: nhs, givenName: given ?? "", familyName: family ?? "", dateOfBirth: dob, sex: sex,
                            postcode: postcode, addressLine: line, birthWeightGrams: weight, gestationWeeks: gestation,
                            parent: parent, gpPractice: gp, consent: consent, extra: extra, received: received)
        row.postcodeText = postcodeText
        row.warnings = warnings
        return .success(row)
    }

    /// An antenatal booking: the mother, and an unborn child in her name ("Baby" and her
    /// family name, as maternity systems write it) due on the expected date.
    static func readBooking(_ v: [String: String], today: Day, received: String) -> Result<SourceRow, FieldErrors> {
        var r = FieldReader(v)
        let id = r.text("record_id", label: "Record id", max: 64)
        let given = r.text("parent_given_name", label: "Mother's given name")
        let family = r.text("parent_family_name", label: "Mother's family name")
        let dob = r.day("parent_date_of_birth", label: "Mother's date of birth", required: true, notAfter: today, notBefore: Day(year: 1900, month: 1, day: 1))
        let nhs = r.nhsNumber("parent_nhs_number")
        let booked = r.day("booked_on", label: "Booked on", required: true, notAfter: today)
        let due = r.day("expected_delivery_date", label: "Expected date of delivery", required: true)
        if let booked, let due, due < booked || due > booked + 44 * 7 {
            r.errors.add("expected_delivery_date", "The expected date of delivery must fall within 44 weeks after the booking")
        }
        if let dob, let booked, dob > booked - 365 * 10 { r.errors.add("parent_date_of_birth", "The mother would have been under 10 at the booking") }
        let postcode = r.postcode("postcode")
        let postcodeText = postcode == nil ? Self.postcodeText(v["postcode"]) : nil
        let line = r.text("address", label: "Address", required: false, max: 200)
        let (gp, consent) = sharing(&r, kind: .antenatal, today: today)
        let warnings: [RowProblem]
        switch judge(r.errors, identifying: identifyingBooking) {
        case .failure(let errors): return .failure(errors)
        case .success(let w): warnings = w
        }
        guard let id, let given, let family, let dob, let booked, let due else { return .failure(r.errors) }
        var row = SourceRow(recordId: id, nhsNumber: nil, givenName: "Baby", familyName: family, dateOfBirth: nil, sex: nil,
                            postcode: postcode, addressLine: line,
                            parent: SourceParent(relationship: .mother, givenName: given, familyName: family, dateOfBirth: dob, nhsNumber: nhs),
                            expectedDelivery: due, gpPractice: gp, consent: consent, extra: ["booked_on": booked.iso], received: received)
        row.postcodeText = postcodeText
        row.warnings = warnings
        return .success(row)
    }

    /// The GP practice and the family's answer on sharing with children's centres.
    static func sharing(_ r: inout FieldReader, kind: SourceKind, today: Day) -> (String?, FeedConsent?) {
        var gp: String? = nil
        if let raw = r.raw("gp_practice") {
            gp = GPPracticeCode.normalised(raw)
            if gp == nil { r.errors.add("gp_practice", "\(raw) is not a GP practice code: a letter and five digits, as A81001") }
        }
        guard let answer = FeedConsent.answer(r.raw("consent_childrens_centre")) else {
            r.errors.add("consent_childrens_centre", "Consent to share with children's centres must be yes or no (or blank if not asked)")
            return (gp, nil)
        }
        let date = r.day("consent_date", label: "Consent date", required: answer == .given, notAfter: today)
        // A refusal needs no date: it is taken as of the day it arrives.
        guard let status = answer, let when = date ?? (status == .refused ? today : nil) else { return (gp, nil) }
        return (gp, FeedConsent(status: status, date: when, method: FeedConsent.method(for: kind)))
    }
}
