import Vapor
import SQLKit
import Fluent
import CradleCore

/// Team-around-the-family plans: lead professional, members (the family always among them),
/// SMART goals, actions, reviews every 6–12 weeks, step up and down, and closure.
enum PlanStore {
    struct PlanRow: Codable, Sendable {
        var id: Int64
        var familyId: Int64
        var familyName: String
        var requestId: Int64?
        var leadId: Int64
        var leadName: String
        var status: String
        var startedOn: String
        var nextReview: String
        var closedOn: String?
        var closure: String?
        var closureNote: String?
        var version: Int

        var isOpen: Bool { status == PlanStatus.open.rawValue }
        var next: Day { (try? Day(nextReview)) ?? Day(ordinal: 0) }
    }

    struct MemberRow: Codable, Sendable {
        var id: Int64
        var kind: String
        var practitionerId: Int64?
        var name: String
        var role: String
    }

    struct GoalRow: Codable, Sendable {
        var id: Int64
        var goal: String
        var measure: String
        var concern: String
        var owner: String
        var targetDate: String
    }

    struct ActionRow: Codable, Sendable {
        var id: Int64
        var action: String
        var owner: String
        var dueDate: String
        var doneOn: String?
    }

    struct ReviewRow: Codable, Sendable {
        var id: Int64
        var heldOn: String
        var progress: String
        var familyView: String
        var level: Int
        var nextReview: String
        var recordedByName: String?
    }

    static let columns: SQLQueryString = """
        SELECT p.id, p.family_id, f.name AS family_name, p.request_id, p.lead_id, l.display_name AS lead_name, p.status,
               p.started_on, p.next_review, p.closed_on, p.closure, p.closure_note, p.version
        FROM plans p JOIN families f ON f.id = p.family_id JOIN practitioners l ON l.id = p.lead_id
        """

    static func find(_ id: Int64, on db: any SQLDatabase) async throws -> PlanRow? {
        try await db.raw(columns + " WHERE p.id = \(bind: id)").first(decoding: PlanRow.self, with: rowDecoder)
    }

    static func forFamily(_ familyId: Int64, on db: any SQLDatabase) async throws -> [PlanRow] {
        try await db.raw(columns + " WHERE p.family_id = \(bind: familyId) ORDER BY p.status = 'open' DESC, p.started_on DESC")
            .all(decoding: PlanRow.self, with: rowDecoder)
    }

    /// Open plans a practitioner leads or is a member of, the next review first.
    static func caseload(_ practitionerId: Int64, on db: any SQLDatabase) async throws -> [PlanRow] {
        try await db.raw(columns + """
             WHERE p.status = 'open' AND (p.lead_id = \(bind: practitionerId)
                OR p.id IN (SELECT plan_id FROM plan_members WHERE practitioner_id = \(bind: practitionerId)))
             ORDER BY p.next_review
            """).all(decoding: PlanRow.self, with: rowDecoder)
    }

    struct TeamLoad: Codable, Sendable {
        var practitionerId: Int64
        var displayName: String
        var profession: String
        var plans: Int
        var overdue: Int
    }

    /// Open plans led by each member of the given teams, with how many are overdue a review.
    static func teamCaseloads(teamIds: [Int64], today: Day, on db: any SQLDatabase) async throws -> [TeamLoad] {
        guard !teamIds.isEmpty else { return [] }
        let teams = SQLList(teamIds.map { SQLBind($0) })
        return try await db.raw("""
            SELECT pr.id AS practitioner_id, pr.display_name, pr.profession,
                   COUNT(p.id) AS plans, COALESCE(SUM(CASE WHEN p.next_review < \(bind: today.iso) THEN 1 ELSE 0 END), 0) AS overdue
            FROM practitioners pr
            LEFT JOIN plans p ON p.lead_id = pr.id AND p.status = 'open'
            WHERE pr.id IN (SELECT practitioner_id FROM team_memberships WHERE team_id IN \(SQLGroupExpression(teams)))
            GROUP BY pr.id, pr.display_name, pr.profession
            ORDER BY COUNT(p.id) DESC, pr.display_name
            """).all(decoding: TeamLoad.self, with: rowDecoder)
    }

