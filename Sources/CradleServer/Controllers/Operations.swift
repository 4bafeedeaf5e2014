import Vapor
import Fluent
import SQLKit
import CradleCore
import CradleSQLite

/// What a council's operations team and load balancers ask of a server: is it alive, is it
/// ready to serve, and how is it running.
enum Operations {
    /// Alive: the process answers (a load balancer's liveness probe).
    static func health(_ req: Request) async throws -> Response {
        try await req.authorize(.read, Resource(.publicPage))
        return Response(status: .ok, body: .init(string: "ok"))
    }

    /// Ready: the database answers and every migration this build knows has been applied.
    /// 503 naming what is missing otherwise, so that no traffic is sent to it.
    static func ready(_ req: Request) async throws -> Response {
        try await req.authorize(.read, Resource(.publicPage))
        let applied: Set<String>
        do {
            applied = Set(try await req.sql.raw("SELECT name FROM _fluent_migrations").all(decodingColumn: "name", as: String.self))
        } catch {
            return Response(status: .serviceUnavailable, body: .init(string: "not ready: the database does not answer (\(error))"))
        }
        let missing = CradleMigrations.all.map(\.name).filter { !applied.contains($0) }
        guard missing.isEmpty else {
            return Response(status: .serviceUnavailable, body: .init(string: "not ready: migrations not applied: \(missing.joined(separator: ", "))"))
        }
        return Response(status: .ok, body: .init(string: "ready"))
    }

    /// Prometheus's text format, for the monitoring system's credential or an administrator.
    static func metrics(_ req: Request) async throws -> Response {
        try await req.authorize(.read, Resource(.serviceMetrics), purpose: .administration)
        let m = req.application.serviceMetrics
        m.auditQueue.set(Double(req.application.auditLog?.waiting.load(ordering: .relaxed) ?? 0))
        struct ImportRow: Decodable { var status: String; var n: Int; var done: Int?; var total: Int? }
        let imports = try await req.sql.raw("""
            SELECT status, COUNT(*) AS n, SUM(rows_done) AS done, SUM(rows_total) AS total FROM imports
            WHERE status IN ('queued', 'running') GROUP BY status
            """).all(decoding: ImportRow.self)
        let running = imports.first { $0.status == "running" }
        m.imports.queued.set(Double(imports.first { $0.status == "queued" }?.n ?? 0))
        m.imports.running.set(Double(running?.n ?? 0))
        m.imports.rowsDone.set(Double(running?.done ?? 0))
        m.imports.rowsTotal.set(Double(running?.total ?? 0))
        let (active, idle, max) = try await connections(req)
        m.database.active.set(Double(active))
        m.database.idle.set(Double(idle))
        m.database.max.set(Double(max))
        var headers = HTTPHeaders()
        headers.contentType = HTTPMediaType(type: "text", subType: "plain", parameters: ["version": "0.0.4", "charset": "utf-8"])
        return Response(status: .ok, headers: headers, body: .init(string: m.registry.emitToString()))
    }

    /// This server's database connections in use and idle, and the most it opens: on
    /// PostgreSQL as the server lists them (by this server's application name); on SQLite the
    /// read connections, beside one writing connection per event loop.
    static func connections(_ req: Request) async throws -> (active: Int, idle: Int, max: Int) {
        let loops = req.application.eventLoopGroup.makeIterator().reduce(0) { n, _ in n + 1 }
        if req.sql.dialect.name == "postgresql" {
            struct Row: Decodable { var state: String?; var n: Int }
            let rows = try await req.sql.raw("""
                SELECT state, COUNT(*) AS n FROM pg_stat_activity WHERE application_name = \(bind: DatabaseSetup.applicationName) GROUP BY state
                """).all(decoding: Row.self)
            let idle = rows.filter { ($0.state ?? "").hasPrefix("idle") }.reduce(0) { $0 + $1.n }
            return (rows.reduce(0) { $0 + $1.n } - idle, idle, loops * DatabaseSetup.postgresPerEventLoop)
        }
        guard let reader = req.application.sqliteReader else { return (0, 0, loops) }
        return (reader.busy.load(ordering: .relaxed), reader.idle, loops + 8)
    }
}
