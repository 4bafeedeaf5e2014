import Fluent

/// The locality a team serves, for the reports its locality manager sees.
struct M022_TeamLocalities: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.schema("teams").field("locality", .string).update()
    }

    func revert(on db: any Database) async throws {
        try await db.schema("teams").deleteField("locality").update()
    }
}
