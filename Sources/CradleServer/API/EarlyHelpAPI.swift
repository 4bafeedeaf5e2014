import Vapor
import CradleCore

/// `/api/v1`: the early help front door. Practitioners' requests for support, the triage queue
/// with its 48-hour clock, and triage itself, through the same validation, policy and audit as
/// their pages.
enum EarlyHelpAPI {
    /// A request for support as its readers see it on the request page.
    struct SupportRequest: Encodable {
        var id: Int64
        var source: String
        var status: String
        var concerns: [String]
        var details: String
        var receivedAt: String
        /// When the 48-hour clock (working days) runs out.
        var triageDueBy: String
        /// onTrack, dueSoon or breached while waiting; triagedInTime or triagedLate after.
        var clock: String
        var clockMinutes: Int?
        var version: Int
        var personId: Int64?, familyId: Int64?
        var referrerName: String?, referrerOrganisation: String?
        var childName: String?, childDateOfBirth: String?, linkedName: String?
        var parentName: String?, contact: String?, postcode: String?
        var suggestedLevel: Int?
        var triagedAt: String?, triagedByName: String?
        var outcome: String?, level: Int?, rationale: String?, serviceName: String?, signpostTo: String?

        init(_ r: RequestStore.RequestRow, settings: EarlyHelpSettings, now: LocalTime) {
            let clock = settings.triage.status(received: r.received, triagedAt: r.triaged, now: now)
            (self.clock, clockMinutes) = switch clock {
            case .onTrack(let m): ("onTrack", m)
            case .dueSoon(let m): ("dueSoon", m)
            case .breached(let m): ("breached", m)
            case .triagedInTime: ("triagedInTime", nil)
            case .triagedLate(let m): ("triagedLate", m)
            }
            id = r.id; source = r.source; status = r.status; concerns = r.concernList.map(\.rawValue); details = r.details
            receivedAt = r.received.iso; triageDueBy = settings.triage.deadline(from: r.received).iso; version = r.version
            personId = r.personId; familyId = r.familyId; referrerName = r.referrerName; referrerOrganisation = r.referrerOrganisation
            childName = r.childName; childDateOfBirth = r.childDateOfBirth; linkedName = r.linkedName
            parentName = r.parentName; contact = r.contact; postcode = r.postcode; suggestedLevel = r.suggestedLevel
            triagedAt = r.triaged?.iso; triagedByName = r.triagedByName
            outcome = r.outcome; level = r.level; rationale = r.rationale; serviceName = r.serviceName; signpostTo = r.signpostTo
        }
    }

    /// A practitioner's request to the front door, with the family's consent; a child Cradle
    /// knows is named by `personId` (which needs a relationship with the child), another by
    /// name.
    static func create(_ req: Request) async throws -> Response {
        var fields = try req.jsonFields(as: .supportRequest)
        try await req.authorize(.create, Resource(.supportRequest))
        if let person = fields["personId"].flatMap({ Int64($0) }) {
            try await req.authorize(.read, Resource(.demographics, personId: person))
        }
        fields["consent"] = fields["consent"] == "true" ? "yes" : nil
        let input = try SupportRequestInput.validate(fields, source: .practitioner, continuum: req.earlyHelp.continuum, today: req.today).orThrow()
        let id = try await RequestStore.create(input, referrer: try req.requireSignedIn().actor.practitionerId, now: req.now, on: req.sql)
        return try created(id, at: "/api/v1/early-help/requests/\(id)")
    }

    static func show(_ req: Request) async throws -> Response {
        let id = try req.id()
        try await req.authorize(.read, Resource(.supportRequest, itemId: id))
        guard let r = try await RequestStore.find(id, on: req.sql) else { throw Abort(.notFound, reason: "No request \(id)") }
        return try json(SupportRequest(r, settings: req.earlyHelp, now: req.now)).tagged(r.version)
    }

    /// Requests waiting for triage, oldest first (the front door only).
    static func queue(_ req: Request) async throws -> Response {
        try await req.authorize(.read, Resource(.frontDoor))
        _ = try req.queryParameters(allowed: [])
        return try json(try await RequestStore.queue(on: req.sql).map { SupportRequest($0, settings: req.earlyHelp, now: req.now) })
    }

    /// The triage decision; linking the request to a child's record (`personId`) is part of it
    /// and its audit entry names the child.
    static func triage(_ req: Request) async throws -> Response {
        let id = try req.id()
        let fields = try req.jsonFields(as: .triage)
        let (r, _) = try await RequestController.authorizeTriage(req, id, fields)
        let input = try TriageInput.validate(fields, continuum: req.earlyHelp.continuum, status: r.requestStatus, linked: r.personId != nil).orThrow()
        try await RequestStore.triage(id, version: try req.version(in: fields), input, by: try req.requireSignedIn(), now: req.now, on: req.db)
        let saved = try await RequestStore.find(id, on: req.sql)!
        return try json(SupportRequest(saved, settings: req.earlyHelp, now: req.now)).tagged(saved.version)
    }

    /// The advice line's log, newest first (the front door).
    static func adviceLog(_ req: Request) async throws -> Response {
        try await req.authorize(.read, Resource(.frontDoor))
        let page = try APIPage.read(req)
        return try page.respond(try await RequestStore.adviceLog(page: page, on: req.sql), req)
    }

    /// A call to the advice line, recorded whether or not a family is named.
    static func logAdvice(_ req: Request) async throws -> Response {
        let fields = try req.jsonFields(as: .advice)
        try await req.authorize(.create, Resource(.frontDoor))
        let e = try AdviceEnquiry.validate(fields).orThrow()
        let id = try await RequestStore.logAdvice(e, by: try req.requireSignedIn(), at: req.now, on: req.sql)
        return try created(id, at: "/api/v1/early-help/advice")
    }

    struct CaseloadPlan: Encodable { var plan: PlanStore.PlanRow; var reviewStatus: String }
    struct Caseload: Encodable {
        var plans: [CaseloadPlan]
        var requests: [SupportRequest]
        var panels: [PanelStore.PanelRow]
        /// Open plans per lead professional in the reader's teams.
        var team: [PlanStore.TeamLoad]
    }

    /// The reader's early help caseload: plans they lead or belong to, requests they made and
    /// panels they sit on; and their teams' plans per lead professional.
    static func caseload(_ req: Request) async throws -> Response {
        try await req.authorize(.read, Resource(.worklist))
        _ = try req.queryParameters(allowed: [])
        let me = try req.requireSignedIn()
        let id = me.actor.practitionerId!
        let cadence = req.earlyHelp.planReviews
        return try json(Caseload(
            plans: try await PlanStore.caseload(id, on: req.sql).map { CaseloadPlan(plan: $0, reviewStatus: cadence.status(nextReview: $0.next, today: req.today).apiName) },
            requests: try await RequestStore.madeBy(id, on: req.sql).map { SupportRequest($0, settings: req.earlyHelp, now: req.now) },
            panels: try await PanelStore.memberOf(id, on: req.sql),
            team: try await PlanStore.teamCaseloads(teamIds: me.actor.teamIds, today: req.today, on: req.sql)))
    }
}
