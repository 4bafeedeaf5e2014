import Fluent

/// A new account's one-time set-up link: the administrator never knows its password.
struct M021_AccountSetupLinks: AsyncMigration {
    func prepare(on db: any Database) async throws {
        // One column a statement: SQLite adds one at a time.
        try await db.schema("practitioners").field("setup_token_hash", .string).update()
        try await db.schema("practitioners").field("setup_expires_at", .double).update()
    }

    func revert(on db: any Database) async throws {
        try await db.schema("practitioners").deleteField("setup_expires_at").update()
        try await db.schema("practitioners").deleteField("setup_token_hash").update()
    }
}
