import Foundation
import SQLKit
import CradleCore

/// System clients: a trust's maternity or child-health system with a notify-only credential
/// (it may send notifications into one source's feed and nothing else), or a GP practice's
/// system with a read credential (it may read the children registered with that practice), or
/// the monitoring system with a metrics credential (it reads `/metrics` and nothing else).
/// Tokens are shown once and stored only as their hash.
enum SystemClientStore {
    struct Client: Codable, Sendable {
        var id: Int64
        var name: String
        /// "notify", "read" or "metrics".
        var permission: String
        var sourceId: Int64?
        var sourceName: String?
        /// The GP practice a reading client reads for (its ODS code).
        var practiceCode: String?
        var createdAt: String
        var revokedAt: String?

        /// Who the client is to the policy: nothing but its one permission.
        var actor: Actor {
            if permission == "read", let practiceCode { return .practiceSystem(ods: practiceCode) }
            if permission == "metrics" { return .metricsSystem }
            return .systemClient(source: sourceId ?? -1)
        }

        var scope: String {
            switch permission {
            case "read": "read for GP practice \(practiceCode ?? "?")"
            case "metrics": "read the service's metrics"
            default: "notify into \(sourceName ?? "?")"
            }
        }
    }

    /// The prefixes of a system client's token: which table a bearer token is looked up in.
    static let tokenPrefixes = ["notify_", "read_", "metrics_"]

    static let columns: SQLQueryString = """
        SELECT c.id, c.name, c.permission, c.source_id, s.name AS source_name, o.code AS practice_code, c.created_at, c.revoked_at
        FROM system_clients c LEFT JOIN source_systems s ON s.id = c.source_id LEFT JOIN organisations o ON o.id = c.organisation_id
        """

    /// Registers a GP practice's system (by the practice's ODS code) to read the children
    /// registered with it, and returns its token.
    static func createReader(name: String, practice code: String, on db: any SQLDatabase) async throws -> String {
        try await checkName(name, on: db)
        guard let practice = try await db.raw("SELECT id FROM organisations WHERE code = \(bind: code) AND kind = 'gp_practice'")
            .first(decodingColumn: "id", as: Int64.self) else {
            throw InvalidInput("practice", "No GP practice has the ODS code \(code)")
        }
        let token = "read_" + Tokens.random()
        try await db.insert(into: "system_clients").columns("name", "organisation_id", "permission", "token_hash", "created_at")
            .values(SQLBind(name), SQLBind(practice), SQLBind("read"), SQLBind(Tokens.hash(token)), SQLBind(ISO8601DateFormatter.now)).run()
        return token
    }

    /// Registers the monitoring system (Prometheus) to read `/metrics`, and returns its token.
    static func createMetricsReader(name: String, on db: any SQLDatabase) async throws -> String {
        try await checkName(name, on: db)
        let token = "metrics_" + Tokens.random()
        try await db.insert(into: "system_clients").columns("name", "permission", "token_hash", "created_at")
            .values(SQLBind(name), SQLBind("metrics"), SQLBind(Tokens.hash(token)), SQLBind(ISO8601DateFormatter.now)).run()
        return token
    }

    static func checkName(_ name: String, on db: any SQLDatabase) async throws {
        guard !name.isEmpty, name.count <= 60, SourceStore.isPlainName(name) else {
            throw InvalidInput("name", "A client's name is 1–60 letters, digits, spaces, dots, dashes or underscores")
        }
        if try await db.raw("SELECT id FROM system_clients WHERE name = \(bind: name)").first() != nil {
            throw InvalidInput("name", "A client called \(name) is already registered")
        }
    }

    /// Registers a client for a source and returns its token.
    static func create(name: String, source: SourceStore.SourceRow, on db: any SQLDatabase) async throws -> String {
        guard source.sourceKind.sendsNotifications else {
            throw InvalidInput("source", "\(source.name) is a \(source.sourceKind.label.lowercased()) source; notifications go into antenatal, maternity or child-health feeds")
        }
        try await checkName(name, on: db)
        let token = "notify_" + Tokens.random()
        try await db.insert(into: "system_clients").columns("name", "source_id", "permission", "token_hash", "created_at")
            .values(SQLBind(name), SQLBind(source.id), SQLBind("notify"), SQLBind(Tokens.hash(token)), SQLBind(ISO8601DateFormatter.now)).run()
        return token
    }

    static func byToken(_ token: String, on db: any SQLDatabase) async throws -> Client? {
        try await db.raw(columns + " WHERE c.token_hash = \(bind: Tokens.hash(token)) AND c.revoked_at IS NULL")
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
