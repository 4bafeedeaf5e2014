import Fluent
import SQLKit

/// The audit trail: append-only (triggers refuse UPDATE and DELETE) and hash-chained.
struct M007_CreateAuditEvents: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.schema("audit_events")
            .field("seq", .int64, .identifier(auto: false))
            .field("at", .string, .required)
            .field("actor_id", .int64)
            .field("actor_profession", .string)
            .field("action", .string, .required)
            .field("category", .string, .required)
            .field("person_id", .int64)
            .field("family_id", .int64)
            .field("purpose", .string, .required)
            .field("decision", .string, .required)
            .field("reason", .string, .required)
            .field("path", .string, .required)
            .field("detail", .string)
            .field("prev_hash", .string, .required)
            .field("hash", .string, .required)
            .create()
        try await db.index("audit_person", on: "audit_events", "person_id")
        try await db.index("audit_actor", on: "audit_events", "actor_id")
        try await db.index("audit_decision", on: "audit_events", "decision")
        try await AuditStore.protect(db.sql)
    }

    func revert(on db: any Database) async throws {
        try await AuditStore.unprotect(db.sql)
        try await db.schema("audit_events").delete()
    }
}
