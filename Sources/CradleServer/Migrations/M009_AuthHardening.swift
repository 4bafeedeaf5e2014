import Fluent

/// Failed sign-in counting and lockout.
struct M009_AuthHardening: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.schema("practitioners").field("failed_sign_ins", .int, .required, .sql(.default(0))).update()
        try await db.schema("practitioners").field("locked_until", .double).update()
    }

    func revert(on db: any Database) async throws {
        try await db.schema("practitioners").deleteField("locked_until").update()
        try await db.schema("practitioners").deleteField("failed_sign_ins").update()
    }
}