    /// The actor's part in a plan (or in any open plan of a family), for the policy.
    static func role(of practitionerId: Int64, planId: Int64?, familyId: Int64?, on db: any SQLDatabase) async throws -> EarlyHelpFacts.PlanRole? {
        struct Row: Decodable { var lead: Int; var member: Int }
        let plans: SQLQueryString = planId != nil ? "SELECT id, lead_id FROM plans WHERE id = \(bind: planId!)"
            : "SELECT id, lead_id FROM plans WHERE family_id = \(bind: familyId ?? -1) AND status = 'open'"
        let r = try await db.raw("""
            SELECT (SELECT COUNT(*) FROM (\(plans)) p WHERE p.lead_id = \(bind: practitionerId)) AS lead,
                   (SELECT COUNT(*) FROM plan_members m WHERE m.practitioner_id = \(bind: practitionerId)
                      AND m.plan_id IN (SELECT id FROM (\(plans)) q)) AS member
            """).first(decoding: Row.self, with: rowDecoder)
        if r?.lead ?? 0 > 0 { return .lead }
        if r?.member ?? 0 > 0 { return .member }
        return nil
    }

    /// Opens a family's plan with its lead professional and the family's parents and carers as
    /// members; its first review falls at the longest interval the cadence allows.
    static func open(familyId: Int64, requestId: Int64?, lead: Int64, today: Day, cadence: ReviewCadence,
                     on db: any SQLDatabase) async throws -> Int64 {
        if let existing = try await db.raw("SELECT id FROM plans WHERE family_id = \(bind: familyId) AND status = 'open'")
            .first(decodingColumn: "id", as: Int64.self) {
            throw InvalidInput("leadId", "This family already has an open plan (plan \(existing)); one family, one plan")
        }
        let id = try await db.insert(into: "plans")
            .columns("family_id", "request_id", "lead_id", "status", "started_on", "next_review", "version")
            .values(SQLBind(familyId), SQLBind(requestId), SQLBind(lead), SQLBind(PlanStatus.open.rawValue), SQLBind(today.iso),
                    SQLBind((today + cadence.maximumWeeks * 7).iso), SQLBind(1))
            .returning("id").first(decodingColumn: "id", as: Int64.self)!
        let leadName = try await Directory.practitionerNames(ids: [lead], on: db)[lead] ?? "Lead professional"
        try await addMember(planId: id, kind: .practitioner, practitionerId: lead, name: leadName, role: "Lead professional", on: db)
        for adult in try await PersonStore.members(ofFamily: familyId, on: db) where adult.kind == PersonKind.adult.rawValue {
            try await addMember(planId: id, kind: .family, practitionerId: nil, name: adult.fullName,
                                role: Relationship(rawValue: adult.relationship)?.label ?? adult.relationship, on: db)
        }
        return id
    }

    static func addMember(planId: Int64, kind: PlanMemberKind, practitionerId: Int64?, name: String, role: String, on db: any SQLDatabase) async throws {
        try await db.insert(into: "plan_members").columns("plan_id", "kind", "practitioner_id", "name", "role")
            .values(SQLBind(planId), SQLBind(kind.rawValue), SQLBind(practitionerId), SQLBind(name), SQLBind(role)).run()
    }

    static func members(_ planId: Int64, on db: any SQLDatabase) async throws -> [MemberRow] {
        try await db.raw("SELECT id, kind, practitioner_id, name, role FROM plan_members WHERE plan_id = \(bind: planId) ORDER BY kind DESC, id")
            .all(decoding: MemberRow.self, with: rowDecoder)
    }

    static func goals(_ planId: Int64, on db: any SQLDatabase) async throws -> [GoalRow] {
        try await db.raw("SELECT id, goal, measure, concern, owner, target_date FROM plan_goals WHERE plan_id = \(bind: planId) ORDER BY id")
            .all(decoding: GoalRow.self, with: rowDecoder)
    }

