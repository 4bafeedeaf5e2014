import Fluent

/// Geography, organisations, teams and services: the directory every record points into.
struct M001_CreateReference: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.schema("wards").autoID()
            .field("code", .string, .required).field("name", .string, .required)
            .field("locality", .string, .required)
            .unique(on: "code").create()
        try await db.schema("organisations").autoID()
            .field("code", .string, .required).field("name", .string, .required)
            .field("kind", .string, .required)
            .unique(on: "code").create()
        try await db.schema("small_areas").autoID()
            .field("code", .string, .required).field("name", .string, .required)
            .field("ward_id", .int64, .required, .references("wards", "id"))
            .field("centre_organisation_id", .int64, .references("organisations", "id"))
            .unique(on: "code").create()
        // The reach lookup: postcode → small area (→ ward and children's centre).
        try await db.schema("postcodes")
            .field("postcode", .string, .identifier(auto: false))
            .field("small_area_id", .int64, .required, .references("small_areas", "id"))
            .create()
        try await db.schema("teams").autoID()
            .field("organisation_id", .int64, .required, .references("organisations", "id"))
            .field("name", .string, .required).create()
        try await db.schema("services").autoID()
            .field("name", .string, .required).field("kind", .string, .required)
            .field("organisation_id", .int64, .required, .references("organisations", "id"))
            .field("team_id", .int64, .references("teams", "id"))
            .create()
    }

    func revert(on db: any Database) async throws {
        for t in ["services", "teams", "postcodes", "small_areas", "organisations", "wards"] { try await db.schema(t).delete() }
    }
}
