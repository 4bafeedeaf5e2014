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
        return try await withConnection { conn in
            let db = conn.sql
            try await db.raw("BEGIN IMMEDIATE").run()
            do {
                let result = try await body(db)
                try await db.raw("COMMIT").run()
                return result
            } catch {
                try? await db.raw("ROLLBACK").run()
                throw error
            }
        }
    }
}
