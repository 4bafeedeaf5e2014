import Vapor
import SQLKit

/// SQLKit over one `DirectConnection`: every statement, read or write, runs at once on the
/// calling thread with the connection's kept statements. An import batch writes through it
/// on SQLite, where SQLiteNIO parsed each multi-row INSERT afresh and crossed threads for
/// each statement.
struct DirectDatabase: SQLDatabase {
    let connection: DirectConnection
    /// Where the dialect, logger and event loop come from.
    let base: any SQLDatabase

    var logger: Logger { base.logger }
    var eventLoop: any EventLoop { base.eventLoop }
    var version: (any SQLDatabaseReportedVersion)? { base.version }
    var dialect: any SQLDialect { base.dialect }
    var queryLogLevel: Logger.Level? { nil }

    func execute(sql query: any SQLExpression, _ onRow: @escaping @Sendable (any SQLRow) -> ()) -> EventLoopFuture<Void> {
        do {
            try run(query, onRow)
            return eventLoop.makeSucceededVoidFuture()
        } catch {
            return eventLoop.makeFailedFuture(error)
        }
    }

    func execute(sql query: any SQLExpression, _ onRow: @escaping @Sendable (any SQLRow) -> ()) async throws {
        try run(query, onRow)
    }

    private func run(_ query: any SQLExpression, _ onRow: (any SQLRow) -> ()) throws {
        let (sql, binds) = serialize(query)
        try connection.execute(sql, binds, onRow)
    }
}

extension DirectConnection {
    /// BEGIN IMMEDIATE, `body` through SQLKit on this connection, COMMIT.
    func writeTransaction<T>(base: any SQLDatabase, _ body: (any SQLDatabase) async throws -> T) async throws -> T {
        let db = DirectDatabase(connection: self, base: base)
        return try await immediateTransaction { try await body(db) }
    }
}
