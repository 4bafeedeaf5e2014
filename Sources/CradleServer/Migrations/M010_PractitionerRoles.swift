import Fluent

/// Designations beyond profession (safeguarding lead, Caldicott guardian), comma-separated.
struct M010_PractitionerRoles: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.schema("practitioners").field("roles", .string, .required, .sql(.default(""))).update()
    }

    func revert(on db: any Database) async throws {
        try await db.schema("practitioners").deleteField("roles").update()
    }
}
