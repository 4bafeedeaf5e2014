import Foundation
import Testing
import Vapor
import SQLKit
@testable import CradleServer
import CradleCore

/// The local offer: anyone may search it without signing in, nearest first; each service's
/// entry is kept by its own team and each activity by its centre's staff. On SQLite and PostgreSQL.
struct LocalOfferTests {
    /// A postcode the lookup places, and the centre whose reach area holds it.
    func home(_ app: Application) async throws -> (postcode: String, centre: String) {
        struct Row: Decodable { var postcode: String; var name: String }
        let r = try await app.sql.raw("""
            SELECT pc.postcode, o.name FROM postcodes pc JOIN small_areas sa ON sa.id = pc.small_area_id
            JOIN organisations o ON o.id = sa.centre_organisation_id ORDER BY pc.postcode DESC LIMIT 1
            """).first(decoding: Row.self, with: rowDecoder)!
        return (r.postcode, r.name)
    }

    /// The titles of the cards in one section of the page, in order.
    func titles(_ page: String, section: String) -> [String] {
        guard let start = page.range(of: "id=\"offer-\(section)\"") else { return [] }
        let rest = page[start.upperBound...]
        let body = rest[..<(rest.range(of: "</section>")?.lowerBound ?? rest.endIndex)]
        return body.components(separatedBy: "<article class=\"offer-card\"><h3>").dropFirst().map { String($0.prefix { $0 != "<" }) }
    }

    @Test func familiesSearchTheOfferWithoutSigningInNearestFirst() async throws {
        try await withCradle { app in
            let everything = try await app.send(.GET, "/offer")
            #expect(everything.status == .ok)
            #expect(titles(everything.text, section: "centre").count == 8)
            #expect(titles(everything.text, section: "activity").contains("Stay and play"))
            #expect(titles(everything.text, section: "service").contains { $0.contains("Health visiting") || $0.contains("health visiting") })
            #expect(titles(everything.text, section: "programme").contains("Family Nurse Partnership"))
            #expect(everything.text.contains("Level 4+") || everything.text.contains("Level 4"))

            let (postcode, centre) = try await home(app)
            let near = try await app.send(.GET, "/offer?postcode=\(postcode.lowercased().replacingOccurrences(of: " ", with: "+"))")
            #expect(near.status == .ok)
            #expect(titles(near.text, section: "centre").first == htmlEscape(centre))
            #expect(near.text.contains("Your children&#39;s centre") || near.text.contains("Your children's centre"))
            #expect(near.text.contains("nearest to \(postcode) first"))

            // Age and need narrow it.
            let expecting = titles(try await app.send(.GET, "/offer?age=expecting").text, section: "activity")
            #expect(expecting.contains("Bump and beyond") && !expecting.contains("Baby massage") && !expecting.contains("Stay and play"))
            let talking = try await app.send(.GET, "/offer?age=2&need=talking").text
            #expect(titles(talking, section: "activity").contains("Chatter Tots") && !titles(talking, section: "activity").contains("Baby massage"))
            #expect(!titles(talking, section: "programme").contains("Family Nurse Partnership"))

            // A postcode that is not one, or not the borough's, is said and everything shown.
            let bad = try await app.send(.GET, "/offer?postcode=NOT+A+POSTCODE")
            #expect(bad.status == .ok && bad.text.contains("is not a postcode") && titles(bad.text, section: "centre").count == 8)
            let away = try await app.send(.GET, "/offer?postcode=ZY99+9ZZ")
            #expect(away.status == .ok && away.text.contains("ZY99 9ZZ is not in the borough") && !away.text.contains("Your children"))
        }
    }

