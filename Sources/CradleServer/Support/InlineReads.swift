import Vapor
import SQLKit

/// A request's SQLite database: reads run at once on the calling thread through the
/// `SQLiteReader`; everything else goes to Fluent's connection as before.
struct InlineReads: SQLDatabase {
    let writer: any SQLDatabase
    let reader: SQLiteReader

    var logger: Logger { writer.logger }
    var eventLoop: any EventLoop { writer.eventLoop }
    var version: (any SQLDatabaseReportedVersion)? { writer.version }
    var dialect: any SQLDialect { writer.dialect }
    var queryLogLevel: Logger.Level? { writer.queryLogLevel }

    func execute(sql query: any SQLExpression, _ onRow: @escaping @Sendable (any SQLRow) -> ()) -> EventLoopFuture<Void> {
        do {
            if try readInline(query, onRow) { return eventLoop.makeSucceededVoidFuture() }
        } catch {
            return eventLoop.makeFailedFuture(error)
        }
        return writer.execute(sql: query, onRow)
    }

    func execute(sql query: any SQLExpression, _ onRow: @escaping @Sendable (any SQLRow) -> ()) async throws {
        if try readInline(query, onRow) { return }
        try await writer.execute(sql: query, onRow)
    }

    private func readInline(_ query: any SQLExpression, _ onRow: (any SQLRow) -> ()) throws -> Bool {
        let (sql, binds) = serialize(query)
        return try reader.read(sql, binds, onRow)
    }
}

struct SQLiteReaderKey: StorageKey { typealias Value = SQLiteReader }

extension Application {
    /// Set when the store is an SQLite file; see `SQLiteReader`.
    var sqliteReader: SQLiteReader? {
        get { storage[SQLiteReaderKey.self] }
        set { storage[SQLiteReaderKey.self] = newValue }
    }
}

/// Closes the read connections when the application stops.
struct SQLiteReaderShutdown: LifecycleHandler {
    let reader: SQLiteReader
    func shutdownAsync(_ application: Application) async { reader.close() }
}
