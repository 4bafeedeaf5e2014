import Fluent
import SQLKit
import CradleCore

/// Sessions know whose they are, so changing a password can end the account's other
/// sessions; personal API tokens expire. Tokens made before expiry existed expire 90 days
/// after they were made.
struct M020_SessionOwnersAndTokenExpiry: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.schema("sessions").field("practitioner_id", .int64).update()
        try await db.index("sessions_practitioner", on: "sessions", "practitioner_id")
        try await db.schema("api_tokens").field("expires_on", .string).update()
        struct Row: Decodable { var id: Int64; var createdAt: String }
        for r in try await db.sql.raw("SELECT id, created_at FROM api_tokens").all(decoding: Row.self, with: rowDecoder) {
            let made = (try? Day(String(r.createdAt.prefix(10)))) ?? Day(year: 2026, month: 1, day: 1)!
            try await db.sql.raw("UPDATE api_tokens SET expires_on = \(bind: (made + PractitionerQueries.tokenDays).iso) WHERE id = \(bind: r.id)").run()
        }
    }

    func revert(on db: any Database) async throws {
        try await db.schema("api_tokens").deleteField("expires_on").update()
        try await db.schema("sessions").deleteField("practitioner_id").update()
    }
}
