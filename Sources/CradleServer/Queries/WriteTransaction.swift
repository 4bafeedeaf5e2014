import Fluent
import SQLKit
import CradleSQLite

extension Database {
    /// A transaction that takes the write lock at its start. On SQLite a plain BEGIN reads
    /// first and upgrades later, which fails with SQLITE_BUSY when another connection wrote in
    /// between; BEGIN IMMEDIATE waits (busy timeout) instead. PostgreSQL needs nothing special.
    ///
    /// With `direct` (an import's own SQLite connection), the transaction runs there instead,
    /// so its page cache stays warm between batches.
    func writeTransaction<T: Sendable>(on direct: DirectConnection? = nil, _ body: @escaping @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        if let direct { return try await DirectDatabase(connection: direct, base: sql).immediateTransaction(body) }
        guard sql.dialect.name == "sqlite" else {
            return try await transaction { try await body($0.sql) }
        }
        return try await withConnection { try await $0.sql.immediateTransaction(body) }
    }
}
