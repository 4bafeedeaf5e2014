import Fluent
import SQLKit

extension Database {
    /// A transaction that takes the write lock at its start. On SQLite a plain BEGIN reads
    /// first and upgrades later, which fails with SQLITE_BUSY when another connection wrote in
    /// between; BEGIN IMMEDIATE waits (busy timeout) instead. PostgreSQL needs nothing special.
    func writeTransaction<T: Sendable>(_ body: @escaping @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        guard sql.dialect.name == "sqlite" else {
            return try await transaction { try await body($0.sql) }
        }
        return try await withConnection { try await $0.sql.immediateTransaction(body) }
    }
}

extension SQLDatabase {
    /// BEGIN IMMEDIATE, `body`, COMMIT on this one SQLite connection; ROLLBACK if `body` throws.
    func immediateTransaction<T>(_ body: (any SQLDatabase) async throws -> T) async throws -> T {
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
