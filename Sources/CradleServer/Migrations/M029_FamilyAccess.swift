import Fluent
import SQLKit

/// A family's own access to its record: parents and carers whose email a practitioner
/// registered, the one-time sign-in links sent to it, the requests a family makes (a
/// correction, a change to a review), consent decisions a family makes itself, and an
/// address hidden from the rest of the family for someone's safety.
struct M029_FamilyAccess: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.schema("family_accounts").autoID()
            .field("family_id", .int64, .required, .references("families", "id"))
            .field("person_id", .int64, .required, .references("people", "id"))
            .field("email", .string, .required)
            .field("active", .bool, .required)
            .field("created_by", .int64, .references("practitioners", "id"))
            .field("created_at", .string, .required)
            .field("last_viewed_at", .string)
            .create()
        try await db.index("family_accounts_email", on: "family_accounts", "email", unique: true)
        try await db.index("family_accounts_family", on: "family_accounts", "family_id")
        try await db.schema("family_sign_in_links").autoID()
            .field("account_id", .int64, .required, .references("family_accounts", "id"))
            .field("token_hash", .string, .required)
            // Unix seconds.
            .field("expires_at", .int64, .required)
            .field("used_at", .string)
            .create()
        try await db.index("family_sign_in_links_token", on: "family_sign_in_links", "token_hash", unique: true)
        try await db.schema("family_requests").autoID()
            .field("family_id", .int64, .required, .references("families", "id"))
            .field("account_id", .int64, .required, .references("family_accounts", "id"))
            .field("person_id", .int64, .references("people", "id"))
            .field("kind", .string, .required)
            .field("body", .string, .required)
            .field("status", .string, .required)
            .field("created_at", .string, .required)
            .field("resolved_at", .string)
            .field("resolved_by", .int64, .references("practitioners", "id"))
            .field("response", .string)
            .create()
        try await db.index("family_requests_family", on: "family_requests", "family_id", "status")
        try await db.index("family_requests_status", on: "family_requests", "status", "id")
        try await db.sql.raw("ALTER TABLE consents ADD COLUMN recorded_by_family BIGINT REFERENCES family_accounts (id)").run()
        try await db.schema("addresses").field("hidden_from_family", .bool).update()
        // A family reads who looked at its record: entries about the family as well as each member.
        try await db.index("audit_family", on: "audit_events", "family_id")
    }

    func revert(on db: any Database) async throws {
        try await db.schema("addresses").deleteField("hidden_from_family").update()
        try await db.schema("consents").deleteField("recorded_by_family").update()
        for t in ["family_requests", "family_sign_in_links", "family_accounts"] { try await db.schema(t).delete() }
    }
}
