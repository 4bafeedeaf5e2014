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
        var passwordHash: String
        var active: Bool
        var failedSignIns: Int = 0
        var lockedUntil: Double? = nil
        var roles: String = ""
    }

    static let columns: SQLQueryString = """
        SELECT id, username, display_name, profession, organisation_id, password_hash, active, failed_sign_ins, locked_until, roles
        FROM practitioners
        """

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

    /// How long a personal API token lasts.
    static let tokenDays = 90

    /// The practitioner behind a live token: not revoked, and not past its expiry day.
    static func byToken(_ token: String, today: Day, on db: any SQLDatabase) async throws -> SignedIn? {
        let row = try await db.raw(columns + """
             WHERE id IN (SELECT practitioner_id FROM api_tokens WHERE token_hash = \(bind: Tokens.hash(token)) AND revoked_at IS NULL
                          AND expires_on > \(bind: today.iso))
            """).first(decoding: Row.self, with: rowDecoder)
        return try await row.flatMap(signedIn(from:)).asyncMap { try await withTeams($0, on: db) }
    }

    static func signedIn(from row: Row) -> SignedIn? {
        guard row.active else { return nil }
        let actor = Actor(practitionerId: row.id, profession: Profession(rawValue: row.profession),
                          organisationId: row.organisationId,
                          roles: row.roles.split(separator: ",").compactMap { Role(rawValue: String($0)) })
        return SignedIn(actor: actor, displayName: row.displayName, username: row.username)
    }

    struct TokenRow: Codable, Sendable { var id: Int64; var name: String; var createdAt: String; var revokedAt: String?; var expiresOn: String }

    static func tokens(of practitioner: Int64, on db: any SQLDatabase) async throws -> [TokenRow] {
        try await db.raw("SELECT id, name, created_at, revoked_at, expires_on FROM api_tokens WHERE practitioner_id = \(bind: practitioner) ORDER BY id DESC")
            .all(decoding: TokenRow.self, with: rowDecoder)
    }

    /// Revokes one of the owner's tokens; someone else's token id changes nothing.
    static func revokeToken(_ id: Int64, owner: Int64, on db: any SQLDatabase) async throws {
        let done = try await db.raw("""
            UPDATE api_tokens SET revoked_at = \(bind: Date().ISO8601Format())
            WHERE id = \(bind: id) AND practitioner_id = \(bind: owner) AND revoked_at IS NULL RETURNING id
            """).first(decodingColumn: "id", as: Int64.self)
        if done == nil { throw Abort(.notFound, reason: "No such token of yours") }
    }

    static func createToken(for practitionerId: Int64, name: String, today: Day, on db: any SQLDatabase) async throws -> String {
        let token = Tokens.random()
        try await db.insert(into: "api_tokens")
            .columns("practitioner_id", "name", "token_hash", "created_at", "expires_on")
            .values(SQLBind(practitionerId), SQLBind(name), SQLBind(Tokens.hash(token)), SQLBind(today.iso), SQLBind((today + tokenDays).iso))
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
