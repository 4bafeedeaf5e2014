import Foundation
import Vapor
import CradleCore

/// `/fhir/R4`: a read and search API over the same records, policy, consent and audit as
/// every page. Each resource type is read only when the policy allows its category for that
/// child (demographics for Patient, services involved for EpisodeOfCare, contacts for
/// Encounter, assessments for ASQ-3, the family for RelatedPerson, consent for Consent), and
/// every decision is in the audit trail.
enum FHIRAPI {
    typealias Object = FHIRResources.Object
    static let path = "/fhir/R4"

    /// The resource types searchable by patient, each read through `resources(_:of:)`.
    enum PatientCompartment: String, CaseIterable {
        case relatedPerson = "RelatedPerson", episodeOfCare = "EpisodeOfCare", encounter = "Encounter"
        case observation = "Observation", questionnaireResponse = "QuestionnaireResponse", consent = "Consent"
        case carePlan = "CarePlan"
    }

    static func register(_ app: Application) {
        let fhir = app.grouped("fhir", "R4")
        fhir.get("metadata") { try await metadata($0) }
        fhir.get("Patient") { try await searchPatients($0) }
        fhir.get("Patient", ":id") { try await patient($0) }
        fhir.get("Patient", ":id", "$everything") { try await everything($0) }
        for type in PatientCompartment.allCases {
            fhir.get(.constant(type.rawValue)) { try await search(type, $0) }
        }
    }

    static func metadata(_ req: Request) async throws -> Response {
        try await req.authorize(.read, Resource(.publicPage))
        return try respond(CapabilityStatement.document(base: base(req)))
    }

    static func patient(_ req: Request) async throws -> Response {
        let person = try await readablePatient(req, id: try req.id())
        return try respond(FHIRResources.patient(person, addresses: try await PersonStore.addresses(of: person.id, on: req.sql)))
            .tagged(person.version)
    }

