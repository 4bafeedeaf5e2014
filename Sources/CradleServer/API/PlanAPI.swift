import Vapor
import CradleCore

/// `/api/v1`: team-around-the-family plans. The plan's team and the front door read one; the
/// lead professional and the front door add goals, actions and reviews and close it.
enum PlanAPI {
    struct Plan: Encodable {
        var plan: PlanStore.PlanRow
        var members: [PlanStore.MemberRow]
        var goals: [PlanStore.GoalRow]
        var actions: [PlanStore.ActionRow]
        var reviews: [PlanStore.ReviewRow]
        /// scheduled, dueSoon or overdue: the next review against the plan's cadence.
        var reviewStatus: String
    }

    static func show(_ req: Request) async throws -> Response {
        let id = try req.id()
        try await req.authorize(.read, Resource(.familyPlan, itemId: id))
        return try await answer(req, id)
    }

    static func answer(_ req: Request, _ id: Int64) async throws -> Response {
        guard let p = try await PlanStore.find(id, on: req.sql) else { throw Abort(.notFound, reason: "No plan \(id)") }
        let plan = Plan(plan: p, members: try await PlanStore.members(id, on: req.sql), goals: try await PlanStore.goals(id, on: req.sql),
                        actions: try await PlanStore.actions(id, on: req.sql), reviews: try await PlanStore.reviews(id, on: req.sql),
                        reviewStatus: req.earlyHelp.planReviews.status(nextReview: p.next, today: req.today).apiName)
        return try json(plan).tagged(p.version)
    }

    /// A change to an open plan by its lead professional or the front door; answers the plan.
    static func change(_ req: Request, _ input: APIInput?, _ save: (PlanStore.PlanRow, [String: String], SignedIn) async throws -> Void) async throws -> Response {
        let id = try req.id()
        let fields = try input.map { try req.jsonFields(as: $0) } ?? [:]
        try await req.authorize(.update, Resource(.familyPlan, itemId: id))
        guard let plan = try await PlanStore.find(id, on: req.sql) else { throw Abort(.notFound, reason: "No plan \(id)") }
        guard plan.isOpen else { throw InvalidInput("status", "This plan was closed on \(plan.closedOn ?? ""); open a new one to start again") }
        try await save(plan, fields, try req.requireSignedIn())
        return try await answer(req, id)
    }

    static func addGoal(_ req: Request) async throws -> Response {
        try await change(req, .planGoal) { plan, fields, _ in
            try await PlanStore.addGoal(planId: plan.id, try PlanGoal.validate(fields, today: req.today).orThrow(), on: req.sql)
        }
    }

    static func addAction(_ req: Request) async throws -> Response {
        try await change(req, .planAction) { plan, fields, _ in
            try await PlanStore.addAction(planId: plan.id, try PlanAction.validate(fields, today: req.today).orThrow(), on: req.sql)
        }
    }

    static func addMember(_ req: Request) async throws -> Response {
        try await change(req, .planMember) { plan, fields, _ in try await PlanController.addMember(req, plan, fields) }
    }

    static func completeAction(_ req: Request) async throws -> Response {
        let action = try req.id("action")
        return try await change(req, nil) { plan, _, _ in
            try await PlanStore.completeAction(planId: plan.id, actionId: action, today: req.today, on: req.sql)
        }
    }

    static func step(_ req: Request) async throws -> Response {
        try await change(req, .planStep) { plan, fields, me in try await PlanController.step(req, plan, fields, me) }
    }

    static func addReview(_ req: Request) async throws -> Response {
        try await change(req, .planReview) { plan, fields, me in
            try await PlanController.recordReview(req, plan, fields, me)
        }
    }

    static func close(_ req: Request) async throws -> Response {
        try await change(req, .planClosure) { plan, fields, _ in
            try await PlanController.close(req, plan, fields)
        }
    }
}

extension PlanReviewStatus {
    var apiName: String {
        switch self {
        case .scheduled: "scheduled"
        case .dueSoon: "dueSoon"
        case .overdue: "overdue"
        }
    }
}
