import Testing
import Vapor
import VaporTesting
import SQLKit
@testable import CradleServer
import CradleCore

/// Who may start, change or end a service's involvement with a child: the policy decides, on
/// the team that runs the service and the lawful basis given. On SQLite and PostgreSQL.
struct InvolvementTests {
    /// An open involvement of a team the health visitor is not in, with a child she works with.
    func othersInvolvement(_ app: Application) async throws -> (id: Int64, child: Int64, owner: String) {
        struct Row: Decodable { var id: Int64; var child: Int64; var owner: String }
        return try await app.sql.raw("""
            SELECT i.id, p.id AS child, MIN(pr.username) AS owner FROM involvements i
            JOIN people p ON p.id = i.person_id OR p.family_id = i.family_id
            JOIN services s ON s.id = i.service_id JOIN practitioners pr ON pr.team_id = s.team_id
            WHERE i.end_date IS NULL AND p.kind = 'child' AND p.id = (SELECT MIN(q.id) FROM people q WHERE q.id = p.id)
              AND s.team_id NOT IN (SELECT tm.team_id FROM team_memberships tm JOIN practitioners h ON h.id = tm.practitioner_id WHERE h.username = 'health.visitor')
              AND p.id IN (SELECT c.id FROM people c JOIN involvements j ON (j.person_id = c.id OR j.family_id = c.family_id) AND j.end_date IS NULL
                           JOIN services t ON t.id = j.service_id JOIN team_memberships tm ON tm.team_id = t.team_id
                           JOIN practitioners h ON h.id = tm.practitioner_id WHERE h.username = 'health.visitor')
              AND pr.username NOT IN ('admin', 'analyst', 'ig.lead')
            GROUP BY i.id, p.id ORDER BY i.id LIMIT 1
            """).first(decoding: Row.self, with: rowDecoder).map { ($0.id, $0.child, $0.owner) }!
    }

