import NIOCore
import Logging
import SQLKit

/// SQLKit over one `DirectConnection`: every statement, read or write, runs at once on the
/// calling thread with the connection's kept statements. An import batch writes through it
/// on SQLite, where SQLiteNIO parsed each multi-row INSERT afresh and crossed threads for
/// each statement.
public struct DirectDatabase: SQLDatabase {
    public let connection: DirectConnection
    /// Where the dialect, logger and event loop come from.
    let base: any SQLDatabase

    public init(connection: DirectConnection, base: any SQLDatabase) {
        self.connection = connection
        self.base = base
    }

    public var logger: Logger { base.logger }
    public var eventLoop: any EventLoop { base.eventLoop }
    public var version: (any SQLDatabaseReportedVersion)? { base.version }
    public var dialect: any SQLDialect { base.dialect }
    public var queryLogLevel: Logger.Level? { nil }

    public func execute(sql query: any SQLExpression, _ onRow: @escaping @Sendable (any SQLRow) -> ()) -> EventLoopFuture<Void> {
        do {
            try run(query, onRow)
            return eventLoop.makeSucceededVoidFuture()
        } catch {
            return eventLoop.makeFailedFuture(error)
        }
    }

    public func execute(sql query: any SQLExpression, _ onRow: @escaping @Sendable (any SQLRow) -> ()) async throws {
        try run(query, onRow)
    }

    private func run(_ query: any SQLExpression, _ onRow: (any SQLRow) -> ()) throws {
        let (sql, binds) = serialize(query)
        try connection.execute(sql, binds, onRow)
    }
}

extension SQLDatabase {
    /// BEGIN IMMEDIATE, `body`, COMMIT on this one SQLite connection; ROLLBACK if `body` throws.
    public func immediateTransaction<T>(_ body: (any SQLDatabase) async throws -> T) async throws -> T {
        try await raw("BEGIN IMMEDIATE").run()
        do {
            let result = try await body(self)
            try await raw("COMMIT").run()
            return result
        } catch {
            try? await raw("ROLLBACK").run()
            throw error
        }
    }
}
