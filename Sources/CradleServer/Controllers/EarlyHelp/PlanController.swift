import Vapor
import CradleCore

/// A team-around-the-family plan. Its team and the front door read it; the lead professional
/// and the front door change it.
enum PlanController {
    static func show(_ req: Request) async throws -> Response {
        let id = try req.id()
        let decision = try await req.authorize(.read, Resource(.familyPlan, itemId: id))
        return .html(try await render(req, id, FormState(), why: decision.reason))
    }

    static func render(_ req: Request, _ id: Int64, _ form: FormState, why: String) async throws -> String {
        guard let plan = try await PlanStore.find(id, on: req.sql) else { throw Abort(.notFound) }
        let mayEdit = req.may(.update, Resource(.familyPlan, itemId: id)) && plan.isOpen
        return PlanViews.plan(plan, members: try await PlanStore.members(id, on: req.sql), goals: try await PlanStore.goals(id, on: req.sql),
                              actions: try await PlanStore.actions(id, on: req.sql), reviews: try await PlanStore.reviews(id, on: req.sql),
                              levels: try await RequestStore.levels(familyId: plan.familyId, on: req.sql),
                              practitioners: mayEdit ? try await Directory.practitioners(on: req.sql) : [],
                              reviewStatus: req.earlyHelp.planReviews.status(nextReview: plan.next, today: req.today),
                              settings: req.earlyHelp, mayEdit: mayEdit,
                              mayOpenFamilyHelp: try await req.wouldAllow(.read, Resource(.earlyHelpFamily, familyId: plan.familyId)), form: form, why: why, today: req.today,
                              layout: req.layout("Team around the family", active: "early-help"))
    }

    /// A change to an open plan by its lead professional or the front door.
    static func change(_ req: Request, multiValue: Bool = false, saved: String, _ save: @escaping (PlanStore.PlanRow, [String: String], SignedIn) async throws -> String) async throws -> Response {
        let id = try req.id()
        let decision = try await req.authorize(.update, Resource(.familyPlan, itemId: id))
        guard let plan = try await PlanStore.find(id, on: req.sql) else { throw Abort(.notFound) }
        let fields = multiValue ? try GovernanceController.multiValueFields(req) : try req.formFields()
        let me = try req.requireSignedIn()
        // The form sent is the path's last part ("goals", "actions"…): only it shows what was typed.
        let sent = req.url.path.split(separator: "/").last.map(String.init)
        return try await handleForm(req, fields: fields, saved: saved, form: sent, render: { try await render(req, id, $0, why: decision.reason) }) {
            guard plan.isOpen else {
                throw InvalidInput("status", "This plan was closed on \(Format.day(plan.closedOn)); open a new one to start again")
            }
            return try await save(plan, fields, me)
        }
    }

    static func addMember(_ req: Request) async throws -> Response {
        try await change(req, saved: "Member added") { plan, fields, _ in
            try await addMember(req, plan, fields)
            return "/plans/\(plan.id)#members"
        }
    }

    /// A practitioner (named from the directory) or a family member joins the plan's team.
    static func addMember(_ req: Request, _ plan: PlanStore.PlanRow, _ fields: [String: String]) async throws {
        var f = FieldReader(fields)
        let kind = f.choice("kind", label: "Member", as: PlanMemberKind.self)
        let practitioner = f.identifier("practitionerId", label: "Practitioner", required: kind == .practitioner)
        var name = f.text("name", label: "Name", required: kind == .family, max: 100)
        let role = f.text("role", label: "Role in the team", max: 100)
        guard f.errors.isEmpty, let kind, let role else { throw InvalidInput(errors: f.errors) }
        if kind == .practitioner, let p = practitioner {
            try await InvolvementStore.requirePractitioner(p, on: req.sql, field: "practitionerId")
            name = try await Directory.practitionerNames(ids: [p], on: req.sql)[p]
        }
        try await PlanStore.addMember(planId: plan.id, kind: kind, practitionerId: kind == .practitioner ? practitioner : nil,
                                      name: name ?? "", role: role, on: req.sql)
    }

