import Testing
import Vapor
import SQLKit
@testable import CradleServer
import CradleCore

/// The household read in one statement gives each member, and the family, exactly the
/// involvements read one person at a time. On SQLite and PostgreSQL.
struct HouseholdInvolvementsTests {
    @Test func eachMemberAndTheFamilyGetWhatTheirOwnReadsGive() async throws {
        try await withCradle(children: 40) { app in
            struct Member: Decodable { var id: Int64; var familyId: Int64 }
            // A family of three or more, and another family's child.
            let members = try await app.sql.raw("""
                SELECT id, family_id FROM people WHERE family_id = (
                    SELECT family_id FROM people WHERE family_id IS NOT NULL GROUP BY family_id HAVING COUNT(*) >= 3 ORDER BY family_id LIMIT 1)
                ORDER BY id
                """).all(decoding: Member.self, with: rowDecoder)
            try #require(members.count >= 3)
            let family = members[0].familyId
            let outsider = try await app.sql.raw("SELECT MIN(id) AS id FROM people WHERE family_id <> \(bind: family)")
                .first(decodingColumn: "id", as: Int64.self)!
            // One involvement with the family alone, and one with a member and the family both
            // (it must come once), besides what the demo gave them.
            let service = try await app.sql.raw("SELECT MIN(id) AS id FROM services").first(decodingColumn: "id", as: Int64.self)!
            try await app.sql.raw("""
                INSERT INTO involvements (service_id, person_id, family_id, start_date, version)
                VALUES (\(bind: service), NULL, \(bind: family), '2026-01-05', 1), (\(bind: service), \(bind: members[1].id), \(bind: family), '2026-02-05', 1)
                """).run()

            let household = try await InvolvementStore.household(of: members[0].id, on: app.sql)
            #expect(household.familyId == family)
            for m in members {
                let alone = try await InvolvementStore.forPerson(id: m.id, on: app.sql)
                let together = try #require(household.of(person: m.id))
                #expect(together.map(\.id).sorted() == alone.map(\.id).sorted(), "member \(m.id)")
                #expect(Set(together.map(\.id)).count == together.count)
                // Open ones first, then the newest.
                #expect(together.map { $0.endDate == nil } == together.map { $0.endDate == nil }.sorted { $0 && !$1 })
            }
            let familyWide = try await app.sql.raw("""
                SELECT DISTINCT i.id FROM involvements i
                WHERE i.family_id = \(bind: family) OR i.person_id IN (SELECT id FROM people WHERE family_id = \(bind: family))
                ORDER BY i.id
                """).all(decodingColumn: "id", as: Int64.self)
            #expect(household.of(family: family)?.map(\.id).sorted() == familyWide)
            #expect(familyWide.count >= 2)
            #expect(household.of(person: outsider) == nil)
            #expect(household.of(family: family + 100_000) == nil)
        }
    }

    @Test func aPersonWithoutAFamilyHasTheirOwnAlone() async throws {
        try await withCradle(children: 5) { app in
            var b = try await Browser.signedIn(app)
            let created = try await b.post("/children", ["kind": "child", "relationship": "child", "givenName": "Lone", "familyName": "Testwell",
                                                         "sex": "female", "dateOfBirth": "2025-06-01", "postcode": "zy1 2ab", "addressLine": "1 Test Street"])
            let child = Int64(created.headers.first(name: .location)!.split(separator: "/").last!)!
            try await app.sql.raw("UPDATE people SET family_id = NULL WHERE id = \(bind: child)").run()
            let household = try await InvolvementStore.household(of: child, on: app.sql)
            #expect(household.familyId == nil)
            #expect(household.own.keys.sorted() == [child])
            #expect(household.of(person: child)?.map(\.id) == (try await InvolvementStore.forPerson(id: child, on: app.sql)).map(\.id))
            #expect(household.of(person: child)?.isEmpty == false)
        }
    }
}
