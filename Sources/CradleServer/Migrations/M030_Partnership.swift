import Fluent

/// The partnership's scores against the integrated early years maturity matrix: one row a
/// dimension scored on a date, with its evidence as text, a link and an optional file.
struct M030_Partnership: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.schema("maturity_scores").autoID()
            .field("dimension", .string, .required)
            .field("stage", .int, .required)
            .field("assessed_on", .string, .required)
            .field("evidence", .string, .required)
            .field("link", .string)
            .field("file_name", .string)
            .field("file_type", .string)
            .field("file_data", .data)
            .field("recorded_by", .int64, .required, .references("practitioners", "id"))
            .field("created_at", .string, .required)
            .create()
        try await db.index("maturity_scores_dimension", on: "maturity_scores", "dimension", "assessed_on")
    }

    func revert(on db: any Database) async throws { try await db.schema("maturity_scores").delete() }
}
