import Fluent

/// Practitioners who sign in, their profession, organisation and team, and API tokens.
struct M002_CreatePractitioners: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.schema("practitioners").autoID()
            .field("username", .string, .required).field("display_name", .string, .required)
            .field("profession", .string, .required)
            .field("organisation_id", .int64, .required, .references("organisations", "id"))
            .field("team_id", .int64, .references("teams", "id"))
            .field("password_hash", .string, .required)
            .field("active", .bool, .required, .sql(.default(true)))
            .version()
            .unique(on: "username").create()
        try await db.schema("api_tokens").autoID()
            .field("practitioner_id", .int64, .required, .references("practitioners", "id"))
            .field("name", .string, .required)
            .field("token_hash", .string, .required)
            .field("created_at", .string, .required)
            .field("revoked_at", .string)
            .unique(on: "token_hash").create()
    }

    func revert(on db: any Database) async throws {
        try await db.schema("api_tokens").delete()
        try await db.schema("practitioners").delete()
    }
}
