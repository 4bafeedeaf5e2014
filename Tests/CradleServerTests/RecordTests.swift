import Testing
import Vapor
import VaporTesting
import SQLKit
@testable import CradleServer
import CradleCore

struct RecordTests {
    /// Creates a child with a health-visiting involvement through the forms and returns its id.
    func childWithService(_ b: inout Browser, _ app: Application) async throws -> (child: Int64, service: Int64) {
        let nhs = NHSNumber.make(firstNine: 999_888_001)!
        let created = try await b.post("/children", ["kind": "child", "relationship": "child", "givenName": "Ada", "familyName": "Testwell",
                                                     "sex": "female", "dateOfBirth": "2025-06-01", "nhsNumber": nhs.formatted,
                                                     "postcode": "zy1 2ab", "addressLine": "1 Test Street"])
        #expect(created.status == .seeOther)
        let child = Int64(created.headers.first(name: .location)!.split(separator: "/").last!)!
        let service = try await app.sql.raw("""
            SELECT s.id FROM services s JOIN practitioners p ON p.team_id = s.team_id WHERE p.username = 'health.visitor'
            """)
            .first(decodingColumn: "id", as: Int64.self)!
        // Registering the child involved the registering health visitor's own service.
        let involved = try await InvolvementStore.forPerson(id: child, on: app.sql)
        #expect(involved.map(\.serviceId) == [service])
        return (child, service)
    }

    @Test func servicesInvolvedPanelCountsAttendedAndMissed() async throws {
        try await withCradle(children: 5) { app in
            var b = try await Browser.signedIn(app)
            let (child, service) = try await childWithService(&b, app)
            for outcome in ["attended", "attended", "did_not_attend", "booked"] {
                let date = outcome == "booked" ? "2026-12-10" : "2026-10-01"
                let r = try await b.post("/people/\(child)/contacts", ["serviceId": String(service), "date": date,
                                                                        "type": "clinic", "place": "clinic", "outcome": outcome])
                #expect(r.status == .seeOther)
            }
            let page = try await b.get("/people/\(child)")
            #expect(page.status == .ok)
            let html = page.text
            #expect(html.contains("Services involved (1 current)"))
            #expect(html.contains(#"data-label="Contacts">4<"#))
            #expect(html.contains(#"data-label="Attended">2<"#))
            #expect(html.contains(#"data-label="Missed">1<"#))
            #expect(html.contains(#"data-label="Booked">1<"#))
            #expect(html.contains("Chronology — last 12 months"))
            #expect(html.contains("Did not attend"))
            #expect(!html.contains("10 Dec 2026"), "an appointment still to come is counted as booked, not listed as history")
        }
    }

    /// A contact is filed under a service involved with the child or the practitioner's own
    /// team's: another team's service, not involved, is neither offered nor accepted.
    @Test func aContactIsFiledUnderAnInvolvedOrOwnService() async throws {
        try await withCradle(children: 5) { app in
            var b = try await Browser.signedIn(app)
            let (child, service) = try await childWithService(&b, app)
            let other = try await app.sql.raw("""
                SELECT MIN(s.id) AS id FROM services s WHERE s.id <> \(bind: service)
                  AND NOT EXISTS (SELECT 1 FROM practitioners p WHERE p.team_id = s.team_id AND p.username = 'health.visitor')
                """).first(decodingColumn: "id", as: Int64.self)!
            let form = try await b.get("/people/\(child)/contacts/new")
            #expect(form.text.contains(#"<optgroup label="Involved with this child"><option value="\#(service)" selected="">"#))
            #expect(!form.text.contains(#"<option value="\#(other)""#))
            let refused = try await b.post("/people/\(child)/contacts", ["serviceId": String(other), "date": "2026-10-01",
                                                                           "type": "clinic", "place": "clinic", "outcome": "attended"])
            #expect(refused.status == .unprocessableEntity)
            #expect(refused.text.contains("Service must be one involved with this child or one your team runs"))
            let stored = try await app.sql.raw("SELECT COUNT(*) AS n FROM contacts WHERE person_id = \(bind: child)")
                .first(decodingColumn: "n", as: Int.self)!
            #expect(stored == 0)
        }
    }