    /// Searches as the search page does (by NHS number, or family name with birth date, or
    /// postcode), showing what the search may show.
    static func searchPatients(_ req: Request) async throws -> Response {
        try await req.authorize(.search, Resource(.searchResult), detail: req.url.query)
        var fields: [String: String] = [:]
        var problems = FieldErrors()
        for (name, value) in try parameters(req, allowed: ["identifier", "family", "given", "birthdate", "address-postalcode"]) {
            switch name {
            case "identifier":
                let parts = value.split(separator: "|", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
                if parts.count == 2, parts[0] != FHIRResources.nhsNumberSystem {
                    problems.add("identifier", "Only NHS numbers are searchable: send identifier=\(FHIRResources.nhsNumberSystem)|<number>")
                }
                fields["nhsNumber"] = parts.last ?? ""
            case "family": fields["familyName"] = value
            case "given": fields["givenName"] = value
            case "birthdate": fields["dateOfBirth"] = value.hasPrefix("eq") ? String(value.dropFirst(2)) : value
            default: fields["postcode"] = value
            }
        }
        if !problems.isEmpty { throw InvalidInput(errors: problems) }
        guard let criteria = try ChildSearch.criteria(from: fields).orThrow() else {
            throw InvalidInput("identifier", "Search by identifier (NHS number), or family with birthdate, or address-postalcode")
        }
        try await req.throttleSearch()
        let rows = try await ChildSearch.run(criteria, for: req.actor, today: req.today, on: req.sql)
        let number: String? = if case .nhsNumber(let n) = criteria { n.digits } else { nil }
        return try respond(bundle(rows.map { FHIRResources.searchPatient($0, nhsNumber: number) }, req))
    }

    /// `?patient=` (or `subject=`): the child's resources of one type.
    static func search(_ type: PatientCompartment, _ req: Request) async throws -> Response {
        let query = Result { try parameters(req, allowed: ["patient", "subject"]) }
        let given = (try? query.get())?.first?.value
        let idText = given.map { $0.hasPrefix("Patient/") ? String($0.dropFirst("Patient/".count)) : $0 }
        guard let id = idText.flatMap({ Int64($0) }), id > 0 else {
            // Not a search of one child's record: the policy is asked about a search, then the
            // request is refused for its form.
            try await req.authorize(.search, Resource(.searchResult), detail: req.url.query)
            _ = try query.get()
            throw InvalidInput("patient", given.map { "\($0) is not a Patient id" } ?? "Name the patient: \(type.rawValue)?patient=<id>")
        }
        let person = try await readablePatient(req, id: id)
        _ = try query.get()
        return try respond(bundle(try await resources(type, of: person, req), req))
    }

    /// The patient and everything of theirs the policy lets this reader see. A category the
    /// policy refuses is left out (the refusal is audited); the patient itself must be readable.
    static func everything(_ req: Request) async throws -> Response {
        let person = try await readablePatient(req, id: try req.id())
        _ = try parameters(req, allowed: [])
        var all = [FHIRResources.patient(person, addresses: try await PersonStore.addresses(of: person.id, on: req.sql))]
        for type in PatientCompartment.allCases {
            do { all += try await resources(type, of: person, req) } catch is AccessDenied { continue }
        }
        return try respond(bundle(all, req))
    }

    static func readablePatient(_ req: Request, id: Int64) async throws -> PersonRow {
        try await req.authorize(.read, Resource(.demographics, personId: id))
        guard let person = try await PersonStore.person(id, on: req.sql) else { throw Abort(.notFound, reason: "No Patient \(id)") }
        return person
    }

    static func resources(_ type: PatientCompartment, of p: PersonRow, _ req: Request) async throws -> [Object] {
        switch type {
        case .relatedPerson:
            guard let family = p.familyId else { return [] }
            try await req.authorize(.read, Resource(.family, personId: p.id, familyId: family))
            return try await PersonStore.members(ofFamily: family, on: req.sql)
                .filter { $0.id != p.id && $0.mergedInto == nil }
                .compactMap { FHIRResources.relatedPerson($0, patient: p.id) }
        case .episodeOfCare:
            try await req.authorize(.read, Resource(.servicesInvolved, personId: p.id))
            return try await req.involvements(of: p.id).map { FHIRResources.episodeOfCare($0, patient: p.id, today: req.today) }
        case .encounter:
            try await req.authorize(.read, Resource(.contact, personId: p.id))
            return try await ContactStore.forPerson(p.id, since: nil, on: req.sql).map(FHIRResources.encounter)
        case .observation:
            // The birth measurements are demographics, which `readablePatient` allowed.
            var out = FHIRResources.birthObservations(p)
            // Assessment scores only for those the policy shares assessments with (its refusal
            // is audited).
            do {
                out += try await asqResults(p, req).flatMap { FHIRResources.asqObservations($0.row, result: $0.row.result(.standard), date: $0.date) }
            } catch is AccessDenied {}
            return out
        case .questionnaireResponse:
            return try await asqResults(p, req).map { FHIRResources.questionnaireResponse($0.row, date: $0.date) }
        case .consent:
            try await req.authorize(.read, Resource(.consent, personId: p.id))
            let history = try await GovernanceStore.consentHistory(personId: p.id, on: req.sql)
            var seen: Set<String> = []
            return history.map { FHIRResources.consent($0, current: seen.insert($0.purpose).inserted) }
        case .carePlan:
            // Each plan is its team's and the front door's to read: a plan the policy keeps
            // from this reader is left out (and the refusal audited).
            guard let family = p.familyId else { return [] }
            var out: [Object] = []
            for plan in try await PlanStore.forFamily(family, on: req.sql) {
                do { try await req.authorize(.read, Resource(.familyPlan, familyId: family, itemId: plan.id)) } catch is AccessDenied { continue }
                out.append(FHIRResources.carePlan(plan, patient: p.id, members: try await PlanStore.members(plan.id, on: req.sql),
                                                  goals: try await PlanStore.goals(plan.id, on: req.sql),
                                                  actions: try await PlanStore.actions(plan.id, on: req.sql)))
            }
            return out
        }
    }

    static func asqResults(_ p: PersonRow, _ req: Request) async throws -> [(row: HealthyChildStore.ASQRow, date: String)] {
        try await req.authorize(.read, Resource(.assessment, personId: p.id))
        return try await HealthyChildStore.asqResults(personId: p.id, on: req.sql)
    }

    /// The query's parameters, refusing any this search does not take (a search that ignored
    /// one would answer a different question than the one asked). `_format=json` is accepted.
    static func parameters(_ req: Request, allowed: Set<String>) throws -> [(name: String, value: String)] {
        try req.queryParameters(allowed: allowed, alsoAccepted: { $0.name == "_format" && ["json", "application/json", "application/fhir+json"].contains($0.value ?? "") })
    }

    static func base(_ req: Request) -> String {
        let scheme = req.headers.first(name: "X-Forwarded-Proto") == "https" ? "https" : "http"
        return "\(scheme)://\(req.headers.first(name: .host) ?? "localhost")\(path)"
    }

    static func bundle(_ resources: [Object], _ req: Request) -> Object {
        let base = base(req)
        return ["resourceType": "Bundle", "type": "searchset", "total": resources.count,
                "link": [["relation": "self", "url": base + req.url.string.dropFirst(path.count)]],
                "entry": resources.map { r -> Object in
                    ["fullUrl": "\(base)/\(r["resourceType"]!)/\(r["id"]!)", "resource": r, "search": ["mode": "match"]]
                }]
    }

    static func respond(_ object: Object, status: HTTPResponseStatus = .ok) throws -> Response {
        let data = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])
        var headers = HTTPHeaders()
        headers.replaceOrAdd(name: .contentType, value: "application/fhir+json; charset=utf-8")
        return Response(status: status, headers: headers, body: .init(data: data))
    }

    /// Every error as FHIR says: an OperationOutcome, one issue per field at fault.
    static func operationOutcome(status: HTTPResponseStatus, detail: String, fields: [Problem.FieldProblem]) -> Response {
        let code: String
        switch status.code {
        case 400, 422: code = "invalid"
        case 401: code = "login"
        case 403: code = "forbidden"
        case 404: code = "not-found"
        case 405: code = "not-supported"
        case 409: code = "conflict"
        case 429: code = "throttled"
        case 503: code = "transient"
        default: code = "exception"
        }
        var issues: [Object] = fields.map { ["severity": "error", "code": code, "diagnostics": $0.problem, "expression": [$0.field]] }
        if issues.isEmpty { issues = [["severity": "error", "code": code, "diagnostics": detail]] }
        return (try? respond(["resourceType": "OperationOutcome", "issue": issues], status: status)) ?? Response(status: status)
    }
}

extension Request {
    var isFHIR: Bool { url.path.hasPrefix(FHIRAPI.path + "/") || url.path == FHIRAPI.path }
}
