import Fluent

/// Children's centres' public keys for their monthly birth lists (rotated: the newest live key
/// is used, retired ones are kept to say which key an old list was sealed to), and a log of
/// every list made.
struct M014_BirthLists: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.schema("centre_keys").autoID()
            .field("organisation_id", .int64, .required, .references("organisations", "id"))
            .field("public_key", .string, .required)
            .field("fingerprint", .string, .required)
            .field("created_at", .string, .required)
            .field("retired_at", .string)
            .create()
        try await db.index("centre_keys_organisation", on: "centre_keys", "organisation_id")
        try await db.schema("birth_lists").autoID()
            .field("organisation_id", .int64, .required, .references("organisations", "id"))
            .field("period", .string, .required)
            .field("entries", .int, .required)
            .field("births_in_area", .int, .required)
            .field("key_fingerprint", .string, .required)
            .field("created_at", .string, .required)
            .create()
    }

    func revert(on db: any Database) async throws {
        for t in ["birth_lists", "centre_keys"] { try await db.schema(t).delete() }
    }
}