    @Test func onlyTheInvolvedTeamChangesOrEndsItsInvolvement() async throws {
        try await withCradle(children: 120) { app in
            let (id, child, owner) = try await othersInvolvement(app)
            let i = try #require(try await InvolvementStore.find(id, on: app.sql))
            var hv = try await Browser.signedIn(app)
            let page = try await hv.get("/people/\(child)")
            #expect(page.status == .ok, "she works with the child")
            #expect(!page.text.contains("/involvements/\(id)/edit"), "no Change link she could not use")
            #expect(page.text.contains("/involvements/new"))
            #expect(try await hv.get("/involvements/\(id)/edit").status == .forbidden)
            let end = ["serviceId": String(i.serviceId), "startDate": i.startDate, "endDate": testToday.iso, "version": String(i.version)]
            let refused = try await hv.post("/involvements/\(id)", end)
            #expect(refused.status == .forbidden)
            #expect(refused.text.contains("Only the team whose service this is"))
            #expect(try await InvolvementStore.find(id, on: app.sql)?.endDate == nil)
            let denied = try await AuditStore.denied(on: app.sql)
            #expect(denied.contains { $0.category == "involvement" && $0.personId == i.personId && $0.action == "update" })
            var api = try await apiToken(app)
            api.contentType = .json
            let viaAPI = try await app.send(.PUT, "/api/v1/involvements/\(id)", headers: api,
                                            body: #"{"serviceId":\#(i.serviceId),"startDate":"\#(i.startDate)","endDate":"\#(testToday.iso)","version":\#(i.version)}"#)
            #expect(viaAPI.status == .forbidden)

            var team = try await Browser.signedIn(app, as: owner)
            #expect(try await team.get("/people/\(child)").text.contains("/involvements/\(id)/edit"))
            #expect(try await team.get("/involvements/\(id)/edit").status == .ok)
            // Moving it to another team's service is refused even to the team.
            let elsewhere = try await ownService(app)
            #expect(try await team.post("/involvements/\(id)", end.merging(["serviceId": String(elsewhere)]) { $1 }).status == .forbidden)
            // Ending it is asked first; nothing changes until it is confirmed.
            let asked = try await team.post("/involvements/\(id)", end)
            #expect(asked.status == .ok && asked.text.contains("End the involvement"))
            #expect(try await InvolvementStore.find(id, on: app.sql)?.endDate == nil)
            #expect(try await team.post("/involvements/\(id)", end.merging(["confirmed": "yes"]) { $1 }).status == .seeOther)
            #expect(try await InvolvementStore.find(id, on: app.sql)?.endDate == testToday.iso)
        }
    }

    @Test func startingAServiceNeedsTheTeamsOwnServiceAndALawfulBasis() async throws {
        try await withCradle(children: 60) { app in
            // Two children the health visitor's team does not work with, both outside its
            // locality; one then moves into it.
            func unrelated(inNorth: Bool, not other: Int64 = -1) async throws -> Int64 {
                try await app.sql.raw("""
                    SELECT MIN(p.id) AS id FROM people p JOIN addresses a ON a.person_id = p.id AND a.to_date IS NULL
                    JOIN postcodes pc ON pc.postcode = a.postcode JOIN small_areas sa ON sa.id = pc.small_area_id JOIN wards w ON w.id = sa.ward_id
                    WHERE p.kind = 'child' AND p.id <> \(bind: other) AND (w.locality = 'North') = \(bind: inNorth) AND NOT EXISTS (
                        SELECT 1 FROM involvements i JOIN services s ON s.id = i.service_id
                        JOIN team_memberships tm ON tm.team_id = s.team_id JOIN practitioners pr ON pr.id = tm.practitioner_id
                        WHERE (i.person_id = p.id OR i.family_id = p.family_id) AND pr.username = 'health.visitor')
                    """).first(decodingColumn: "id", as: Int64.self)!
            }
            let stranger = try await unrelated(inNorth: false)
            let elsewhere = try await unrelated(inNorth: false, not: stranger)
            let north = try await app.sql.raw("""
                SELECT MIN(pc.postcode) AS postcode FROM postcodes pc JOIN small_areas sa ON sa.id = pc.small_area_id JOIN wards w ON w.id = sa.ward_id
                WHERE w.locality = 'North'
                """).first(decodingColumn: "postcode", as: String.self)!
            try await app.sql.raw("UPDATE addresses SET postcode = \(bind: north) WHERE person_id = \(bind: stranger) AND to_date IS NULL").run()
            let mine = try await ownService(app)
            #expect(try await app.sql.raw("SELECT t.locality FROM teams t JOIN practitioners p ON p.team_id = t.id WHERE p.username = 'health.visitor'")
                .first(decodingColumn: "locality", as: String.self) == "North")
            let theirs = try await ownService(app, of: "social.worker")
            var hv = try await Browser.signedIn(app)
            let count = { try await app.count("involvements") }
            let before = try await count()
            let form = ["serviceId": String(mine), "startDate": testToday.iso]

            let noBasis = try await hv.post("/people/\(stranger)/involvements", form)
            #expect(noBasis.status == .unprocessableEntity && noBasis.text.contains("Lawful basis"))
            let notHers = try await hv.post("/people/\(stranger)/involvements", form.merging(["serviceId": String(theirs), "lawfulBasis": "universal_service"]) { $1 })
            #expect(notHers.status == .forbidden && notHers.text.contains("only a service your own team runs"))
            let agreedWithoutRelationship = try await hv.post("/people/\(stranger)/involvements", form.merging(["lawfulBasis": "family_agreed"]) { $1 })
            #expect(agreedWithoutRelationship.status == .forbidden)
            let statutory = try await hv.post("/people/\(stranger)/involvements", form.merging(["lawfulBasis": "statutory_duty"]) { $1 })
            #expect(statutory.status == .forbidden && statutory.text.contains("social care starts"))
            let outside = try await hv.post("/people/\(elsewhere)/involvements", form.merging(["lawfulBasis": "universal_service"]) { $1 })
            #expect(outside.status == .forbidden && outside.text.contains("living in its team"))
            #expect(try await count() == before)

            // A universal health service takes on a child new to it: allowed, stored with its basis, audited.
            #expect(try await hv.post("/people/\(stranger)/involvements", form.merging(["lawfulBasis": "universal_service"]) { $1 }).status == .seeOther)
            #expect(try await count() == before + 1)
            let basis = try await app.sql.raw("SELECT lawful_basis FROM involvements WHERE person_id = \(bind: stranger) AND service_id = \(bind: mine)")
                .first(decodingColumn: "lawful_basis", as: String.self)
            #expect(basis == "universal_service")
            let trail = try await AuditStore.forPerson(stranger, on: app.sql)
            #expect(trail.contains { $0.action == "create" && $0.category == "involvement" && $0.decision == "allow" && ($0.detail ?? "").contains("universal_service") })
        }
    }

    /// A children's centre without a relationship cannot make one by adding its own service,
    /// even with the family's consent to share birth details or with break-glass open.
    @Test func neitherConsentNorBreakGlassStartsARelationship() async throws {
        try await withCradle(children: 60) { app in
            let stranger = try await unrelatedChild(app, of: "centre.worker")
            let centreService = try await ownService(app, of: "centre.worker")
            var cc = try await Browser.signedIn(app, as: "centre.worker")
            #expect(try await cc.get("/people/\(stranger)/involvements/new").status == .forbidden)
            #expect(try await cc.post("/people/\(stranger)/break-glass", ["reason": "Family arrived at the centre in crisis today"]).status == .seeOther)
            #expect(try await cc.get("/people/\(stranger)").status == .ok, "break-glass reads the record")
            let tried = try await cc.post("/people/\(stranger)/involvements", ["serviceId": String(centreService), "startDate": testToday.iso, "lawfulBasis": "family_agreed"])
            #expect(tried.status == .forbidden)
            let rows = try await app.sql.raw("SELECT COUNT(*) AS n FROM involvements WHERE person_id = \(bind: stranger) AND service_id = \(bind: centreService)")
                .first(decodingColumn: "n", as: Int.self)
            #expect(rows == 0)
        }
    }
}
