import Vapor
import SQLKit
import Fluent
import CradleCore

/// Multi-agency panels: schedule, members and attendance, the agenda of families, and per
/// family the discussion, decision and actions.
enum PanelStore {
    struct PanelRow: Codable, Sendable {
        var id: Int64
        var name: String
        var meetsAt: String
        var place: String
        var families: Int?
    }

    struct MemberRow: Codable, Sendable {
        var practitionerId: Int64
        var displayName: String
        var profession: String
        var organisationName: String
        var attended: Bool?
    }

    struct ItemRow: Codable, Sendable {
        var id: Int64
        var panelId: Int64
        var familyId: Int64
        var familyName: String
        var personId: Int64?
        var requestId: Int64?
        var source: String
        var reason: String
        var discussion: String?
        var decision: String?
        var level: Int?
        var leadName: String?
        var serviceName: String?
        var planId: Int64?
    }

    struct ActionRow: Codable, Sendable {
        var id: Int64
        var itemId: Int64
        var action: String
        var owner: String
        var dueDate: String
    }

    /// What the panel form records.
    struct PanelInput: Sendable {
        var name: String
        var meetsAt: LocalTime
        var place: String
        var members: [Int64]

        static func validate(_ fields: [String: String], now: LocalTime) -> Result<PanelInput, FieldErrors> {
            var f = FieldReader(fields)
            let name = f.text("name", label: "Panel name", max: 200)
            let place = f.text("place", label: "Where it meets", max: 200)
            var when: LocalTime? = nil
            if let raw = f.text("meetsAt", label: "Date and time", max: 40) {
                when = LocalTime(raw)
                if when == nil { f.errors.add("meetsAt", "Date and time must look like 2026-12-03T10:00") }
            }
            let members = f.list("members").compactMap { Int64($0) }
            if members.isEmpty { f.errors.add("members", "Choose the panel's members") }
            guard f.errors.isEmpty, let name, let place, let when else { return .failure(f.errors) }
            return .success(PanelInput(name: name, meetsAt: when, place: place, members: members))
        }
    }

    static func create(_ input: PanelInput, by: SignedIn, on database: any Database) async throws -> Int64 {
        for m in input.members { try await InvolvementStore.requirePractitioner(m, on: database.sql, field: "members") }
        return try await database.writeTransaction { tx in
            let id = try await tx.insert(into: "panels").columns("name", "meets_at", "place", "created_by")
                .values(SQLBind(input.name), SQLBind(input.meetsAt.iso), SQLBind(input.place), SQLBind(by.actor.practitionerId!))
                .returning("id").first(decodingColumn: "id", as: Int64.self)!
            for m in Set(input.members).sorted() {
                try await tx.insert(into: "panel_members").columns("panel_id", "practitioner_id").values(SQLBind(id), SQLBind(m)).run()
            }
            return id
        }
    }

    static let panelColumns: SQLQueryString = """
        SELECT p.id, p.name, p.meets_at, p.place, (SELECT COUNT(*) FROM panel_items i WHERE i.panel_id = p.id) AS families FROM panels p
        """

    /// The page's 200 latest meetings; over the API, a page of all, newest first (`page`).
    static func all(page: APIPage? = nil, on db: any SQLDatabase) async throws -> [PanelRow] {
        try await db.raw(panelColumns + (page?.byId("p.id", filtered: false) ?? " ORDER BY p.meets_at DESC LIMIT 200"))
            .all(decoding: PanelRow.self, with: rowDecoder)
    }

    /// Panels a practitioner sits on.
    static func memberOf(_ practitionerId: Int64, on db: any SQLDatabase) async throws -> [PanelRow] {
        try await db.raw(panelColumns + """
             JOIN panel_members m ON m.panel_id = p.id WHERE m.practitioner_id = \(bind: practitionerId) ORDER BY p.meets_at DESC LIMIT 50
            """).all(decoding: PanelRow.self, with: rowDecoder)
    }

    static func find(_ id: Int64, on db: any SQLDatabase) async throws -> PanelRow? {
        try await db.raw("SELECT id, name, meets_at, place, NULL AS families FROM panels WHERE id = \(bind: id)")
            .first(decoding: PanelRow.self, with: rowDecoder)
    }

    static func members(_ panelId: Int64, on db: any SQLDatabase) async throws -> [MemberRow] {
        try await db.raw("""
            SELECT m.practitioner_id, p.display_name, p.profession, o.name AS organisation_name, m.attended
            FROM panel_members m JOIN practitioners p ON p.id = m.practitioner_id JOIN organisations o ON o.id = p.organisation_id
            WHERE m.panel_id = \(bind: panelId) ORDER BY p.display_name
            """).all(decoding: MemberRow.self, with: rowDecoder)
    }

