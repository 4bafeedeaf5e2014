import Fluent

/// Why a programme was offered to a family that does not meet its criteria.
struct M024_OfferOutsideCriteria: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.schema("programme_offers").field("outside_criteria", .string).update()
    }

    func revert(on db: any Database) async throws {
        try await db.schema("programme_offers").deleteField("outside_criteria").update()
    }
}
