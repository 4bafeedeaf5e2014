import Fluent

/// Families, people (children, unborn children and adults) and their addresses.
/// Dates are ISO text (`YYYY-MM-DD`): they sort and compare correctly in both databases.
struct M003_CreatePeople: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.schema("families").autoID()
            .field("name", .string, .required)
            .version()
            .field("created_at", .string, .required)
            .create()
        try await db.schema("people").autoID()
            .field("family_id", .int64, .references("families", "id"))
            .field("kind", .string, .required)
            .field("relationship", .string, .required)
            .field("given_name", .string, .required)
            .field("family_name", .string, .required)
            // Lower-cased, letters only: what name search compares against.
            .field("given_key", .string, .required)
            .field("family_key", .string, .required)
            .field("sex", .string, .required)
            .field("date_of_birth", .string)
            .field("expected_delivery_date", .string)
            .field("nhs_number", .string)
            .field("gestation_weeks", .int)
            .field("birth_weight_grams", .int)
            .version()
            .field("created_at", .string, .required)
            .create()
        try await db.index("people_nhs_number", on: "people", "nhs_number", unique: true)
        try await db.index("people_family_key_dob", on: "people", "family_key", "date_of_birth")
        try await db.index("people_family_id", on: "people", "family_id")
        try await db.schema("addresses").autoID()
            .field("person_id", .int64, .required, .references("people", "id"))
            .field("line", .string)
            .field("postcode", .string, .required)
            .field("from_date", .string, .required)
            .field("to_date", .string)
            .create()
        try await db.index("addresses_person", on: "addresses", "person_id")
        try await db.index("addresses_postcode", on: "addresses", "postcode")
    }

    func revert(on db: any Database) async throws {
        for t in ["addresses", "people", "families"] { try await db.schema(t).delete() }
    }
}
