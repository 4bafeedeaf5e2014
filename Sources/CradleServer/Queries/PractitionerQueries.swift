import SQLKit
import Vapor
import CradleCore

/// Sign-in and the practitioner behind a session or token.
enum PractitionerQueries {
    struct Row: Decodable, Sendable {
        var id: Int64
        var username: String
        var displayName: String
        var profession: String
        var organisationId: Int64
        var teamId: Int64?
        var passwordHash: String
        var active: Bool
    }

    static let columns: SQLQueryString = "SELECT id, username, display_name, profession, organisation_id, team_id, password_hash, active FROM practitioners"

    static func byUsername(_ username: String, on db: any SQLDatabase) async throws -> Row? {
        try await db.raw(columns + " WHERE username = \(bind: username.lowercased())").first(decoding: Row.self, with: rowDecoder)
    }

    static func signedIn(id: Int64, on db: any SQLDatabase) async throws -> SignedIn? {
        let row = try await db.raw(columns + " WHERE id = \(bind: id)").first(decoding: Row.self, with: rowDecoder)
        return try await row.flatMap(signedIn(from:)).asyncMap { try await withTeams($0, on: db) }
    }

    /// Adds every team the practitioner belongs to.
    static func withTeams(_ s: SignedIn, on db: any SQLDatabase) async throws -> SignedIn {
        var s = s
        s.actor.teamIds = try await db.raw("""
            SELECT team_id FROM team_memberships WHERE practitioner_id = \(bind: s.actor.practitionerId ?? -1) ORDER BY team_id
            """).all(decodingColumn: "team_id", as: Int64.self)
        return s
    }

    static func byToken(_ token: String, on db: any SQLDatabase) async throws -> SignedIn? {
        let row = try await db.raw("""
            SELECT p.id, p.username, p.display_name, p.profession, p.organisation_id, p.team_id, p.password_hash, p.active
            FROM api_tokens t JOIN practitioners p ON p.id = t.practitioner_id
            WHERE t.token_hash = \(bind: Tokens.hash(token)) AND t.revoked_at IS NULL
            """).first(decoding: Row.self, with: rowDecoder)
        return try await row.flatMap(signedIn(from:)).asyncMap { try await withTeams($0, on: db) }
    }

    static func signedIn(from row: Row) -> SignedIn? {
        guard row.active else { return nil }
        let actor = Actor(practitionerId: row.id, profession: Profession(rawValue: row.profession),
                          organisationId: row.organisationId)
        return SignedIn(actor: actor, displayName: row.displayName, username: row.username)
    }

    static func createToken(for practitionerId: Int64, name: String, now: String, on db: any SQLDatabase) async throws -> String {
        let token = Tokens.random()
        try await db.insert(into: "api_tokens")
            .columns("practitioner_id", "name", "token_hash", "created_at")
            .values(SQLBind(practitionerId), SQLBind(name), SQLBind(Tokens.hash(token)), SQLBind(now))
            .run()
        return token
    }
}

extension Optional {
    func asyncMap<T>(_ transform: (Wrapped) async throws -> T) async rethrows -> T? {
        guard let value = self else { return nil }
        return try await transform(value)
    }
}