    static func addGoal(_ req: Request) async throws -> Response {
        try await change(req, saved: "Goal added") { plan, fields, _ in
            try await PlanStore.addGoal(planId: plan.id, try PlanGoal.validate(fields, today: req.today).orThrow(), on: req.sql)
            return "/plans/\(plan.id)#goals"
        }
    }

    static func addAction(_ req: Request) async throws -> Response {
        try await change(req, saved: "Action added") { plan, fields, _ in
            try await PlanStore.addAction(planId: plan.id, try PlanAction.validate(fields, today: req.today).orThrow(), on: req.sql)
            return "/plans/\(plan.id)#actions"
        }
    }

    static func completeAction(_ req: Request) async throws -> Response {
        let actionId = try req.id("action")
        return try await change(req, saved: "Action marked done") { plan, _, _ in
            try await PlanStore.completeAction(planId: plan.id, actionId: actionId, today: req.today, on: req.sql)
            return "/plans/\(plan.id)#actions"
        }
    }

    static func addReview(_ req: Request) async throws -> Response {
        try await change(req, saved: "Review recorded") { plan, fields, me in
            try await recordReview(req, plan, fields, me)
            return "/plans/\(plan.id)#reviews"
        }
    }

    /// A review held since the last one (or the plan's start), with the next one inside the cadence.
    static func recordReview(_ req: Request, _ plan: PlanStore.PlanRow, _ fields: [String: String], _ me: SignedIn) async throws {
        let last = try await PlanStore.reviews(plan.id, on: req.sql).first.flatMap { try? Day($0.heldOn) } ?? (try Day(plan.startedOn))
        let review = try PlanReviewInput.validate(fields, today: req.today, since: last, cadence: req.earlyHelp.planReviews,
                                                  continuum: req.earlyHelp.continuum).orThrow()
        try await PlanStore.addReview(plan, review, by: me, now: req.now, on: req.db)
    }

    /// Step up or down the continuum: the new level, and why.
    static func step(_ req: Request) async throws -> Response {
        try await change(req, saved: "Level of need changed") { plan, fields, me in
            try await step(req, plan, fields, me)
            return "/plans/\(plan.id)#levels"
        }
    }

    /// The family's new level of need on the continuum (not the one they are at), and why.
    static func step(_ req: Request, _ plan: PlanStore.PlanRow, _ fields: [String: String], _ me: SignedIn) async throws {
        let c = req.earlyHelp.continuum
        var f = FieldReader(fields)
        let level = f.integer("stepLevel", label: "New level of need", range: 1...max(1, c.levels.count), required: true)
        let reason = f.text("stepReason", label: "Reason", max: 1000)
        let current = try await RequestStore.levels(familyId: plan.familyId, on: req.sql).first?.level
        if let level, level == current { f.errors.add("stepLevel", "The family is already at \(c.label(level))") }
        guard f.errors.isEmpty, let level, let reason else { throw InvalidInput(errors: f.errors) }
        let direction = (current ?? level) < level ? "Stepped up" : "Stepped down"
        try await PlanStore.step(plan, to: level, reason: "\(direction): \(reason)", by: me, now: req.now, on: req.sql)
    }

    static func close(_ req: Request) async throws -> Response {
        try await change(req, saved: "Plan closed") { plan, fields, _ in
            try await close(req, plan, fields)
            return "/plans/\(plan.id)"
        }
    }

    /// Closes the plan at the version the closer read, with its outcome and a summary.
    static func close(_ req: Request, _ plan: PlanStore.PlanRow, _ fields: [String: String]) async throws {
        var f = FieldReader(fields)
        let closure = f.choice("closure", label: "Outcome", as: PlanClosure.self)
        let note = f.text("closureNote", label: "Closing summary", max: 4000)
        guard f.errors.isEmpty, let closure, let note else { throw InvalidInput(errors: f.errors) }
        try await PlanStore.close(plan, version: try req.version(in: fields), closure: closure, note: note, today: req.today, on: req.sql)
    }
}
