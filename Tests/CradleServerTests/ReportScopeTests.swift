import Testing
import Vapor
import VaporTesting
import SQLKit
@testable import CradleServer
import CradleCore

/// Aggregate reports follow the policy: analysts see the borough, a locality manager their
/// locality, a centre its own reach area, a health visiting team its own children; other
/// professions see none, and are not offered them. On SQLite and PostgreSQL.
struct ReportScopeTests {
    struct CentreRow: Decodable { var id: Int64; var name: String; var locality: String }

    /// Centres with births in their reach area in the reach report's window.
    func centresWithBirths(_ app: Application) async throws -> [CentreRow] {
        try await app.sql.raw("""
            SELECT DISTINCT o.id, o.name, w.locality FROM people p
            JOIN addresses a ON a.person_id = p.id AND a.to_date IS NULL JOIN postcodes pc ON pc.postcode = a.postcode
            JOIN small_areas sa ON sa.id = pc.small_area_id JOIN wards w ON w.id = sa.ward_id
            JOIN organisations o ON o.id = sa.centre_organisation_id
            WHERE p.kind = 'child' AND p.date_of_birth >= \(bind: (testToday - 330).iso) ORDER BY o.id
            """).all(decoding: CentreRow.self, with: rowDecoder)
    }

    @Test func eachPersonaSeesTheReportsThePolicyScopes() async throws {
        try await withCradle(children: 300) { app in
            let centres = try await centresWithBirths(app)
            for user in ["midwife", "gp", "early.help", "social.worker", "admin", "ig.lead", "setting"] {
                var b = try await Browser.signedIn(app, as: user)
                #expect(try await b.get("/reports/reach").status == .forbidden, "\(user) reach")
                #expect(try await b.get("/reports/timeliness").status == .forbidden, "\(user) timeliness")
                let home = try await b.get("/account")
                #expect(!home.text.contains("/reports/reach") && !home.text.contains("/reports/timeliness"), "\(user) is offered no report")
            }
            var analyst = try await Browser.signedIn(app, as: "analyst")
            let all = try await analyst.get("/reports/reach")
            #expect(all.status == .ok && all.text.contains("every area"))
            #expect(centres.allSatisfy { all.text.contains(htmlEscape($0.name)) })
            #expect(all.text.contains("reaches no centre"))

            // The centre worker's own centre only.
            let mine = try await app.sql.raw("SELECT organisation_id FROM practitioners WHERE username = 'centre.worker'").first(decodingColumn: "organisation_id", as: Int64.self)!
            var cc = try await Browser.signedIn(app, as: "centre.worker")
            let own = try await cc.get("/reports/reach")
            #expect(own.status == .ok && own.text.contains("/reports/reach"))
            for c in centres { #expect(own.text.contains(htmlEscape(c.name)) == (c.id == mine), "\(c.name)") }
            #expect(!own.text.contains("reaches no centre"))

            // The North locality manager: North's centres only.
            var manager = try await Browser.signedIn(app, as: "locality.manager")
            let north = try await manager.get("/reports/reach")
            #expect(north.status == .ok && north.text.contains("(North)"))
            #expect(centres.contains { $0.locality == "North" } && centres.contains { $0.locality != "North" })
            for c in centres { #expect(north.text.contains(htmlEscape(c.name)) == (c.locality == "North"), "\(c.name)") }
            let timeliness = try await manager.get("/reports/timeliness?quarter=2026Q2")
            #expect(timeliness.status == .ok && timeliness.text.contains("Locality: North") && !timeliness.text.contains("Locality: South"))

            // A health visitor: their own team's children.
            var hv = try await Browser.signedIn(app, as: "health.visitor")
            let team = try await hv.get("/reports/timeliness?quarter=2026Q2")
            #expect(team.status == .ok && team.text.contains("Your own teams"))
            let teamName = try await app.sql.raw("""
                SELECT t.name FROM teams t JOIN practitioners p ON p.team_id = t.id WHERE p.username = 'health.visitor'
                """).first(decodingColumn: "name", as: String.self)!
            let otherTeams = try await app.sql.raw("SELECT name FROM teams WHERE name LIKE 'Health visiting%' AND name <> \(bind: teamName)")
                .all(decodingColumn: "name", as: String.self)
            #expect(team.text.contains(htmlEscape(teamName)) && otherTeams.allSatisfy { !team.text.contains(htmlEscape($0)) })
        }
    }

    /// Timeliness figures leave Cradle through disclosure control like every other figure.
    @Test func timelinessFiguresAreDisclosureControlled() async throws {
        try await withCradle(children: 300) { app in
            var analyst = try await Browser.signedIn(app, as: "analyst")
            let page = try await analyst.get("/reports/timeliness?quarter=2026Q2").text
            let counts = page.matches(of: #/(\*|\d+) of (\*|\d+)/#).flatMap { [String($0.output.1), String($0.output.2)] }
            #expect(!counts.isEmpty)
            for c in counts { #expect(c == "*" || Int(c)! % 5 == 0, "\(c) is not rounded") }
            #expect(counts.contains("*") || counts.contains { $0 != "0" })
        }
    }
}
