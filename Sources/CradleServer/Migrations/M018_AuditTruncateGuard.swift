import Fluent
import SQLKit

/// PostgreSQL's row triggers do not fire on TRUNCATE: a statement trigger refuses it too.
/// SQLite has no TRUNCATE (its DELETE trigger already covers emptying the table).
struct M018_AuditTruncateGuard: AsyncMigration {
    func prepare(on db: any Database) async throws {
        guard db.sql.dialect.name == "postgresql" else { return }
        try await AuditStore.create("audit_events_no_truncate", on: db.sql)
    }

    func revert(on db: any Database) async throws {
        guard db.sql.dialect.name == "postgresql" else { return }
        try await db.sql.raw("DROP TRIGGER IF EXISTS audit_events_no_truncate ON audit_events").run()
    }
}