    static func actions(_ planId: Int64, on db: any SQLDatabase) async throws -> [ActionRow] {
        try await db.raw("SELECT id, action, owner, due_date, done_on FROM plan_actions WHERE plan_id = \(bind: planId) ORDER BY done_on IS NOT NULL, due_date, id")
            .all(decoding: ActionRow.self, with: rowDecoder)
    }

    static func reviews(_ planId: Int64, on db: any SQLDatabase) async throws -> [ReviewRow] {
        try await db.raw("""
            SELECT r.id, r.held_on, r.progress, r.family_view, r.level, r.next_review, p.display_name AS recorded_by_name
            FROM plan_reviews r LEFT JOIN practitioners p ON p.id = r.recorded_by WHERE r.plan_id = \(bind: planId) ORDER BY r.held_on DESC, r.id DESC
            """).all(decoding: ReviewRow.self, with: rowDecoder)
    }

    static func addGoal(planId: Int64, _ g: PlanGoal, on db: any SQLDatabase) async throws {
        try await db.insert(into: "plan_goals").columns("plan_id", "goal", "measure", "concern", "owner", "target_date")
            .values(SQLBind(planId), SQLBind(g.goal), SQLBind(g.measure), SQLBind(g.concern.rawValue), SQLBind(g.owner), SQLBind(g.targetDate.iso)).run()
    }

    static func addAction(planId: Int64, _ a: PlanAction, on db: any SQLDatabase) async throws {
        try await db.insert(into: "plan_actions").columns("plan_id", "action", "owner", "due_date")
            .values(SQLBind(planId), SQLBind(a.action), SQLBind(a.owner), SQLBind(a.dueDate.iso)).run()
    }

    static func completeAction(planId: Int64, actionId: Int64, today: Day, on db: any SQLDatabase) async throws {
        let done = try await db.raw("""
            UPDATE plan_actions SET done_on = \(bind: today.iso) WHERE id = \(bind: actionId) AND plan_id = \(bind: planId) AND done_on IS NULL RETURNING id
            """).first(decodingColumn: "id", as: Int64.self)
        if done == nil { throw Abort(.notFound, reason: "No open action \(actionId) on this plan") }
    }

    /// A review: recorded, the next review date set, the level of need into the family's history.
    static func addReview(_ plan: PlanRow, _ r: PlanReviewInput, by: SignedIn, now: LocalTime, on database: any Database) async throws {
        try await database.writeTransaction { tx in
            try await tx.insert(into: "plan_reviews").columns("plan_id", "held_on", "progress", "family_view", "level", "next_review", "recorded_by")
                .values(SQLBind(plan.id), SQLBind(r.heldOn.iso), SQLBind(r.progress), SQLBind(r.familyView), SQLBind(r.level),
                        SQLBind(r.nextReview.iso), SQLBind(by.actor.practitionerId!)).run()
            try await tx.raw("UPDATE plans SET next_review = \(bind: r.nextReview.iso), version = version + 1 WHERE id = \(bind: plan.id)").run()
            try await RequestStore.setLevel(r.level, familyId: plan.familyId, reason: "Plan review on \(r.heldOn.display)", by: by, at: now, on: tx)
        }
    }

    /// Step up or down the continuum while the plan continues; the level history says why.
    static func step(_ plan: PlanRow, to level: Int, reason: String, by: SignedIn, now: LocalTime, on db: any SQLDatabase) async throws {
        try await RequestStore.setLevel(level, familyId: plan.familyId, reason: reason, by: by, at: now, on: db)
    }

    static func close(_ plan: PlanRow, version: Int, closure: PlanClosure, note: String, today: Day, on db: any SQLDatabase) async throws {
        let closed = try await db.raw("""
            UPDATE plans SET status = 'closed', closed_on = \(bind: today.iso), closure = \(bind: closure.rawValue),
                closure_note = \(bind: note), version = version + 1
            WHERE id = \(bind: plan.id) AND version = \(bind: version) AND status = 'open' RETURNING id
            """).first(decodingColumn: "id", as: Int64.self)
        if closed == nil { throw EditConflict(what: "plan") }
        if let request = plan.requestId {
            try await RequestStore.setStatus(request, closure == .steppedUp ? .steppedUp : .closed, on: db)
        }
    }
}
