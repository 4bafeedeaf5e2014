import Foundation
import Vapor
import CradleCore

/// `/api/v1`: a child's consent decisions and emergency (break-glass) access, through the same
/// policy and audit as their pages.
enum GovernanceAPI {
    /// One consent decision; `current` is false once a later decision for the purpose replaced it.
    struct Consent: Encodable {
        var id: Int64
        var purpose: String, status: String, givenBy: String, givenOn: String, expiresOn: String?, method: String
        var recipientKinds: [String]
        var recipientOrganisations: [Int64]
        var recorderName: String?
        var current: Bool
    }

    static func consents(_ req: Request) async throws -> Response {
        let id = try req.id()
        try await req.authorize(.read, Resource(.consent, personId: id))
        guard try await PersonStore.person(id, on: req.sql) != nil else { throw Abort(.notFound, reason: "No person \(id)") }
        var seen: Set<String> = []
        let history = try await GovernanceStore.consentHistory(personId: id, on: req.sql).map { c in
            Consent(id: c.id, purpose: c.purpose, status: c.status, givenBy: c.givenBy, givenOn: c.givenOn, expiresOn: c.expiresOn,
                    method: c.method, recipientKinds: c.recipientKinds.split(separator: ",").map(String.init),
                    recipientOrganisations: c.recipientOrganisations.split(separator: ",").compactMap { Int64($0) },
                    recorderName: c.recorderName, current: seen.insert(c.purpose).inserted)
        }
        return try json(history)
    }

    /// Records a decision as the consent page does; a withdrawal takes effect at once (the
    /// page's confirmation step is the client's to show).
    static func recordConsent(_ req: Request) async throws -> Response {
        let id = try req.id()
        try await req.authorize(.create, Resource(.consent, personId: id))
        guard try await PersonStore.person(id, on: req.sql) != nil else { throw Abort(.notFound, reason: "No person \(id)") }
        let recorder = try req.requireSignedIn()
        let input = try ConsentInput.validate(try req.jsonFields(as: .consent), today: req.today).orThrow()
        let consent = try await GovernanceStore.recordConsent(personId: id, input, recordedBy: recorder.actor.practitionerId!, on: req.sql)
        return try created(consent, at: "/api/v1/people/\(id)/consents")
    }

    struct Grant: Encodable { var personId: Int64; var hours: Int; var reason: String }

    /// Emergency access to a child the reader has no relationship with, for the policy's hours,
    /// with a reason the information-governance lead reviews. A reason too short is refused and
    /// on the trail as a deny.
    static func breakGlass(_ req: Request) async throws -> Response {
        let id = try req.id()
        let body = Result { try req.jsonFields(as: .breakGlass) }
        try await req.authorize(.read, Resource(.breakGlass, personId: id))
        let reason = (try body.get())["reason"]?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
        guard reason.count >= 10, reason.count <= 1_000 else {
            try await req.auditRefusal(.create, Resource(.breakGlass, personId: id), reason: "Break-glass refused: no adequate reason was given", detail: reason)
            throw InvalidInput("reason", "Give the reason for emergency access in at least 10 characters (at most 1,000)")
        }
        try await req.authorize(.create, Resource(.breakGlass, personId: id), detail: reason)
        guard try await PersonStore.person(id, on: req.sql) != nil else { throw Abort(.notFound, reason: "No person \(id)") }
        let actor = try req.requireSignedIn()
        let hours = req.application.policy.rules.breakGlassHours
        try await GovernanceStore.openBreakGlass(actor: actor.actor.practitionerId!, personId: id, reason: reason, hours: hours, on: req.sql)
        let response = try json(Grant(personId: id, hours: hours, reason: reason), status: .created)
        response.headers.replaceOrAdd(name: .location, value: "/api/v1/people/\(id)")
        return response
    }

    /// Every emergency access newest first, a page at a time, or only those not yet reviewed
    /// (`unreviewed=true`) (the information-governance lead).
    static func breakGlassReviews(_ req: Request) async throws -> Response {
        try await req.authorize(.read, Resource(.governance))
        let page = try APIPage.read(req, filters: ["unreviewed"])
        let unreviewed = req.query[String.self, at: "unreviewed"]
        guard unreviewed == nil || unreviewed == "true" || unreviewed == "false" else { throw InvalidInput("unreviewed", "unreviewed is true or false") }
        return try page.respond(try await GovernanceStore.breakGlassPage(page, unreviewed: unreviewed == "true", on: req.sql), req)
    }

    /// The IG lead's judgement of one emergency access, recorded once.
    static func reviewBreakGlass(_ req: Request) async throws -> Response {
        let id = try req.id()
        let fields = try req.jsonFields(as: .breakGlassReview)
        try await req.authorize(.update, Resource(.governance))
        let outcome = try BreakGlassController.outcome(fields)
        guard try await GovernanceStore.breakGlass(id, on: req.sql) != nil else { throw Abort(.notFound, reason: "No emergency access \(id)") }
        try await GovernanceStore.reviewBreakGlass(id, outcome: outcome, note: fields["note"], reviewer: try req.requireSignedIn().actor.practitionerId!, on: req.sql)
        return try json(try await GovernanceStore.breakGlass(id, on: req.sql)!)
    }
}
