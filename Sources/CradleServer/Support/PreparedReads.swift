import Vapor
import NIOConcurrencyHelpers
import PostgresKit
import SQLKit
import CradleSQLite

/// A request's PostgreSQL database: each read is prepared once per connection as a named
/// statement and then only bound and run, so that PostgreSQL keeps its plan. Sent as usual,
/// through the unnamed statement, every query is planned afresh, and for the record page's
/// reads planning took three times as long as running them (pg_stat_statements). Anything
/// else (writes, reads with a bind PostgresNIO cannot type, reads PostgreSQL will not
/// prepare) goes to the database as before.
struct PreparedReads: SQLDatabase {
    let base: any SQLDatabase
    let postgres: any PostgresDatabase

    var logger: Logger { base.logger }
    var eventLoop: any EventLoop { base.eventLoop }
    var version: (any SQLDatabaseReportedVersion)? { base.version }
    var dialect: any SQLDialect { base.dialect }
    var queryLogLevel: Logger.Level? { base.queryLogLevel }

    func execute(sql query: any SQLExpression, _ onRow: @escaping @Sendable (any SQLRow) -> ()) -> EventLoopFuture<Void> {
        eventLoop.makeFutureWithTask { try await execute(sql: query, onRow) }
    }

    func execute(sql query: any SQLExpression, _ onRow: @escaping @Sendable (any SQLRow) -> ()) async throws {
        let (sql, binds) = serialize(query)
        guard SQLiteReader.looksLikeRead(sql), let (bindings, types) = Self.bindings(binds),
              let statement = PreparedStatements.shared.statement(for: sql, types: types) else {
            return try await base.execute(sql: query, onRow)
        }
        let ran = try await postgres.onLentConnection { connection in
            try await PreparedStatements.shared.run(statement, bindings, on: connection, logger: logger) {
                onRow(PostgresReadRow($0))
            }
        }
        if !ran { try await base.execute(sql: query, onRow) }
    }

    /// The binds in PostgreSQL's binary formats, with their types for the statement; nil if
    /// one is a kind of value PostgresNIO cannot encode alone (PostgresKit then encodes it).
    static func bindings(_ binds: [any Encodable & Sendable]) -> (PostgresBindings, [PostgresDataType])? {
        var bindings = PostgresBindings(capacity: binds.count)
        var types: [PostgresDataType] = []
        for bind in binds {
            if let value = bind as? any PostgresThrowingDynamicTypeEncodable {
                guard (try? bindings.append(value)) != nil else { return nil }
                types.append(value.psqlType)
            } else if Mirror(reflecting: bind).displayStyle == .optional {
                // Nil: a value that is not was taken above (casts look through optionals).
                bindings.appendNull()
                types.append(.null)
            } else {
                return nil
            }
        }
        return (bindings, types)
    }
}

/// The named statements: one name for each read and the types of its binds, across all
/// connections; PostgresNIO prepares a name on a connection the first time it runs there.
final class PreparedStatements: Sendable {
    struct Statement: Sendable {
        var name: String
        var sql: String
        var types: [PostgresDataType]
        /// The SQL and its bind types: one statement each.
        var key: String { Self.key(sql, types) }
        static func key(_ sql: String, _ types: [PostgresDataType]) -> String {
            types.map { String($0.rawValue) }.joined(separator: ",") + "|" + sql
        }
    }

    static let shared = PreparedStatements()
    /// More distinct reads than this run unprepared (lists of ids make each length a read).
    static let limit = 2_000

    private let state = NIOLockedValueBox<(names: [String: Statement], refused: Set<String>)>(([:], []))

    /// The statement for `sql` with binds of these types; nil once PostgreSQL has refused to
    /// prepare it, or when there are already `limit` statements.
    func statement(for sql: String, types: [PostgresDataType]) -> Statement? {
        let key = Statement.key(sql, types)
        return state.withLockedValue { s in
            // A refused statement keeps its name, so that no other statement is given it.
            guard !s.refused.contains(key) else { return nil }
            if let known = s.names[key] { return known }
            guard s.names.count < Self.limit else { return nil }
            let made = Statement(name: "cradle_\(s.names.count + 1)", sql: sql, types: types)
            s.names[key] = made
            return made
        }
    }

    /// Runs the statement; answers false, having sent no rows, if PostgreSQL would not
    /// prepare it (the caller then runs it unprepared and reports any error as it always has).
    func run(_ statement: Statement, _ bindings: PostgresBindings, on connection: PostgresConnection, logger: Logger,
             onRow: @escaping @Sendable (PostgresRow) -> Void) async throws -> Bool {
        do {
            let rows = try await NamedRead.$current.withValue(statement) {
                try await connection.execute(NamedRead(bindings: bindings), logger: logger)
            }
            for try await row in rows { onRow(row) }
            return true
        } catch let error as PSQLError where error.code == .server && Self.preparing(error) {
            state.withLockedValue { _ = $0.refused.insert(statement.key) }
            return false
        }
    }

    /// An error PostgreSQL gives when preparing, before any row: a parameter's type it cannot
    /// determine or that does not match.
    private static func preparing(_ error: PSQLError) -> Bool {
        ["42P18", "42804", "42883", "42P08"].contains(error.serverInfo?[.sqlState] ?? "")
    }
}

/// PostgresNIO's prepared statements take their name and SQL from the statement's type; this
/// one takes them from the task running it (read at once, before `execute` first waits).
struct NamedRead: PostgresPreparedStatement {
    @TaskLocal static var current = PreparedStatements.Statement(name: "", sql: "", types: [])

    static var name: String { current.name }
    static var sql: String { current.sql }
    static var bindingDataTypes: [PostgresDataType] { current.types }

    let bindings: PostgresBindings

    func makeBindings() throws -> PostgresBindings { bindings }
    func decodeRow(_ row: PostgresRow) throws -> PostgresRow { row }
}
