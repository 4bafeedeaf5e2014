import Fluent

/// Consent records (append-only history), information-sharing agreements with their parties,
/// and break-glass grants with their review.
struct M008_CreateGovernance: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.schema("consents").autoID()
            .field("person_id", .int64, .required, .references("people", "id"))
            .field("purpose", .string, .required)
            .field("status", .string, .required)
            // Comma-separated organisation kinds and organisation ids; empty means any.
            .field("recipient_kinds", .string, .required)
            .field("recipient_organisations", .string, .required)
            .field("given_by", .string, .required)
            .field("given_on", .string, .required)
            .field("expires_on", .string)
            .field("method", .string, .required)
            .field("recorded_by", .int64, .required, .references("practitioners", "id"))
            .create()
        try await db.index("consents_person", on: "consents", "person_id", "purpose")
        try await db.schema("agreements").autoID()
            .field("name", .string, .required)
            .field("purposes", .string, .required)
            .field("categories", .string, .required)
            .field("lawful_basis", .string, .required)
            .field("status", .string, .required)
            .field("start_date", .string, .required)
            .field("end_date", .string)
            .field("review_date", .string)
            .field("caldicott_guardian", .string, .required)
            .field("siro", .string, .required)
            .field("dpo", .string, .required)
            .version()
            .create()
        try await db.schema("agreement_parties")
            .field("agreement_id", .int64, .required, .references("agreements", "id"))
            .field("organisation_id", .int64, .required, .references("organisations", "id"))
            .unique(on: "agreement_id", "organisation_id")
            .create()
        try await db.index("agreement_parties_org", on: "agreement_parties", "organisation_id")
        try await db.schema("break_glass").autoID()
            .field("practitioner_id", .int64, .required, .references("practitioners", "id"))
            .field("person_id", .int64, .required, .references("people", "id"))
            .field("reason", .string, .required)
            .field("started_at", .string, .required)
            .field("expires_at", .string, .required)
            .field("review_outcome", .string)
            .field("review_note", .string)
            .field("reviewed_by", .int64, .references("practitioners", "id"))
            .field("reviewed_at", .string)
            .create()
        try await db.index("break_glass_actor_person", on: "break_glass", "practitioner_id", "person_id")
    }

    func revert(on db: any Database) async throws {
        for t in ["break_glass", "agreement_parties", "agreements", "consents"] { try await db.schema(t).delete() }
    }
}
