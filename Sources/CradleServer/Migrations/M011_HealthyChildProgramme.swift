import Fluent

/// Healthy Child Programme records. A review is a contact of a review type; it gains the
/// practitioner type and method the 2026 KPIs ask for. ASQ results and the integrated
/// review's sections hang off that contact; family-led assessments and service levels off
/// the family.
struct M011_HealthyChildProgramme: AsyncMigration {
    func prepare(on db: any Database) async throws {
        // One column per statement: SQLite adds one column per ALTER TABLE.
        try await db.schema("contacts").field("practitioner_type", .string).update()
        try await db.schema("contacts").field("method", .string).update()
        try await db.schema("asq_results").autoID()
            .field("contact_id", .int64, .required, .references("contacts", "id"))
            .field("person_id", .int64, .required, .references("people", "id"))
            .field("interval_months", .int, .required)
            // 30 letters, area by area: Y, S, N, or - for an item left out.
            .field("answers", .string, .required)
            .field("asqse2_interval", .int)
            .field("asqse2_total", .int)
            // Comma-separated Concern values the practitioner recorded.
            .field("concerns", .string, .required)
            .field("recorded_by", .int64, .required, .references("practitioners", "id"))
            .unique(on: "contact_id")
            .create()
        try await db.index("asq_results_person", on: "asq_results", "person_id")
        // The integrated 2–2½ year review: each section keeps its author.
        try await db.schema("review_sections").autoID()
            .field("contact_id", .int64, .required, .references("contacts", "id"))
            .field("section", .string, .required)
            .field("fields", .string, .required)
            .field("author_id", .int64, .required, .references("practitioners", "id"))
            .field("author_organisation_id", .int64, .references("organisations", "id"))
            .field("written_on", .string, .required)
            .version()
            .unique(on: "contact_id", "section")
            .create()
        try await db.schema("family_journeys").autoID()
            .field("family_id", .int64, .required, .references("families", "id"))
            .field("assessed_on", .string, .required)
            .field("ratings", .string, .required)
            .field("good_at", .string, .required)
            .field("want_to_change", .string, .required)
            .field("life_when_done", .string, .required)
            .field("priorities", .string, .required)
            .field("actions", .string, .required)
            .field("recorded_by", .int64, .required, .references("practitioners", "id"))
            .create()
        try await db.index("family_journeys_family", on: "family_journeys", "family_id")
        try await db.schema("service_levels").autoID()
            .field("family_id", .int64, .required, .references("families", "id"))
            .field("level", .string, .required)
            .field("from_date", .string, .required)
            .field("reason", .string, .required)
            .field("set_by", .int64, .required, .references("practitioners", "id"))
            .create()
        try await db.index("service_levels_family", on: "service_levels", "family_id")
    }

    func revert(on db: any Database) async throws {
        for t in ["service_levels", "family_journeys", "review_sections", "asq_results"] { try await db.schema(t).delete() }
        try await db.schema("contacts").deleteField("practitioner_type").update()
        try await db.schema("contacts").deleteField("method").update()
    }
}