    @Test func familyLevelServicesAppearOnEveryChildsRecord() async throws {
        try await withCradle(children: 60) { app in
            var b = try await Browser.signedIn(app)
            struct Row: Decodable { var familyId: Int64; var serviceName: String }
            let row = try await app.sql.raw("""
                SELECT i.family_id, s.name AS service_name FROM involvements i JOIN services s ON s.id = i.service_id
                JOIN practitioners p ON p.team_id = s.team_id AND p.username = 'health.visitor'
                WHERE i.family_id IS NOT NULL ORDER BY i.id LIMIT 1
                """).first(decoding: Row.self, with: rowDecoder)!
            let children = try await app.sql.raw("SELECT id FROM people WHERE family_id = \(bind: row.familyId) AND kind = 'child'")
                .all(decodingColumn: "id", as: Int64.self)
            #expect(!children.isEmpty)
            for c in children {
                let page = try await b.get("/people/\(c)")
                #expect(page.text.contains(row.serviceName.replacingOccurrences(of: "'", with: "&#39;")) || page.text.contains(row.serviceName))
            }
        }
    }

    @Test func notesRecordTheirAuthorAndProfession() async throws {
        try await withCradle(children: 5) { app in
            var b = try await Browser.signedIn(app)
            let (child, _) = try await childWithService(&b, app)
            let r = try await b.post("/people/\(child)/notes", ["body": "Discussed <b>sleep</b> routine.", "visibility": "team",
                                                                 "authorId": "1", "author_profession": "gp"])
            #expect(r.status == .seeOther)
            let page = try await b.get("/people/\(child)")
            #expect(page.text.contains("Discussed &lt;b&gt;sleep&lt;/b&gt; routine."))
            #expect(page.text.contains("(Health visitor)"))
        }
    }

    /// Edit is offered on a note only to those the policy lets change it (its author), so nobody
    /// types into a form that is then refused.
    @Test func editIsOfferedOnlyOnNotesTheReaderMayChange() async throws {
        try await withCradle(children: 5) { app in
            var author = try await Browser.signedIn(app)
            let (child, _) = try await childWithService(&author, app)
            #expect(try await author.post("/people/\(child)/notes", ["body": "Weighed at clinic.", "visibility": "team"]).status == .seeOther)
            let note = try await app.sql.raw("SELECT id FROM notes WHERE person_id = \(bind: child)").first(decodingColumn: "id", as: Int64.self)!
            #expect(try await author.get("/people/\(child)").text.contains("href=\"/notes/\(note)/edit\""))
            var colleague = try await Browser.signedIn(app, as: "health.visitor.2")
            let page = try await colleague.get("/people/\(child)")
            #expect(page.status == .ok && page.text.contains("Weighed at clinic."), "a team note is read by the team")
            #expect(!page.text.contains("/notes/\(note)/edit"))
            #expect(try await colleague.get("/notes/\(note)/edit").status == .forbidden)
        }
    }

    /// A save is confirmed on the page it leads to, once.
    @Test func aSaveIsConfirmedOnceOnTheNextPage() async throws {
        try await withCradle(children: 5) { app in
            var b = try await Browser.signedIn(app)
            let (child, service) = try await childWithService(&b, app)
            let r = try await b.post("/people/\(child)/contacts", ["serviceId": String(service), "date": "01/10/2026", "type": "clinic",
                                                                     "place": "clinic", "outcome": "attended"])
            #expect(r.status == .seeOther)
            let first = try await b.get("/people/\(child)").text
            #expect(first.contains(#"<div class="saved-notice" role="status">Contact added</div>"#))
            #expect(!(try await b.get("/people/\(child)").text.contains("saved-notice")), "said once")
            let bad = try await b.post("/people/\(child)/contacts", ["serviceId": String(service), "date": "", "type": "clinic"])
            #expect(bad.status == .unprocessableEntity)
            #expect(!(try await b.get("/people/\(child)").text.contains("saved-notice")), "nothing saved, nothing said")
        }
    }
}
