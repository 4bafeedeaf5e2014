import Vapor
import CradleCore

/// A family's early help in one place: level of need with history, requests, plans and
/// programme offers; and the programme catalogue.
enum FamilyEarlyHelpController {
    static func page(_ req: Request) async throws -> Response {
        let id = try req.id()
        let decision = try await req.authorize(.read, Resource(.earlyHelpFamily, familyId: id))
        return .html(try await render(req, id, FormState(), why: decision.reason))
    }

    static func render(_ req: Request, _ id: Int64, _ form: FormState, why: String) async throws -> String {
        guard let family = try await PersonStore.family(id, on: req.sql) else { throw Abort(.notFound) }
        let members = try await PersonStore.members(ofFamily: id, on: req.sql)
        let mayOpenPlan = req.may(.create, Resource(.familyPlan, familyId: id))
        return FamilyEarlyHelpView.render(family: family, members: members, levels: try await RequestStore.levels(familyId: id, on: req.sql),
                                          requests: try await RequestStore.forFamily(id, on: req.sql),
                                          plans: try await PlanStore.forFamily(id, on: req.sql),
                                          offers: try await ProgrammeStore.offers(familyId: id, on: req.sql),
                                          fnp: fnpCheck(members, today: req.today),
                                          practitioners: mayOpenPlan ? try await Directory.practitioners(on: req.sql) : [],
                                          continuum: req.earlyHelp.continuum,
                                          // The family's own facts, read for this page, decide its family page too.
                                          mayOpenFamily: req.may(.read, Resource(.family, familyId: id)),
                                          mayOffer: req.may(.update, Resource(.earlyHelpFamily, familyId: id)),
                                          form: form, why: why, today: req.today,
                                          layout: req.layout("Early help: \(family.name)", active: "early-help"))
    }

    /// FNP eligibility for the family's expecting mother, if there is an unborn child.
    static func fnpCheck(_ members: [PersonRow], today: Day) -> FNPEligibility? {
        guard let unborn = members.first(where: { $0.isUnborn }) else { return nil }
        let mother = members.first { $0.relationship == Relationship.mother.rawValue }
        let born = members.filter { $0.kind == PersonKind.child.rawValue && !$0.isUnborn }
        return FNPEligibility.check(motherBorn: mother?.born, expectedDelivery: unborn.due, firstTimeMother: born.isEmpty, enrolOn: today)
    }

    static func offer(_ req: Request) async throws -> Response {
        let id = try req.id()
        let decision = try await req.authorize(.update, Resource(.earlyHelpFamily, familyId: id))
        let fields = try req.formFields()
        return try await handleForm(req, fields: fields, saved: "Programme offer recorded", render: { try await render(req, id, $0, why: decision.reason) }) {
            try await offer(req, family: id, fields)
            return "/families/\(id)/early-help#programmes"
        }
    }

    /// Offers a programme from the catalogue; FNP outside its criteria only with a reason.
    @discardableResult
    static func offer(_ req: Request, family id: Int64, _ fields: [String: String]) async throws -> Int64 {
        let members = try await PersonStore.members(ofFamily: id, on: req.sql)
        let offer = try ProgrammeOffer.validate(fields, fnp: fnpCheck(members, today: req.today)).orThrow()
        return try await ProgrammeStore.offer(familyId: id, offer, by: try req.requireSignedIn(), today: req.today, on: req.sql)
    }

    static func moveOffer(_ req: Request) async throws -> Response {
        let id = try req.id(), offerId = try req.id("offer")
        let decision = try await req.authorize(.update, Resource(.earlyHelpFamily, familyId: id))
        let fields = try req.formFields()
        return try await handleForm(req, fields: fields, saved: "Offer updated", render: { try await render(req, id, $0, why: decision.reason) }) {
            let move = try OfferMove.validate(fields).orThrow()
            try await ProgrammeStore.move(offerId: offerId, familyId: id, move, version: try req.version(in: fields), today: req.today, on: req.sql)
            return "/families/\(id)/early-help#programmes"
        }
    }

    /// Opens a team around the family directly (the front door, without a panel).
    static func openPlan(_ req: Request) async throws -> Response {
        let id = try req.id()
        let decision = try await req.authorize(.create, Resource(.familyPlan, familyId: id))
        let fields = try req.formFields()
        return try await handleForm(req, fields: fields, saved: "Team around the family opened", render: { try await render(req, id, $0, why: decision.reason) }) {
            "/plans/\(try await openPlan(req, family: id, fields))"
        }
    }

    /// A plan for family `family` with the lead professional the fields name.
    static func openPlan(_ req: Request, family id: Int64, _ fields: [String: String]) async throws -> Int64 {
        var f = FieldReader(fields)
        let lead = f.identifier("leadId", label: "Lead professional")
        guard f.errors.isEmpty, let lead else { throw InvalidInput(errors: f.errors) }
        try await InvolvementStore.requirePractitioner(lead, on: req.sql, field: "leadId")
        guard try await PersonStore.family(id, on: req.sql) != nil else { throw Abort(.notFound, reason: "No family \(id)") }
        return try await req.db.writeTransaction { tx in
            try await PlanStore.open(familyId: id, requestId: nil, lead: lead, today: req.today, cadence: req.earlyHelp.planReviews, on: tx)
        }
    }

    static func catalogue(_ req: Request) async throws -> Response {
        try await req.authorize(.read, Resource(.directory))
        return .html(FamilyEarlyHelpView.catalogue(frontDoor: req.may(.read, Resource(.frontDoor)), layout: req.layout("Programmes", active: "early-help")))
    }
}
