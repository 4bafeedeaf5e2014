import Fluent

/// The local 0–5 offer families search without signing in: what each centre activity costs,
/// how to join, which ages and needs it is for; and each service's own entry, which its
/// team writes (a service without one is not listed).
struct M028_LocalOffer: AsyncMigration {
    static let activityColumns: [(String, DatabaseSchema.DataType)] = [
        ("cost", .string), ("how_to_join", .string), ("from_months", .int), ("to_months", .int), ("needs", .string),
    ]
    static let serviceColumns: [(String, DatabaseSchema.DataType)] = [("offer_description", .string), ("offer_when", .string), ("offer_place", .string)]
        + activityColumns.map { ("offer_" + $0.0, $0.1) }

    func prepare(on db: any Database) async throws {
        // One column a statement: SQLite adds one at a time.
        for (name, type) in Self.activityColumns { try await db.schema("centre_activities").field(.string(name), type).update() }
        for (name, type) in Self.serviceColumns { try await db.schema("services").field(.string(name), type).update() }
    }

    func revert(on db: any Database) async throws {
        for (name, _) in Self.activityColumns { try await db.schema("centre_activities").deleteField(.string(name)).update() }
        for (name, _) in Self.serviceColumns { try await db.schema("services").deleteField(.string(name)).update() }
    }
}
