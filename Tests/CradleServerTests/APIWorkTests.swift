import Foundation
import Testing
import Vapor
import VaporTesting
import SQLKit
@testable import CradleServer
import CradleCore

/// The API's early help, panels and plans, centres, reports, link review and audit: only those
/// the pages let do a thing may do it over JSON, a refusal changes nothing and is on the trail,
/// and the pages' rules hold. On SQLite and PostgreSQL.
struct APIWorkTests {
    func status(_ app: Application, _ user: String, _ method: HTTPMethod, _ path: String, _ body: String? = nil) async throws -> HTTPStatus {
        try await app.send(method, path, headers: try await apiToken(app, as: user), body: body).status
    }

    func count(_ app: Application, _ table: String) async throws -> Int {
        try await app.sql.raw("SELECT COUNT(*) AS n FROM \(unsafeRaw: table)").first(decodingColumn: "n", as: Int.self)!
    }

    @Test func onlyTheFrontDoorTriagesAndOnlyItsPeopleCoordinatePanels() async throws {
        try await withCradle(children: 20, settings: { $0.now = { LocalTime(day: testToday, hour: 11) } }) { app in
            let child = try await relatedChild(app)
            let ask = #"{"personId":\#(child),"concerns":["housing"],"details":"Damp flat; baby wheezing.","consent":true}"#
            // Consent is a boolean the family gave: false is refused, and nothing is stored.
            let before = try await count(app, "support_requests")
            #expect(try await status(app, "health.visitor", .POST, "/api/v1/early-help/requests",
                                     ask.replacingOccurrences(of: "true", with: "false")) == .unprocessableEntity)
            #expect(try await status(app, "health.visitor", .POST, "/api/v1/early-help/requests",
                                     ask.replacingOccurrences(of: "true", with: #""yes""#)) == .badRequest)
            #expect(try await count(app, "support_requests") == before)
            // Naming a child needs a relationship with them.
            let stranger = try await unrelatedChild(app)
            #expect(try await status(app, "health.visitor", .POST, "/api/v1/early-help/requests",
                                     ask.replacingOccurrences(of: "\(child)", with: "\(stranger)")) == .forbidden)
            let made = try await app.send(.POST, "/api/v1/early-help/requests", headers: try await apiToken(app), body: ask)
            #expect(made.status == .created)
            let id = try #require(try made.json()["id"] as? Int)

            let triage = #"{"outcome":"signpost","level":1,"rationale":"Housing advice","signpostTo":"Housing options team","version":1}"#
            for user in ["health.visitor", "centre.worker", "analyst", "ig.lead"] {
                #expect(try await status(app, user, .GET, "/api/v1/early-help/triage") == .forbidden, "\(user)")
                #expect(try await status(app, user, .POST, "/api/v1/early-help/requests/\(id)/triage", triage) == .forbidden, "\(user)")
                #expect(try await status(app, user, .GET, "/api/v1/panels") == .forbidden, "\(user)")
            }
            #expect(try await app.sql.raw("SELECT status FROM support_requests WHERE id = \(bind: id)").first(decodingColumn: "status", as: String.self) == "awaiting_triage")
            let refused = try await app.sql.raw("""
                SELECT COUNT(*) AS n FROM audit_events WHERE decision = 'deny' AND path = \(bind: "/api/v1/early-help/requests/\(id)/triage")
                """).first(decodingColumn: "n", as: Int.self)!
            #expect(refused == 4)
            // A stale version is refused; the right one is taken once.
            #expect(try await status(app, "early.help", .POST, "/api/v1/early-help/requests/\(id)/triage",
                                     triage.replacingOccurrences(of: #""version":1"#, with: #""version":7"#)) == .conflict)
            #expect(try await status(app, "early.help", .POST, "/api/v1/early-help/requests/\(id)/triage", triage) == .ok)
            #expect(try await status(app, "early.help", .POST, "/api/v1/early-help/requests/\(id)/triage",
                                     triage.replacingOccurrences(of: #""version":1"#, with: #""version":2"#)) == .unprocessableEntity)

            // A panel's agenda names a family, and a child and request of that family only.
            let hub = try await apiToken(app, as: "early.help")
            let members = try await app.sql.raw("SELECT id FROM practitioners WHERE username IN ('early.help', 'health.visitor') ORDER BY id")
                .all(decodingColumn: "id", as: Int64.self)
            let panel = try await app.send(.POST, "/api/v1/panels", headers: hub,
                                           body: #"{"name":"North","meetsAt":"\#((testToday + 2).iso)T10:00","place":"Hub","members":\#(members)}"#)
            #expect(panel.status == .created)
            let panelId = try #require(try panel.json()["id"] as? Int)
            let family = try await PersonStore.person(child, on: app.sql)!.familyId!
            let otherFamily = try await app.sql.raw("SELECT MIN(id) AS id FROM families WHERE id <> \(bind: family)").first(decodingColumn: "id", as: Int64.self)!
            let item = #"{"familyId":\#(otherFamily),"personId":\#(child),"source":"family_of_concern","reason":"Raised by the health visitor"}"#
            let wrong = try await app.send(.POST, "/api/v1/panels/\(panelId)/agenda", headers: hub, body: item)
            let wrongFields = try wrong.json()["fields"] as? [[String: Any]]
            #expect(wrong.status == .unprocessableEntity && wrongFields?.first?["field"] as? String == "personId")
            #expect(try await status(app, "health.visitor", .POST, "/api/v1/panels/\(panelId)/agenda",
                                     item.replacingOccurrences(of: "\(otherFamily)", with: "\(family)")) == .forbidden)
            #expect(try await count(app, "panel_items") == 0)
            #expect(try await status(app, "early.help", .POST, "/api/v1/panels/\(panelId)/agenda",
                                     item.replacingOccurrences(of: "\(otherFamily)", with: "\(family)")) == .created)
            // A family's early help: not for analysts; a plan without a panel is the front door's;
            // FNP outside its criteria needs a reason.
            #expect(try await status(app, "analyst", .GET, "/api/v1/families/\(family)/early-help") == .forbidden)
            #expect(try await status(app, "health.visitor", .POST, "/api/v1/families/\(family)/plans", #"{"leadId":\#(members[0])}"#) == .forbidden)
            #expect(try await count(app, "plans") == 0)
            let fnp = try await app.send(.POST, "/api/v1/families/\(family)/programmes", headers: hub, body: #"{"programme":"fnp"}"#)
            let fnpFields = try fnp.json()["fields"] as? [[String: Any]]
            #expect(fnp.status == .unprocessableEntity && fnpFields?.first?["field"] as? String == "outsideCriteria")
            #expect(try await status(app, "early.help", .POST, "/api/v1/families/\(family)/programmes",
                                     #"{"programme":"fnp","outsideCriteria":"Young father caring alone; FNP team agreed"}"#) == .created)
            #expect(try await status(app, "early.help", .POST, "/api/v1/families/999999/programmes", #"{"programme":"triple_p_4"}"#) == .notFound)
            // The family's journey: a priority must be rated, and the error names the API's field.
            let journey = try await app.send(.POST, "/api/v1/families/\(family)/journey", headers: try await apiToken(app),
                                             body: #"{"home":5,"priorities":["money"]}"#)
            let journeyFields = try journey.json()["fields"] as? [[String: Any]]
            #expect(journey.status == .unprocessableEntity && journeyFields?.first?["field"] as? String == "priorities")
            #expect(try await status(app, "health.visitor", .POST, "/api/v1/families/\(family)/journey", #"{"money":11}"#) == .unprocessableEntity)
            #expect(try await count(app, "family_journeys") == 0)
            #expect(try await status(app, "analyst", .GET, "/api/v1/families/\(family)/journey") == .forbidden)
            // Members read the panel; a practitioner who is not one does not.
            #expect(try await status(app, "health.visitor", .GET, "/api/v1/panels/\(panelId)") == .ok)
            #expect(try await status(app, "family.nurse", .GET, "/api/v1/panels/\(panelId)") == .forbidden)
        }
    }

    @Test func reportsLinkReviewCentresAndAuditAreEachTheirOwnRolesOnly() async throws {
        try await withCradle(children: 10) { app in
            let review = try await PersonIndexTests().proposeAReview(app)
            for user in ["health.visitor", "early.help", "analyst", "ig.lead"] {
                #expect(try await status(app, user, .GET, "/api/v1/link-reviews") == .forbidden, "\(user)")
                #expect(try await status(app, user, .POST, "/api/v1/link-reviews/\(review.review)", #"{"decision":"accept"}"#) == .forbidden, "\(user)")
            }
            #expect(try await app.sql.raw("SELECT status FROM link_reviews WHERE id = \(bind: review.review)").first(decodingColumn: "status", as: String.self) == "open")
            #expect(try await status(app, "data.quality", .POST, "/api/v1/link-reviews/\(review.review)", #"{"decision":"maybe"}"#) == .unprocessableEntity)
            #expect(try await status(app, "data.quality", .POST, "/api/v1/link-reviews/\(review.review)", #"{"decision":"accept"}"#) == .ok)
            #expect(try await PersonStore.person(review.record, on: app.sql)?.mergedInto == review.candidate)
            #expect(try await status(app, "data.quality", .POST, "/api/v1/link-reviews/\(review.review)", #"{"decision":"reject"}"#) == .unprocessableEntity)

            // Merging by hand is the records team's too, and an unmerge is undone once.
            let pair = #"{"keptPersonId":\#(review.candidate),"mergedPersonId":\#(try await unrelatedChild(app)),"reason":"Same child"}"#
            #expect(try await status(app, "health.visitor", .POST, "/api/v1/merges", pair) == .forbidden)
            #expect(try await status(app, "health.visitor", .GET, "/api/v1/merges") == .forbidden)
            let merge = try await app.sql.raw("SELECT MAX(id) AS id FROM person_merges").first(decodingColumn: "id", as: Int64.self)!
            #expect(try await status(app, "health.visitor", .POST, "/api/v1/merges/\(merge)/unmerge") == .forbidden)
            #expect(try await status(app, "data.quality", .POST, "/api/v1/merges/\(merge)/unmerge") == .ok)
            #expect(try await status(app, "data.quality", .POST, "/api/v1/merges/\(merge)/unmerge") == .unprocessableEntity)
            #expect(try await PersonStore.person(review.record, on: app.sql)?.mergedInto == nil)

            // Emergency access is judged by the IG lead alone, once.
            let stranger = try await unrelatedChild(app)
            #expect(try await status(app, "health.visitor", .POST, "/api/v1/people/\(stranger)/break-glass",
                                     #"{"reason":"Out-of-hours safeguarding call about the child"}"#) == .created)
            let grant = try await app.sql.raw("SELECT MAX(id) AS id FROM break_glass").first(decodingColumn: "id", as: Int64.self)!
            for user in ["health.visitor", "analyst", "data.quality"] {
                #expect(try await status(app, user, .GET, "/api/v1/break-glass") == .forbidden, "\(user)")
                #expect(try await status(app, user, .POST, "/api/v1/break-glass/\(grant)/review", #"{"outcome":"appropriate"}"#) == .forbidden, "\(user)")
            }
            #expect(try await status(app, "ig.lead", .POST, "/api/v1/break-glass/\(grant)/review", #"{"outcome":"fine"}"#) == .unprocessableEntity)
            #expect(try await status(app, "ig.lead", .POST, "/api/v1/break-glass/\(grant)/review", #"{"outcome":"inappropriate"}"#) == .ok)
            #expect(try await status(app, "ig.lead", .POST, "/api/v1/break-glass/\(grant)/review", #"{"outcome":"appropriate"}"#) == .conflict)
            #expect(try await app.sql.raw("SELECT review_outcome FROM break_glass WHERE id = \(bind: grant)").first(decodingColumn: "review_outcome", as: String.self) == "inappropriate")

            for user in ["health.visitor", "analyst", "data.quality", "early.help"] {
                #expect(try await status(app, user, .GET, "/api/v1/audit") == .forbidden, "\(user)")
            }
            // Every list pages by cursor: the accounts two at a time reach them all, once each.
            let admin = try await apiToken(app, as: "admin")
            var seen: [Int64] = [], following: String? = "/api/v1/accounts?limit=2"
            while let address = following {
                let res = try await app.send(.GET, address, headers: admin)
                let rows = try JSONSerialization.jsonObject(with: Data(buffer: res.body)) as? [[String: Any]] ?? []
                #expect(res.status == .ok && rows.count <= 2)
                seen += rows.compactMap { ($0["id"] as? Int).map(Int64.init) }
                following = res.headers.first(name: .link).flatMap { $0.split(separator: "<").last?.split(separator: ">").first }.map { String($0) }
                    .map { $0.hasPrefix("/") ? $0 : "/" + $0 }
            }
            let everyone = try await app.sql.raw("SELECT id FROM practitioners ORDER BY id DESC").all(decodingColumn: "id", as: Int64.self)
            #expect(seen == everyone)
            #expect(try await status(app, "admin", .GET, "/api/v1/accounts?after=nonsense") == .unprocessableEntity)
            #expect(try await status(app, "ig.lead", .GET, "/api/v1/break-glass?unreviewed=maybe") == .unprocessableEntity)
            #expect(try await status(app, "data.quality", .GET, "/api/v1/link-reviews?status=closed") == .unprocessableEntity)

            // Accounts are the administrators', who read no records.
            let accounts = try await count(app, "practitioners")
            let newAccount = #"{"username":"new.one","displayName":"New One","profession":"health_visitor","organisationId":1}"#
            #expect(try await status(app, "health.visitor", .POST, "/api/v1/accounts", newAccount) == .forbidden)
            #expect(try await status(app, "ig.lead", .GET, "/api/v1/accounts") == .forbidden)
            #expect(try await status(app, "admin", .POST, "/api/v1/accounts", newAccount.replacingOccurrences(of: "new.one", with: "health.visitor")) == .unprocessableEntity)
            #expect(try await status(app, "admin", .POST, "/api/v1/accounts", newAccount.replacingOccurrences(of: ":1}", with: ":999999}")) == .unprocessableEntity)
            #expect(try await count(app, "practitioners") == accounts)
            #expect(try await status(app, "admin", .GET, "/api/v1/people/\(review.candidate)") == .forbidden)
            #expect(try await status(app, "admin", .GET, "/api/v1/people/\(review.candidate)/access") == .forbidden)
            #expect(try await status(app, "admin", .GET, "/api/v1/links/export") == .forbidden)
            // A token is revoked by its owner only.
            let hvToken = try await app.sql.raw("SELECT MAX(t.id) AS id FROM api_tokens t JOIN practitioners p ON p.id = t.practitioner_id WHERE p.username = 'health.visitor'")
                .first(decodingColumn: "id", as: Int64.self)!
            #expect(try await status(app, "admin", .POST, "/api/v1/tokens/\(hvToken)/revoke") == .notFound)
            #expect(try await app.sql.raw("SELECT revoked_at FROM api_tokens WHERE id = \(bind: hvToken)").first(decodingColumn: "revoked_at", as: String?.self) == .some(nil))

            // Agreements are the IG lead's to keep; a party must be a known organisation.
            let agreements = try await count(app, "agreements")
            let agreement = #"{"name":"Test","parties":[1,2],"purposes":["direct_care"],"categories":["demographics"],"lawfulBasis":"direct_care","status":"draft","startDate":"2026-04-01","caldicottGuardian":"A","siro":"B","dpo":"C"}"#
            #expect(try await status(app, "health.visitor", .POST, "/api/v1/agreements", agreement) == .forbidden)
            #expect(try await status(app, "ig.lead", .POST, "/api/v1/agreements", agreement.replacingOccurrences(of: "[1,2]", with: "[1,999999]")) == .unprocessableEntity)
            #expect(try await count(app, "agreements") == agreements)
            #expect(try await status(app, "ig.lead", .POST, "/api/v1/agreements", agreement) == .created)
            let trail = try await app.send(.GET, "/api/v1/audit?decision=deny&limit=2", headers: try await apiToken(app, as: "ig.lead"))
            let rows = try JSONSerialization.jsonObject(with: Data(buffer: trail.body)) as? [[String: Any]] ?? []
            #expect(trail.status == .ok && rows.count == 2 && rows.allSatisfy { $0["decision"] as? String == "deny" })
            let next = try #require(trail.headers.first(name: .link))
            let seq = try #require(rows.last?["seq"] as? Int)
            #expect(next.contains("before=\(seq)") && next.contains("decision=deny"))
            #expect(try await status(app, "ig.lead", .GET, "/api/v1/audit?purpose=gossip") == .unprocessableEntity)
            #expect(try await status(app, "ig.lead", .GET, "/api/v1/audit?who=1") == .unprocessableEntity)

            // Reports: the figures a page shows, nothing for those without reports.
            #expect(try await status(app, "ig.lead", .GET, "/api/v1/reports/reach") == .forbidden)
            #expect(try await status(app, "data.quality", .GET, "/api/v1/reports/timeliness") == .forbidden)
            #expect(try await status(app, "analyst", .GET, "/api/v1/reports/timeliness?quarter=2026Q5") == .unprocessableEntity)
            let typed = try await app.send(.GET, "/api/v1/reports/timeliness?quarter=2026%2F27%20Q1", headers: try await apiToken(app, as: "analyst"))
            let quarters = try typed.json()["quarters"] as? [String]
            #expect(typed.status == .ok && quarters?.last == "2026Q1")

            // A centre's list is its own staff's only.
            let centre = try await app.sql.raw("SELECT organisation_id FROM practitioners WHERE username = 'centre.worker'").first(decodingColumn: "organisation_id", as: Int64.self)!
            #expect(try await status(app, "centre.worker", .GET, "/api/v1/centres/\(centre)") == .ok)
            #expect(try await status(app, "centre.worker", .GET, "/api/v1/centres/\(centre)?month=October") == .unprocessableEntity)
            let activities = try await count(app, "centre_activities")
            let activity = #"{"title":"Rhyme time","when":"Fridays","place":"Library","description":"Songs and rhymes","cost":"Free","howToJoin":"Drop in","fromMonths":0,"toMonths":60}"#
            for user in ["centre.worker.2", "health.visitor", "analyst"] {
                #expect(try await status(app, user, .GET, "/api/v1/centres/\(centre)") == .forbidden, "\(user)")
                #expect(try await status(app, user, .POST, "/api/v1/centres/\(centre)/activities", activity) == .forbidden, "\(user)")
                #expect(try await status(app, user, .PUT, "/api/v1/centres/\(centre)/details",
                                         #"{"address":"X","phone":"0113 496 0100","openingTimes":"Never"}"#) == .forbidden, "\(user)")
            }
            #expect(try await count(app, "centre_activities") == activities)
            #expect(try await status(app, "centre.worker", .PUT, "/api/v1/centres/\(centre)/details",
                                     #"{"address":"X","phone":"12345","openingTimes":"Always"}"#) == .unprocessableEntity)
            #expect(try await status(app, "centre.worker", .POST, "/api/v1/centres/\(centre)/notices/999999/done") == .notFound)
        }
    }
}
