import Foundation
import SQLKit
import CradleCore

/// Follow-ups a centre is asked to make after health records a missed immunisation or review.
enum FollowUpStore {
    /// Called when a contact is recorded: a missed immunisation or review becomes a task for
    /// the centre whose reach area the child lives in, where consent and an agreement allow.
    static func fromMissedContact(_ contactId: Int64, personId: Int64, _ input: ContactInput, on db: any SQLDatabase) async throws {
        guard let reason = FollowUpReason(missed: input.type, outcome: input.outcome) else { return }
        struct Route: Codable { var health: Int64; var centre: Int64? }
        guard let route = try await db.raw("""
            SELECT s.organisation_id AS health,
                (SELECT sa.centre_organisation_id FROM addresses a JOIN postcodes pc ON pc.postcode = a.postcode
                 JOIN small_areas sa ON sa.id = pc.small_area_id WHERE a.person_id = \(bind: personId) AND a.to_date IS NULL LIMIT 1) AS centre
            FROM services s WHERE s.id = \(bind: input.serviceId)
            """).first(decoding: Route.self, with: rowDecoder), let centre = route.centre else { return }
        let consents = try await GovernanceStore.currentConsents(personId: personId, on: db)
        let agreements = try await GovernanceStore.liveAgreements(for: centre, today: input.date, on: db)
        guard FollowUpRule.allowed(consents: consents, agreements: agreements, health: route.health, centre: centre, on: input.date) else { return }
        try await db.insert(into: "follow_ups").columns("organisation_id", "person_id", "contact_id", "reason", "due_date", "created_at")
            .values(SQLBind(centre), SQLBind(personId), SQLBind(contactId), SQLBind(reason.rawValue),
                    SQLBind((input.date + FollowUpRule.daysToFollowUp).iso), SQLBind(ISO8601DateFormatter.now)).run()
    }

    struct Row: Codable, Sendable {
        var id: Int64; var personId: Int64; var childName: String; var reason: String; var dueDate: String
        var ownerName: String?; var outcome: String?; var closedOn: String?
    }

    static let columns: SQLQueryString = """
        SELECT f.id, f.person_id, p.given_name || ' ' || p.family_name AS child_name, f.reason, f.due_date,
            o.display_name AS owner_name, f.outcome, f.closed_on
        FROM follow_ups f JOIN people p ON p.id = f.person_id LEFT JOIN practitioners o ON o.id = f.owner_id
        """

    static func forCentre(_ centre: Int64, on db: any SQLDatabase) async throws -> [Row] {
        try await db.raw(columns + " WHERE f.organisation_id = \(bind: centre) ORDER BY f.closed_on IS NOT NULL, f.due_date, f.id LIMIT 200")
            .all(decoding: Row.self, with: rowDecoder)
    }

    /// One of the centre's follow-ups.
    static func find(_ id: Int64, centre: Int64, on db: any SQLDatabase) async throws -> Row? {
        try await db.raw(columns + " WHERE f.id = \(bind: id) AND f.organisation_id = \(bind: centre)").first(decoding: Row.self, with: rowDecoder)
    }

    /// Records who followed it up and what came of it; the owner must work at the centre.
    static func close(_ id: Int64, centre: Int64, _ input: FollowUpOutcomeInput, today: Day, on db: any SQLDatabase) async throws {
        let staff = try await db.raw("SELECT COUNT(*) AS n FROM practitioners WHERE id = \(bind: input.ownerId) AND organisation_id = \(bind: centre)")
            .first(decodingColumn: "n", as: Int.self) ?? 0
        guard staff > 0 else { throw InvalidInput("ownerId", "Choose someone who works at this centre") }
        let closed = try await db.raw("""
            UPDATE follow_ups SET owner_id = \(bind: input.ownerId), outcome = \(bind: input.outcome), closed_on = \(bind: today.iso)
            WHERE id = \(bind: id) AND organisation_id = \(bind: centre) AND closed_on IS NULL RETURNING id
            """).first(decodingColumn: "id", as: Int64.self)
        guard closed != nil else { throw InvalidInput("outcome", "This follow-up is already closed") }
    }

    struct Staff: Codable, Sendable { var id: Int64; var displayName: String }

    static func staff(_ centre: Int64, on db: any SQLDatabase) async throws -> [Staff] {
        try await db.raw("SELECT id, display_name FROM practitioners WHERE organisation_id = \(bind: centre) AND active = \(bind: true) ORDER BY display_name")
            .all(decoding: Staff.self, with: rowDecoder)
    }
}
