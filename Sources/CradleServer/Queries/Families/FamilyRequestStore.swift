import Foundation
import SQLKit
import CradleCore

/// Families' requests to correct their record or change a review, until someone answers.
enum FamilyRequestStore {
    struct Row: Codable, Sendable {
        var id: Int64
        var familyId: Int64
        var familyName: String
        var personId: Int64?
        var personName: String?
        var askedBy: String
        var kind: String
        var body: String
        var status: String
        var createdAt: String
        var resolvedAt: String?
        var response: String?

        var kindLabel: String { FamilyRequestKind(rawValue: kind)?.label ?? kind }
        var statusLabel: String { FamilyRequestStatus(rawValue: status)?.label ?? status }
        var isOpen: Bool { status == FamilyRequestStatus.open.rawValue }
    }

    static let columns: SQLQueryString = """
        SELECT r.id, r.family_id, f.name AS family_name, r.person_id, p.given_name || ' ' || p.family_name AS person_name,
               a.email AS asked_by, r.kind, r.body, r.status, r.created_at, r.resolved_at, r.response
        FROM family_requests r JOIN families f ON f.id = r.family_id JOIN family_accounts a ON a.id = r.account_id
        LEFT JOIN people p ON p.id = r.person_id
        """

    static func create(_ input: FamilyRequestInput, by account: FamilyMember, on db: any SQLDatabase) async throws -> Int64 {
        try await db.insert(into: "family_requests")
            .columns("family_id", "account_id", "person_id", "kind", "body", "status", "created_at")
            .values(SQLBind(account.familyId), SQLBind(account.accountId), SQLBind(input.personId), SQLBind(input.kind.rawValue),
                    SQLBind(input.body), SQLBind(FamilyRequestStatus.open.rawValue), SQLBind(ISO8601DateFormatter.now))
            .returning("id").first(decodingColumn: "id", as: Int64.self)!
    }

    static func forFamily(_ family: Int64, on db: any SQLDatabase) async throws -> [Row] {
        try await db.raw(columns + " WHERE r.family_id = \(bind: family) ORDER BY r.id DESC").all(decoding: Row.self, with: rowDecoder)
    }

    /// Every open request, oldest first: the records team's queue.
    static func open(on db: any SQLDatabase) async throws -> [Row] {
        try await db.raw(columns + " WHERE r.status = \(bind: FamilyRequestStatus.open.rawValue) ORDER BY r.id")
            .all(decoding: Row.self, with: rowDecoder)
    }

    static func find(_ id: Int64, on db: any SQLDatabase) async throws -> Row? {
        try await db.raw(columns + " WHERE r.id = \(bind: id)").first(decoding: Row.self, with: rowDecoder)
    }

    /// Answers an open request; false when it was already answered.
    static func answer(_ id: Int64, _ a: FamilyRequestAnswer, by practitioner: Int64, on db: any SQLDatabase) async throws -> Bool {
        !(try await db.raw("""
            UPDATE family_requests SET status = \(bind: a.status.rawValue), response = \(bind: a.response),
              resolved_at = \(bind: ISO8601DateFormatter.now), resolved_by = \(bind: practitioner)
            WHERE id = \(bind: id) AND status = \(bind: FamilyRequestStatus.open.rawValue) RETURNING id
            """).all()).isEmpty
    }
}
