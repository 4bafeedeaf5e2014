import SQLKit

/// After rows are written with explicit ids, PostgreSQL's identity sequences must move past
/// them; SQLite derives the next id from the table itself. The one dialect branch of bulk loading.
enum SequenceReset {
    static func afterBulkLoad(_ db: any SQLDatabase, tables: [String]) async throws {
        guard db.dialect.name == "postgresql" else { return }
        for t in tables {
            try await db.raw("""
                SELECT setval(pg_get_serial_sequence(\(bind: t), 'id'), GREATEST((SELECT COALESCE(MAX(id), 0) FROM \(ident: t)), 1))
                """).run()
        }
    }
}