    static let itemColumns: SQLQueryString = """
        SELECT i.id, i.panel_id, i.family_id, f.name AS family_name, i.person_id, i.request_id, i.source, i.reason, i.discussion,
               i.decision, i.level, l.display_name AS lead_name, s.name AS service_name, i.plan_id
        FROM panel_items i JOIN families f ON f.id = i.family_id
        LEFT JOIN practitioners l ON l.id = i.lead_id LEFT JOIN services s ON s.id = i.service_id
        """

    static func items(_ panelId: Int64, on db: any SQLDatabase) async throws -> [ItemRow] {
        try await db.raw(itemColumns + " WHERE i.panel_id = \(bind: panelId) ORDER BY i.id").all(decoding: ItemRow.self, with: rowDecoder)
    }

    static func item(_ id: Int64, on db: any SQLDatabase) async throws -> ItemRow? {
        try await db.raw(itemColumns + " WHERE i.id = \(bind: id)").first(decoding: ItemRow.self, with: rowDecoder)
    }

    static func actions(_ panelId: Int64, on db: any SQLDatabase) async throws -> [ActionRow] {
        try await db.raw("""
            SELECT a.id, a.item_id, a.action, a.owner, a.due_date FROM panel_actions a JOIN panel_items i ON i.id = a.item_id
            WHERE i.panel_id = \(bind: panelId) ORDER BY a.due_date, a.id
            """).all(decoding: ActionRow.self, with: rowDecoder)
    }

    /// Whether a practitioner sits on a panel, and whether a family is on its agenda: the
    /// facts the policy decides panel access on.
    static func membership(panelId: Int64, practitionerId: Int64, familyId: Int64?, on db: any SQLDatabase) async throws -> (member: Bool, onAgenda: Bool) {
        struct Row: Decodable { var member: Int; var onAgenda: Int }
        let r = try await db.raw("""
            SELECT (SELECT COUNT(*) FROM panel_members WHERE panel_id = \(bind: panelId) AND practitioner_id = \(bind: practitionerId)) AS member,
                   (SELECT COUNT(*) FROM panel_items WHERE panel_id = \(bind: panelId) AND family_id = \(bind: familyId ?? -1)) AS on_agenda
            """).first(decoding: Row.self, with: rowDecoder)
        return (r?.member ?? 0 > 0, r?.onAgenda ?? 0 > 0)
    }

    // MARK: The agenda

    /// A family the front door may put on an agenda, and why.
    struct Candidate: Codable, Sendable {
        var familyId: Int64
        var familyName: String
        var personId: Int64?
        var requestId: Int64?
        var source: String
        var reason: String
    }

    /// Families waiting for a panel: requests triaged to a panel and not yet on an agenda, and
    /// children whose 2-year review in the last six months recorded concerns.
    static func candidates(today: Day, on db: any SQLDatabase) async throws -> [Candidate] {
        struct Row: Decodable { var familyId: Int64; var familyName: String; var personId: Int64?; var requestId: Int64?; var concerns: String; var date: String? }
        let requests = try await db.raw("""
            SELECT r.family_id, f.name AS family_name, r.person_id, r.id AS request_id, r.concerns, NULL AS date
            FROM support_requests r JOIN families f ON f.id = r.family_id
            WHERE r.status = 'awaiting_panel'
              AND NOT EXISTS (SELECT 1 FROM panel_items i WHERE i.request_id = r.id AND i.decision IS NULL)
            ORDER BY r.triaged_at
            """).all(decoding: Row.self, with: rowDecoder)
        let reviews = try await db.raw("""
            SELECT p.family_id, f.name AS family_name, p.id AS person_id, NULL AS request_id, a.concerns, c.date
            FROM asq_results a JOIN contacts c ON c.id = a.contact_id JOIN people p ON p.id = a.person_id
            JOIN families f ON f.id = p.family_id
            WHERE a.concerns <> '' AND c.date >= \(bind: today.adding(months: -6).iso)
              AND NOT EXISTS (SELECT 1 FROM panel_items i WHERE i.family_id = p.family_id AND i.decision IS NULL)
              AND NOT EXISTS (SELECT 1 FROM plans pl WHERE pl.family_id = p.family_id AND pl.status = 'open')
            ORDER BY c.date DESC LIMIT 50
            """).all(decoding: Row.self, with: rowDecoder)
        func labels<V: Vocabulary>(_ raw: String, _ type: V.Type) -> String {
            raw.split(separator: ",").map { V(rawValue: String($0))?.label ?? String($0) }.joined(separator: "; ")
        }
        return requests.map { r in
            Candidate(familyId: r.familyId, familyName: r.familyName, personId: r.personId, requestId: r.requestId, source: AgendaSource.triage.rawValue,
                      reason: "Request \(r.requestId ?? 0): " + labels(r.concerns, SupportConcern.self))
        } + reviews.map { r in
            Candidate(familyId: r.familyId, familyName: r.familyName, personId: r.personId, requestId: nil, source: AgendaSource.twoYearReview.rawValue,
                      reason: "Concerns at the 2-year review on \(Format.day(r.date)): " + labels(r.concerns, Concern.self))
        }
    }

