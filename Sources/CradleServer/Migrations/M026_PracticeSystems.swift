import Fluent
import SQLKit

/// A GP practice's own system as a client that reads: a system client now either notifies
/// into a source's feed (`source_id`) or reads for a GP practice (`organisation_id`), so the
/// source is no longer required. SQLite cannot drop a NOT NULL, so there the table is rebuilt.
struct M026_PracticeSystems: AsyncMigration {
    func prepare(on db: any Database) async throws {
        let sql = db as! any SQLDatabase
        if sql.dialect.name == "sqlite" {
            try await sql.raw("""
                CREATE TABLE "system_clients_new" ("id" INTEGER PRIMARY KEY, "name" TEXT NOT NULL,
                    "source_id" INTEGER REFERENCES "source_systems" ("id"), "organisation_id" INTEGER REFERENCES "organisations" ("id"),
                    "permission" TEXT NOT NULL, "token_hash" TEXT NOT NULL, "created_at" TEXT NOT NULL, "revoked_at" TEXT,
                    CONSTRAINT "uq:system_clients.name" UNIQUE ("name"))
                """).run()
            try await sql.raw("""
                INSERT INTO system_clients_new (id, name, source_id, organisation_id, permission, token_hash, created_at, revoked_at)
                SELECT id, name, source_id, NULL, permission, token_hash, created_at, revoked_at FROM system_clients
                """).run()
            try await sql.raw("DROP TABLE system_clients").run()
            try await sql.raw("ALTER TABLE system_clients_new RENAME TO system_clients").run()
            try await sql.raw("CREATE INDEX system_clients_token ON system_clients (token_hash)").run()
        } else {
            try await sql.raw("ALTER TABLE system_clients ALTER COLUMN source_id DROP NOT NULL").run()
            try await db.schema("system_clients").field("organisation_id", .int64, .references("organisations", "id")).update()
        }
    }

    func revert(on db: any Database) async throws {
        let sql = db as! any SQLDatabase
        try await sql.raw("DELETE FROM system_clients WHERE source_id IS NULL").run()
        try await db.schema("system_clients").deleteField("organisation_id").update()
    }
}
