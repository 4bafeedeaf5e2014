import Fluent

/// What services do with a child or family: involvements, contacts and case notes.
struct M004_CreateServiceRecords: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.schema("involvements").autoID()
            .field("service_id", .int64, .required, .references("services", "id"))
            // Exactly one of person_id and family_id is set.
            .field("person_id", .int64, .references("people", "id"))
            .field("family_id", .int64, .references("families", "id"))
            .field("start_date", .string, .required)
            .field("end_date", .string)
            .field("lead_practitioner_id", .int64, .references("practitioners", "id"))
            .version()
            .create()
        try await db.index("involvements_person", on: "involvements", "person_id")
        try await db.index("involvements_family", on: "involvements", "family_id")
        try await db.schema("contacts").autoID()
            .field("person_id", .int64, .required, .references("people", "id"))
            .field("service_id", .int64, .required, .references("services", "id"))
            .field("practitioner_id", .int64, .references("practitioners", "id"))
            .field("date", .string, .required)
            .field("type", .string, .required)
            .field("place", .string, .required)
            .field("outcome", .string, .required)
            .version()
            .create()
        try await db.index("contacts_person_date", on: "contacts", "person_id", "date")
        try await db.schema("notes").autoID()
            .field("person_id", .int64, .required, .references("people", "id"))
            .field("author_id", .int64, .required, .references("practitioners", "id"))
            .field("author_profession", .string, .required)
            .field("visibility", .string, .required)
            .field("written_on", .string, .required)
            .field("body", .string, .required)
            .version()
            .create()
        try await db.index("notes_person", on: "notes", "person_id")
    }

    func revert(on db: any Database) async throws {
        for t in ["notes", "contacts", "involvements"] { try await db.schema(t).delete() }
    }
}
