import NIOCore
import Logging
import SQLKit

/// A request's SQLite database: reads run through the `SQLiteReader` on `SQLiteThreads`,
/// never on the event loop that asked; everything else goes to Fluent's connection.
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
        let (sql, binds) = serialize(query)
        guard SQLiteReader.looksLikeRead(sql) else { return writer.execute(sql: query, onRow) }
        let reader = reader, writer = writer
        return SQLiteThreads.pool.runIfActive(eventLoop: eventLoop) { try reader.read(sql, binds, onRow) }
            .flatMap { done in done ? eventLoop.makeSucceededVoidFuture() : writer.execute(sql: query, onRow) }
    }

    public func execute(sql query: any SQLExpression, _ onRow: @escaping @Sendable (any SQLRow) -> ()) async throws {
        let (sql, binds) = serialize(query)
        guard SQLiteReader.looksLikeRead(sql) else { return try await writer.execute(sql: query, onRow) }
        let reader = reader
        if try await SQLiteThreads.pool.runIfActive({ try reader.read(sql, binds, onRow) }) { return }
        try await writer.execute(sql: query, onRow)
    }
}
