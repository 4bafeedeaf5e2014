import Fluent

/// Web sessions, keyed by the SHA-256 of the cookie value so a copy of the table opens no session.
struct M005_CreateSessions: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.schema("sessions")
            .field("id", .string, .identifier(auto: false))
            .field("data", .string, .required)
            .field("expires_at", .double, .required)
            .create()
    }

    func revert(on db: any Database) async throws { try await db.schema("sessions").delete() }
}
