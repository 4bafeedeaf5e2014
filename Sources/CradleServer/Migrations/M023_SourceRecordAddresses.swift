import Fluent

/// What the linker compares of a source record's address: the line as written, and a postcode
/// that is not a UK postcode as text (the `postcode` column holds only UK postcodes).
struct M023_SourceRecordAddresses: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.schema("source_records").field("address_line", .string).update()
        try await db.schema("source_records").field("postcode_text", .string).update()
    }

    func revert(on db: any Database) async throws {
        try await db.schema("source_records").deleteField("postcode_text").update()
        try await db.schema("source_records").deleteField("address_line").update()
    }
}
