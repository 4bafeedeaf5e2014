import Vapor
import SQLKit
import CradleCore

/// One family of the demo borough with its own access, so a newcomer can sign in as a parent:
/// the mother in the family with the demo's first team-around-the-family plan, at
/// `parent@fernmoor.example`. Her sign-in link is written to the data directory's `outbox`.
enum DemoFamilyAccess {
    static let email = "parent@fernmoor.example"

    static func seed(_ app: Application) async throws {
        let db = app.sql
        guard try await db.raw("SELECT id FROM family_accounts WHERE email = \(bind: email)").first() == nil else { return }
        struct Parent: Decodable { var id: Int64; var familyId: Int64 }
        guard let parent = try await db.raw("""
            SELECT p.id, p.family_id FROM people p
            WHERE p.kind = 'adult' AND p.family_id = (SELECT family_id FROM plans ORDER BY id LIMIT 1) ORDER BY p.id LIMIT 1
            """).first(decoding: Parent.self, with: rowDecoder) else { return }
        _ = try await FamilyAccountStore.register(family: parent.familyId, person: parent.id, email: email, by: nil, on: db)
    }
}
