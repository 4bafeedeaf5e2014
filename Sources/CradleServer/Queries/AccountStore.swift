import Foundation
import SQLKit
import CradleCore

enum AccountStore {
    struct Row: Decodable, Sendable {
        var id: Int64
        var username: String
        var displayName: String
        var profession: String
        var organisationName: String
        var active: Bool
        var lockedUntil: Double?
    }

    static let columns: SQLQueryString = """
        SELECT p.id, p.username, p.display_name, p.profession, o.name AS organisation_name, p.active, p.locked_until
        FROM practitioners p JOIN organisations o ON o.id = p.organisation_id
        """

    /// The first 2,000 by profession, for the accounts page.
    static func all(on db: any SQLDatabase) async throws -> [Row] {
        try await db.raw(columns + " ORDER BY p.profession, p.username LIMIT 2000").all(decoding: Row.self, with: rowDecoder)
    }

    /// A page of every account, newest first (the API).
    static func page(_ page: APIPage, on db: any SQLDatabase) async throws -> [Row] {
        try await db.raw(columns + page.byId("p.id", filtered: false)).all(decoding: Row.self, with: rowDecoder)
    }

    static func find(_ id: Int64, on db: any SQLDatabase) async throws -> Row? {
        try await db.raw(columns + " WHERE p.id = \(bind: id)").first(decoding: Row.self, with: rowDecoder)
    }

    static func create(username: String, name: String, profession: Profession, organisation: Int64, hash: String,
                       setupToken: String, setupExpires: Double, on db: any SQLDatabase) async throws -> Int64 {
        let known = try await db.raw("SELECT id FROM organisations WHERE id = \(bind: organisation)").first(decodingColumn: "id", as: Int64.self)
        guard known != nil else { throw InvalidInput("organisationId", "Organisation \(organisation) does not exist") }
        return try await db.insert(into: "practitioners")
            .columns("username", "display_name", "profession", "organisation_id", "password_hash", "active", "version",
                     "setup_token_hash", "setup_expires_at")
            .values(SQLBind(username), SQLBind(name), SQLBind(profession.rawValue), SQLBind(organisation), SQLBind(hash), SQLBind(true), SQLBind(1),
                    SQLBind(setupToken), SQLBind(setupExpires))
            .returning("id").first(decodingColumn: "id", as: Int64.self)!
    }

    /// The account a live set-up link belongs to.
    static func bySetupToken(_ token: String, on db: any SQLDatabase) async throws -> (id: Int64, username: String)? {
        struct Row: Decodable { var id: Int64; var username: String }
        return try await db.raw("""
            SELECT id, username FROM practitioners
            WHERE setup_token_hash = \(bind: Tokens.hash(token)) AND setup_expires_at > \(bind: Date().timeIntervalSince1970) AND active
            """).first(decoding: Row.self, with: rowDecoder).map { ($0.id, $0.username) }
    }

    /// Sets the first password and spends the link, once: a second use finds nothing to update.
    static func completeSetup(_ id: Int64, token: String, hash: String, on db: any SQLDatabase) async throws -> Bool {
        try await db.raw("""
            UPDATE practitioners SET password_hash = \(bind: hash), setup_token_hash = NULL, setup_expires_at = NULL,
                failed_sign_ins = 0, locked_until = NULL
            WHERE id = \(bind: id) AND setup_token_hash = \(bind: Tokens.hash(token)) RETURNING id
            """).first(decodingColumn: "id", as: Int64.self) != nil
    }

    /// Lifts a sign-in lockout.
    static func unlock(_ id: Int64, on db: any SQLDatabase) async throws {
        try await db.raw("UPDATE practitioners SET failed_sign_ins = 0, locked_until = NULL WHERE id = \(bind: id)").run()
    }

    static func setActive(_ id: Int64, _ active: Bool, on db: any SQLDatabase) async throws {
        try await db.raw("UPDATE practitioners SET active = \(bind: active), version = version + 1 WHERE id = \(bind: id)").run()
        // Their API tokens stop with them.
        if !active { try await db.raw("UPDATE api_tokens SET revoked_at = \(bind: "deactivated") WHERE practitioner_id = \(bind: id) AND revoked_at IS NULL").run() }
    }
}
