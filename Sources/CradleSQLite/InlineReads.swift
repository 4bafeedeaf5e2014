import NIOCore
import Logging
import SQLKit

/// A request's SQLite database: reads run at once on the calling thread through the
/// `SQLiteReader`; everything else goes to Fluent's connection as before.
public struct InlineReads: SQLDatabase {
    let writer: any SQLDatabase
    let reader: SQLiteReader

    public init(writer: any SQLDatabase, reader: SQLiteReader) {
        self.writer = writer
        self.reader = reader
    }

    public var logger: Logger { writer.logger }
    public var eventLoop: any EventLoop { writer.eventLoop }
    public var version: (any SQLDatabaseReportedVersion)? { writer.version }
    public var dialect: any SQLDialect { writer.dialect }
    public var queryLogLevel: Logger.Level? { writer.queryLogLevel }

    public func execute(sql query: any SQLExpression, _ onRow: @escaping @Sendable (any SQLRow) -> ()) -> EventLoopFuture<Void> {
        do {
            if try readInline(query, onRow) { return eventLoop.makeSucceededVoidFuture() }
        } catch {
            return eventLoop.makeFailedFuture(error)
        }
        return writer.execute(sql: query, onRow)
    }

    public func execute(sql query: any SQLExpression, _ onRow: @escaping @Sendable (any SQLRow) -> ()) async throws {
        if try readInline(query, onRow) { return }
        try await writer.execute(sql: query, onRow)
    }

    private func readInline(_ query: any SQLExpression, _ onRow: (any SQLRow) -> ()) throws -> Bool {
        let (sql, binds) = serialize(query)
        return try reader.read(sql, binds, onRow)
    }
}
