import Testing
import Vapor
import VaporTesting
import SQLKit
@testable import CradleServer
import CradleCore

struct SearchTests {
    struct Child: Decodable { var id: Int64; var nhsNumber: String; var familyName: String; var dateOfBirth: String }

    func someChild(_ app: Application) async throws -> Child {
        try await app.sql.raw("""
            SELECT id, nhs_number, family_name, date_of_birth FROM people
            WHERE kind = 'child' AND nhs_number IS NOT NULL AND date_of_birth IS NOT NULL ORDER BY id LIMIT 1
            """).first(decoding: Child.self, with: rowDecoder)!
    }

    /// A pregnancy is found by postcode only by practitioners working with it: the midwife
    /// who registered it, not a GP or centre worker searching the street.
    @Test func aPostcodeSearchRevealsNoPregnancyWithoutARelationship() async throws {
        try await withCradle(children: 20) { app in
            let postcode = try await app.sql.raw("SELECT a.postcode FROM addresses a WHERE a.to_date IS NULL ORDER BY a.id LIMIT 1")
                .first(decodingColumn: "postcode", as: String.self)!
            var midwife = try await Browser.signedIn(app, as: "midwife")
            let made = try await midwife.post("/children", ["kind": "child", "relationship": "child", "givenName": "Unborn", "familyName": "Quillfeather",
                                                            "sex": "unknown", "expectedDeliveryDate": (testToday + 90).iso, "postcode": postcode])
            #expect(made.status == .seeOther)
            let id = Int64(made.headers.first(name: .location)!.split(separator: "/").last!)!
            let query = "/search?postcode=\(formEncode(postcode))"
            #expect(try await midwife.get(query).text.contains("/people/\(id)\""), "the midwife's team is involved")
            for user in ["gp", "centre.worker", "health.visitor"] {
                var b = try await Browser.signedIn(app, as: user)
                let page = try await b.get(query)
                #expect(page.status == .ok)
                #expect(!page.text.contains("Quillfeather"), "\(user) sees no pregnancy")
                let api = try await app.send(.GET, "/api/v1/search?postcode=\(formEncode(postcode))", headers: try await apiToken(app, as: user))
                #expect(api.status == .ok && !api.text.contains("Quillfeather"), "\(user) over the API")
            }
            // Born children at the address are still found by anyone who may search.
            var gp = try await Browser.signedIn(app, as: "gp")
            #expect(try await gp.get(query).text.contains("/people/"))
        }
    }

    @Test func findsAChildByNHSNumberWithSpaces() async throws {
        try await withCradle { app in
            var b = try await Browser.signedIn(app)
            let c = try await someChild(app)
            let spaced = "\(c.nhsNumber.prefix(3)) \(c.nhsNumber.dropFirst(3).prefix(3)) \(c.nhsNumber.suffix(4))"
            let res = try await b.get("/search?nhsNumber=\(formEncode(spaced))")
            #expect(res.status == .ok)
            #expect(found(res.text, c.id))
            #expect(res.text.contains("1 child found"))
        }
    }

    @Test func findsByNameAndDateOfBirthWhateverTheCaseAndSpacing() async throws {
        try await withCradle { app in
            var b = try await Browser.signedIn(app)
            let c = try await someChild(app)
            let messy = "  " + c.familyName.uppercased() + " "
            let parts = c.dateOfBirth.split(separator: "-")
            let ukDate = "\(parts[2])/\(parts[1])/\(parts[0])"
            let res = try await b.get("/search?familyName=\(formEncode(messy))&dateOfBirth=\(formEncode(ukDate))")
            #expect(found(res.text, c.id))
        }
    }

    @Test func findsByPostcodeInAnyCase() async throws {
        try await withCradle { app in
            var b = try await Browser.signedIn(app)
            struct Row: Decodable { var personId: Int64; var postcode: String }
            let row = try await app.sql.raw("""
                SELECT a.person_id, a.postcode FROM addresses a JOIN people p ON p.id = a.person_id
                WHERE a.to_date IS NULL AND p.kind = 'child' ORDER BY a.id LIMIT 1
                """).first(decoding: Row.self, with: rowDecoder)!
            let res = try await b.get("/search?postcode=\(formEncode(row.postcode.lowercased().replacingOccurrences(of: " ", with: "")))")
            #expect(found(res.text, row.personId))
        }
    }

    /// A result names the child and offers what the policy allows: the record, emergency access,
    /// or (to an information governance lead) who has seen the record.
    func found(_ html: String, _ id: Int64) -> Bool {
        html.contains("/people/\(id)\"") || html.contains("/people/\(id)/break-glass\"") || html.contains("/people/\(id)/access\"")
    }

    @Test func aResultLinksOnlyToWhatTheReaderMayOpen() async throws {
        try await withCradle(children: 60) { app in
            var hv = try await Browser.signedIn(app)
            let mine = try await relatedChild(app), theirs = try await unrelatedChild(app)
            for (id, opens) in [(mine, true), (theirs, false)] {
                let nhs = try #require(try await app.sql.raw("SELECT nhs_number FROM people WHERE id = \(bind: id)").first(decodingColumn: "nhs_number", as: String?.self) ?? nil)
                let page = try await hv.get("/search?nhsNumber=\(nhs)").text
                #expect(page.contains("href=\"/people/\(id)\"") == opens, "child \(id): record offered only to a reader it opens to")
                #expect(page.contains("href=\"/people/\(id)/break-glass\"") == !opens)
            }
            var ig = try await Browser.signedIn(app, as: "ig.lead")
            let nhs = try #require(try await app.sql.raw("SELECT nhs_number FROM people WHERE id = \(bind: theirs)").first(decodingColumn: "nhs_number", as: String?.self) ?? nil)
            let page = try await ig.get("/search?nhsNumber=\(nhs)").text
            #expect(page.contains("href=\"/people/\(theirs)/access\"") && !page.contains("break-glass") && !page.contains("href=\"/people/\(theirs)\""))
        }
    }

    @Test func anInvalidNHSNumberIsRefusedNamingTheField() async throws {
        try await withCradle(children: 5) { app in
            var b = try await Browser.signedIn(app)
            let page = try await b.get("/search?nhsNumber=9991234560")
            #expect(page.status == .unprocessableEntity)
            #expect(page.text.contains("NHS number is not a valid NHS number"))
            let api = try await app.send(.GET, "/api/v1/search?nhsNumber=12345", headers: try await apiToken(app))
            #expect(api.status == .unprocessableEntity)
            let fields = try api.json()["fields"] as? [[String: Any]] ?? []
            #expect(fields.first?["field"] as? String == "nhsNumber")
        }
    }

    @Test func searchingRequiresSignIn() async throws {
        try await withCradle(children: 5) { app in
            let page = try await app.send(.GET, "/search?postcode=ZY1%200AA")
            #expect(page.status == .seeOther)
            #expect(page.headers.first(name: .location) == "/sign-in")
            let api = try await app.send(.GET, "/api/v1/search?postcode=ZY1%200AA")
            #expect(api.status == .unauthorized)
        }
    }
}
