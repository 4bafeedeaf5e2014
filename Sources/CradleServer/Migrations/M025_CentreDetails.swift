import Fluent

/// How families reach a children's centre: its address, phone and opening times, printed on
/// its welcome cards.
struct M025_CentreDetails: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.schema("organisations").field("address", .string).update()
        try await db.schema("organisations").field("phone", .string).update()
        try await db.schema("organisations").field("opening_times", .string).update()
    }

    func revert(on db: any Database) async throws {
        for f in ["opening_times", "phone", "address"] { try await db.schema("organisations").deleteField(.string(f)).update() }
    }
}
