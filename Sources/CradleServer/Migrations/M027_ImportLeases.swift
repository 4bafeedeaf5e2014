import Fluent

/// Imports claimed through the database, so that several servers can share one: who runs an
/// import (`runner`) and until when its lease holds (`lease_until`, Unix milliseconds), and
/// the file of an import any server may run or resume, kept until the import ends.
struct M027_ImportLeases: AsyncMigration {
    func prepare(on db: any Database) async throws {
        // One column a statement: SQLite adds one at a time.
        try await db.schema("imports").field("runner", .string).update()
        try await db.schema("imports").field("lease_until", .int64).update()
        try await db.schema("import_files")
            .field("import_id", .int64, .required, .references("imports", "id"))
            .field("data", .data, .required)
            .create()
        try await db.index("import_files_import", on: "import_files", "import_id", unique: true)
        try await db.index("imports_status", on: "imports", "status", "id")
    }

    func revert(on db: any Database) async throws {
        try await db.schema("import_files").delete()
        try await db.schema("imports").deleteField("runner").update()
        try await db.schema("imports").deleteField("lease_until").update()
    }
}
