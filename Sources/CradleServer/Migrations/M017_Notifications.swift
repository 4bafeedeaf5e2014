import Fluent
import SQLKit

/// Birth and antenatal notifications from source systems: a consent decision a feed carries is
/// recorded by that source, not by a practitioner; the GP practice a birth names; and system
/// clients whose credential carries only the notify permission for their own feed.
struct M017_Notifications: AsyncMigration {
    func prepare(on db: any Database) async throws {
        let sql = db.sql
        if sql.dialect.name == "postgresql" {
            try await sql.raw("ALTER TABLE consents ALTER COLUMN recorded_by DROP NOT NULL").run()
            try await sql.raw("ALTER TABLE consents ADD COLUMN recorded_by_source BIGINT REFERENCES source_systems (id)").run()
        } else {
            // SQLite cannot drop NOT NULL in place: the table is rebuilt, rows and ids kept.
            try await sql.raw("""
                CREATE TABLE "consents_new" ("id" INTEGER PRIMARY KEY, "person_id" INTEGER NOT NULL REFERENCES "people" ("id"),
                    "purpose" TEXT NOT NULL, "status" TEXT NOT NULL, "recipient_kinds" TEXT NOT NULL, "recipient_organisations" TEXT NOT NULL,
                    "given_by" TEXT NOT NULL, "given_on" TEXT NOT NULL, "expires_on" TEXT, "method" TEXT NOT NULL,
                    "recorded_by" INTEGER REFERENCES "practitioners" ("id"), "recorded_by_source" INTEGER REFERENCES "source_systems" ("id"))
                """).run()
            try await sql.raw("""
                INSERT INTO consents_new (id, person_id, purpose, status, recipient_kinds, recipient_organisations, given_by, given_on,
                    expires_on, method, recorded_by)
                SELECT id, person_id, purpose, status, recipient_kinds, recipient_organisations, given_by, given_on, expires_on, method, recorded_by
                FROM consents
                """).run()
            try await sql.raw("DROP TABLE consents").run()
            try await sql.raw("ALTER TABLE consents_new RENAME TO consents").run()
            try await db.index("consents_person", on: "consents", "person_id", "purpose")
        }
        try await db.schema("people").field("gp_practice", .string).update()
        // A CSV file's header, kept once: each source record keeps its own line.
        try await db.schema("imports").field("header", .string).update()
        // Monthly birth lists read a month of births at a time.
        try await db.index("people_date_of_birth", on: "people", "date_of_birth")
        try await db.schema("system_clients").autoID()
            .field("name", .string, .required)
            .field("source_id", .int64, .required, .references("source_systems", "id"))
            // What the credential may do; "notify" is the only permission a system client holds.
            .field("permission", .string, .required)
            .field("token_hash", .string, .required)
            .field("created_at", .string, .required)
            .field("revoked_at", .string)
            .unique(on: "name")
            .create()
        try await db.index("system_clients_token", on: "system_clients", "token_hash")
    }

    func revert(on db: any Database) async throws {
        try await db.schema("system_clients").delete()
        try await db.schema("people").deleteField("gp_practice").update()
        try await db.schema("consents").deleteField("recorded_by_source").update()
    }
}