    static func addItem(panelId: Int64, familyId: Int64, personId: Int64?, requestId: Int64?, source: AgendaSource, reason: String,
                        on db: any SQLDatabase) async throws -> Int64 {
        guard try await PersonStore.family(familyId, on: db) != nil else {
            throw InvalidInput("familyId", "Family \(familyId) does not exist")
        }
        if let personId, try await PersonStore.person(personId, on: db)?.familyId != familyId {
            throw InvalidInput("personId", "Person \(personId) is not in family \(familyId)")
        }
        if let requestId, try await RequestStore.find(requestId, on: db)?.familyId != familyId {
            throw InvalidInput("requestId", "Request \(requestId) is not about family \(familyId)")
        }
        let already = try await db.raw("SELECT id FROM panel_items WHERE panel_id = \(bind: panelId) AND family_id = \(bind: familyId)")
            .first(decodingColumn: "id", as: Int64.self)
        if already != nil { throw InvalidInput("familyId", "This family is already on the agenda") }
        return try await db.insert(into: "panel_items").columns("panel_id", "family_id", "person_id", "request_id", "source", "reason")
            .values(SQLBind(panelId), SQLBind(familyId), SQLBind(personId), SQLBind(requestId), SQLBind(source.rawValue), SQLBind(reason))
            .returning("id").first(decodingColumn: "id", as: Int64.self)!
    }

    static func setAttendance(panelId: Int64, attended: Set<Int64>, on database: any Database) async throws {
        try await database.writeTransaction { tx in
            for m in try await members(panelId, on: tx) {
                try await tx.raw("""
                    UPDATE panel_members SET attended = \(bind: attended.contains(m.practitionerId))
                    WHERE panel_id = \(bind: panelId) AND practitioner_id = \(bind: m.practitionerId)
                    """).run()
            }
        }
    }

    /// Records the panel's decision on one family: the level into the family's history, the
    /// request moved on, and for a team around the family a plan with its lead professional
    /// (returned), or for an allocation the service's involvement. Decided once.
    static func decide(itemId: Int64, _ input: PanelDecisionInput, by: SignedIn, now: LocalTime, cadence: ReviewCadence,
                       on database: any Database) async throws -> Int64? {
        try await InvolvementStore.requirePractitioner(input.leadId, on: database.sql, field: "leadId")
        if let s = input.serviceId { try await InvolvementStore.requireService(s, on: database.sql) }
        return try await database.writeTransaction { tx in
            guard let item = try await item(itemId, on: tx) else { throw Abort(.notFound) }
            var planId: Int64? = nil
            if input.decision == .teamAroundTheFamily, let lead = input.leadId {
                planId = try await PlanStore.open(familyId: item.familyId, requestId: item.requestId, lead: lead, today: now.day,
                                                  cadence: cadence, on: tx)
            }
            let updated = try await tx.raw("""
                UPDATE panel_items SET discussion = \(bind: input.discussion), decision = \(bind: input.decision.rawValue),
                    level = \(bind: input.level), lead_id = \(bind: input.leadId), service_id = \(bind: input.serviceId),
                    plan_id = \(bind: planId), decided_by = \(bind: by.actor.practitionerId)
                WHERE id = \(bind: itemId) AND decision IS NULL RETURNING id
                """).first(decodingColumn: "id", as: Int64.self)
            if updated == nil { throw EditConflict(what: "panel decision") }
            try await RequestStore.setLevel(input.level, familyId: item.familyId, reason: "Panel: \(input.decision.label)", by: by, at: now, on: tx)
            if let request = item.requestId { try await RequestStore.setStatus(request, input.decision.requestStatus, on: tx) }
            if input.decision == .allocate, let service = input.serviceId, let person = item.personId {
                try await InvolvementStore.allocate(serviceId: service, personId: person, on: now.day, in: tx)
            }
            return planId
        }
    }

    static func addAction(itemId: Int64, _ action: PlanAction, on db: any SQLDatabase) async throws {
        try await db.insert(into: "panel_actions").columns("item_id", "action", "owner", "due_date")
            .values(SQLBind(itemId), SQLBind(action.action), SQLBind(action.owner), SQLBind(action.dueDate.iso)).run()
    }
}
