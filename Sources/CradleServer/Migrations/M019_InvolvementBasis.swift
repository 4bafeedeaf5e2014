import Fluent

/// The lawful basis a service gave when it started working with a child (nil for involvements
/// from before the basis was asked, from imports and from front-door allocations).
struct M019_InvolvementBasis: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.schema("involvements").field("lawful_basis", .string).update()
    }

    func revert(on db: any Database) async throws {
        try await db.schema("involvements").deleteField("lawful_basis").update()
    }
}
