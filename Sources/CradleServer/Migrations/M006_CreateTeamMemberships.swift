import Fluent

/// A practitioner may belong to several teams (their own, plus, say, a multi-agency team).
struct M006_CreateTeamMemberships: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.schema("team_memberships")
            .field("practitioner_id", .int64, .required, .references("practitioners", "id"))
            .field("team_id", .int64, .required, .references("teams", "id"))
            .unique(on: "practitioner_id", "team_id")
            .create()
        // Everyone already in a team is a member of it.
        try await db.sql.raw("""
            INSERT INTO team_memberships (practitioner_id, team_id)
            SELECT id, team_id FROM practitioners WHERE team_id IS NOT NULL
            """).run()
    }

    func revert(on db: any Database) async throws { try await db.schema("team_memberships").delete() }
}
