import Vapor
import CradleCore

/// `/api/v1`: a family's early help in one place (level of need with its history, requests,
/// plans, programme offers and FNP eligibility), opening a plan without a panel, and offering
/// programmes, through the same policy as the family's early help page.
enum FamilyEarlyHelpAPI {
    struct FNP: Encodable { var eligible: Bool; var reasons: [String] }
    struct FamilyEarlyHelp: Encodable {
        var familyId: Int64, name: String
        var levels: [RequestStore.LevelRow]
        var requests: [EarlyHelpAPI.SupportRequest]
        var plans: [PlanStore.PlanRow]
        var offers: [ProgrammeStore.OfferRow]
        /// Family Nurse Partnership eligibility, when a pregnancy is recorded.
        var fnp: FNP?
    }

    static func show(_ req: Request) async throws -> Response {
        let id = try req.id()
        try await req.authorize(.read, Resource(.earlyHelpFamily, familyId: id))
        guard let family = try await PersonStore.family(id, on: req.sql) else { throw Abort(.notFound, reason: "No family \(id)") }
        let members = try await PersonStore.members(ofFamily: id, on: req.sql)
        return try json(FamilyEarlyHelp(
            familyId: id, name: family.name, levels: try await RequestStore.levels(familyId: id, on: req.sql),
            requests: try await RequestStore.forFamily(id, on: req.sql).map { EarlyHelpAPI.SupportRequest($0, settings: req.earlyHelp, now: req.now) },
            plans: try await PlanStore.forFamily(id, on: req.sql), offers: try await ProgrammeStore.offers(familyId: id, on: req.sql),
            fnp: FamilyEarlyHelpController.fnpCheck(members, today: req.today).map { FNP(eligible: $0.eligible, reasons: $0.reasons) }))
    }

    /// A team around the family with its lead professional, without a panel (the front door).
    static func openPlan(_ req: Request) async throws -> Response {
        let id = try req.id()
        let fields = try req.jsonFields(as: .openPlan)
        try await req.authorize(.create, Resource(.familyPlan, familyId: id))
        let plan = try await FamilyEarlyHelpController.openPlan(req, family: id, fields)
        return try created(plan, at: "/api/v1/plans/\(plan)")
    }

    static func offer(_ req: Request) async throws -> Response {
        let id = try req.id()
        let fields = try req.jsonFields(as: .programmeOffer)
        try await req.authorize(.update, Resource(.earlyHelpFamily, familyId: id))
        guard try await PersonStore.family(id, on: req.sql) != nil else { throw Abort(.notFound, reason: "No family \(id)") }
        let offer = try await FamilyEarlyHelpController.offer(req, family: id, fields)
        return try created(offer, at: "/api/v1/families/\(id)/early-help")
    }

    /// Moves an offer on (enrolled, declined, completed with its outcome measure, left early),
    /// at the version read.
    static func moveOffer(_ req: Request) async throws -> Response {
        let id = try req.id(), offerId = try req.id("offer")
        let fields = try req.jsonFields(as: .offerMove)
        try await req.authorize(.update, Resource(.earlyHelpFamily, familyId: id))
        let move = try OfferMove.validate(fields).orThrow()
        try await ProgrammeStore.move(offerId: offerId, familyId: id, move, version: try req.version(in: fields), today: req.today, on: req.sql)
        return try json(try await ProgrammeStore.offers(familyId: id, on: req.sql).first { $0.id == offerId }!)
    }

    /// The programme catalogue, for any practitioner.
    static func catalogue(_ req: Request) async throws -> Response {
        try await req.authorize(.read, Resource(.directory))
        _ = try req.queryParameters(allowed: [])
        return try json(Programme.catalogue)
    }
}
