import Foundation
import SQLKit
import CradleCore

/// System clients (a trust's maternity or child-health system) and their notify-only
/// credentials: each may send notifications into one source's feed and nothing else. Tokens
/// are shown once and stored only as their hash.
enum SystemClientStore {
    struct Client: Codable, Sendable {
        var id: Int64
        var name: String
        var sourceId: Int64
        var sourceName: String
        var createdAt: String
        var revokedAt: String?
    }

    static let columns: SQLQueryString = """
        SELECT c.id, c.name, c.source_id, s.name AS source_name, c.created_at, c.revoked_at
        FROM system_clients c JOIN source_systems s ON s.id = c.source_id
        """

    /// Registers a client for a source and returns its token.
    static func create(name: String, source: SourceStore.SourceRow, on db: any SQLDatabase) async throws -> String {
        guard !name.isEmpty, name.count <= 60, SourceStore.isPlainName(name) else {
            throw InvalidInput("name", "A client's name is 1–60 letters, digits, spaces, dots, dashes or underscores")
        }
        guard source.sourceKind.sendsNotifications else {
            throw InvalidInput("source", "\(source.name) is a \(source.sourceKind.label.lowercased()) source; notifications go into antenatal, maternity or child-health feeds")
        }
        if try await db.raw("SELECT id FROM system_clients WHERE name = \(bind: name)").first() != nil {
            throw InvalidInput("name", "A client called \(name) is already registered")
        }
        let token = "notify_" + Tokens.random()
        try await db.insert(into: "system_clients").columns("name", "source_id", "permission", "token_hash", "created_at")
            .values(SQLBind(name), SQLBind(source.id), SQLBind("notify"), SQLBind(Tokens.hash(token)), SQLBind(ISO8601DateFormatter.now)).run()
        return token
    }

    static func byToken(_ token: String, on db: any SQLDatabase) async throws -> Client? {
        try await db.raw(columns + " WHERE c.token_hash = \(bind: Tokens.hash(token)) AND c.revoked_at IS NULL AND c.permission = 'notify'")
            .first(decoding: Client.self, with: rowDecoder)
    }

    static func all(on db: any SQLDatabase) async throws -> [Client] {
        try await db.raw(columns + " ORDER BY c.name").all(decoding: Client.self, with: rowDecoder)
    }

    static func revoke(name: String, on db: any SQLDatabase) async throws {
        let done = try await db.raw("""
            UPDATE system_clients SET revoked_at = \(bind: ISO8601DateFormatter.now) WHERE name = \(bind: name) AND revoked_at IS NULL RETURNING id
            """).first(decodingColumn: "id", as: Int64.self)
        if done == nil { throw InvalidInput("name", "No live client is called \(name)") }
    }
}