    @Test func aServicesEntryIsKeptByItsOwnTeamOnly() async throws {
        try await withCradle { app in
            let service = try await ownService(app, of: "health.visitor")
            let name = try await app.sql.raw("SELECT name FROM services WHERE id = \(bind: service)").first(decodingColumn: "name", as: String.self)!
            let stored = { try await app.sql.raw("SELECT offer_description FROM services WHERE id = \(bind: service)").first(decodingColumn: "offer_description", as: String?.self) ?? nil }
            let before = try await stored()
            #expect(before != nil)

            // Nobody else may open or change it, and their pages do not offer it.
            for user in ["centre.worker", "midwife", "analyst"] {
                var other = try await Browser.signedIn(app, as: user)
                #expect(!(try await other.get("/offer")).text.contains("/services/\(service)/offer"), "\(user)")
                #expect(try await other.get("/services/\(service)/offer").status == .forbidden, "\(user)")
                let res = try await other.post("/services/\(service)/offer", ["description": "Forged", "when": "Never", "place": "Nowhere",
                                                                               "cost": "£100", "howToJoin": "No", "fromMonths": "0", "toMonths": "1"])
                #expect(res.status == .forbidden, "\(user)")
                #expect(try await other.post("/services/\(service)/offer/withdraw", [:]).status == .forbidden, "\(user)")
            }
            let anonymous = try await app.send(.GET, "/services/\(service)/offer")
            #expect(anonymous.status == .unauthorized || anonymous.status == .seeOther, "\(anonymous.status)")
            #expect(try await stored() == before)

            var hv = try await Browser.signedIn(app, as: "health.visitor")
            #expect(try await hv.get("/offer").text.contains("/services/\(service)/offer"))
            let form = try await hv.get("/services/\(service)/offer")
            #expect(form.status == .ok && form.text.contains(htmlEscape(before!)))
            let bad = try await hv.post("/services/\(service)/offer", ["description": "New words", "when": "Weekdays", "place": "At home",
                                                                      "cost": "Free", "howToJoin": "Phone us", "fromMonths": "24", "toMonths": "12", "needs": "sleep"])
            #expect(bad.status == .unprocessableEntity && bad.text.contains("To age must not be before from age") && bad.text.contains("New words"))
            #expect(try await stored() == before)
            let good = try await hv.post("/services/\(service)/offer", ["description": "Sleep clinic for toddlers", "when": "Thursdays", "place": "At home",
                                                                       "cost": "Free", "howToJoin": "Phone us", "fromMonths": "12", "toMonths": "36", "needs": "sleep"])
            #expect(good.status == .seeOther)
            let sleep = try await app.send(.GET, "/offer?need=sleep&age=1").text
            #expect(sleep.contains("Sleep clinic for toddlers") && titles(sleep, section: "service").contains(htmlEscape(name)))
            #expect(!(try await app.send(.GET, "/offer?need=sleep&age=4").text).contains("Sleep clinic for toddlers"))

            #expect(try await hv.post("/services/\(service)/offer/withdraw", [:]).status == .seeOther)
            #expect(try await stored() == nil)
            #expect(!(try await app.send(.GET, "/offer").text).contains("Sleep clinic for toddlers"))
        }
    }

    @Test func aCentresActivitiesAreChangedAndWithdrawnByItsOwnStaff() async throws {
        try await withCradle { app in
            let centre = try await app.sql.raw("SELECT organisation_id FROM practitioners WHERE username = 'centre.worker'").first(decodingColumn: "organisation_id", as: Int64.self)!
            let activity = try await app.sql.raw("SELECT MIN(id) AS id FROM centre_activities WHERE organisation_id = \(bind: centre) AND title = 'Baby massage'")
                .first(decodingColumn: "id", as: Int64.self)!
            let title = { try await app.sql.raw("SELECT title FROM centre_activities WHERE id = \(bind: activity) AND active = \(bind: true)").first(decodingColumn: "title", as: String.self) }
            let fields = ["title": "Baby yoga", "when": "Mondays 13:30", "place": "Family room", "description": "Stretch and play",
                          "cost": "£2", "howToJoin": "Book at reception", "fromMonths": "2", "toMonths": "12", "needs": "play"]
            for user in ["centre.worker.2", "health.visitor"] {
                var other = try await Browser.signedIn(app, as: user)
                #expect(try await other.get("/centres/\(centre)/activities/\(activity)").status == .forbidden, "\(user)")
                #expect(try await other.post("/centres/\(centre)/activities/\(activity)", fields).status == .forbidden, "\(user)")
                #expect(try await other.post("/centres/\(centre)/activities/\(activity)/withdraw", [:]).status == .forbidden, "\(user)")
            }
            #expect(try await title() == "Baby massage")

            var worker = try await Browser.signedIn(app, as: "centre.worker")
            #expect(try await worker.get("/centres/\(centre)").text.contains("/centres/\(centre)/activities/\(activity)"))
            var missing = fields
            missing["cost"] = ""
            let bad = try await worker.post("/centres/\(centre)/activities/\(activity)", missing)
            #expect(bad.status == .unprocessableEntity && bad.text.contains("Enter cost") && bad.text.contains("Baby yoga"))
            #expect(try await title() == "Baby massage")
            #expect(try await worker.post("/centres/\(centre)/activities/\(activity)", fields).status == .seeOther)
            #expect(try await title() == "Baby yoga")
            #expect(try await app.send(.GET, "/offer?age=under_1").text.contains("£2"))
            // Another centre's activity id under this centre's address is not found.
            let elsewhere = try await app.sql.raw("SELECT MIN(id) AS id FROM centre_activities WHERE organisation_id <> \(bind: centre)").first(decodingColumn: "id", as: Int64.self)!
            #expect(try await worker.post("/centres/\(centre)/activities/\(elsewhere)", fields).status == .notFound)

            #expect(try await worker.post("/centres/\(centre)/activities/\(activity)/withdraw", [:]).status == .seeOther)
            #expect(try await title() == nil)
            #expect(!(try await worker.get("/centres/\(centre)")).text.contains("Baby yoga"))
        }
    }
}
