import Foundation
import Testing
import Vapor
import SQLKit
import Crypto
@testable import CradleServer
import CradleCore

/// Birth notifications routed to the centre whose reach area holds the family's postcode, on
/// its monthly list only with the family's consent, sealed to the centre's key. On SQLite and
/// PostgreSQL.
struct BirthListServerTests {
    /// A maternity feed whose families live in one centre's reach area, through the person index.
    func birthsInAReachArea(_ app: Application) async throws -> (centre: BirthListStore.Centre, born: [String: Int64]) {
        struct Area: Codable { var postcode: String; var code: String }
        let area = try await app.sql.raw("""
            SELECT pc.postcode, o.code FROM postcodes pc JOIN small_areas sa ON sa.id = pc.small_area_id
            JOIN organisations o ON o.id = sa.centre_organisation_id ORDER BY o.code, pc.postcode LIMIT 1
            """).first(decoding: Area.self, with: rowDecoder)!
        let centre = try await BirthListStore.centre(code: area.code, on: app.sql)!
        let header = "record_id,given_name,family_name,date_of_birth,nhs_number,sex,postcode,parent_given_name,parent_family_name,parent_date_of_birth\n"
        let rows = [("B1", "Amelia", "Hartley", "2026-10-04", "9991000011"), ("B2", "Oliver", "Pennington", "2026-10-11", "9991000038"),
                    ("B3", "Jacob", "Okafor", "2026-10-22", "9991000054"), ("B4", "Isla", "Whitmore", "2026-09-30", "9991000062")]
        let csv = header + rows.map { "\($0.0),\($0.1),\($0.2),\($0.3),\($0.4),F,\(area.postcode),Grace,\($0.2),1994-06-02" }.joined(separator: "\n") + "\n"
        let id = try await SourceStore.create(.init(name: "maternity", kind: .maternity, format: .csv), on: app.sql)
        let source = try await SourceStore.find(id, on: app.sql)!
        _ = try await ImportJob(database: app.db, today: testToday).run(Data(csv.utf8), fileName: "births.csv", source: source, by: nil)
        var born: [String: Int64] = [:]
        for r in rows {
            born[r.1] = try await app.sql.raw("SELECT person_id FROM source_records WHERE record_id = \(bind: r.0)").first(decodingColumn: "person_id", as: Int64.self)
        }
        return (centre, born)
    }

    func consent(_ app: Application, _ person: Int64, _ status: ConsentStatus, on day: Day) async throws {
        let hv = try await app.sql.raw("SELECT id FROM practitioners WHERE username = 'health.visitor'").first(decodingColumn: "id", as: Int64.self)!
        let input = try ConsentInput.validate(["purpose": ConsentPurpose.birthDetailsToChildrensCentres.rawValue, "status": status.rawValue,
                                               "recipientKinds": "childrens_centre", "givenBy": "Mother", "date": day.iso, "method": "first_visit"],
                                              today: testToday).orThrow()
        try await GovernanceStore.recordConsent(personId: person, input, recordedBy: hv, on: app.sql)
    }

    @Test func onlyConsentedBirthsInTheReachAreaAreListedAndEveryBirthIsCounted() async throws {
        try await withCradle { app in
            let (centre, born) = try await birthsInAReachArea(app)
            let october = Period("2026-10")!
            try await consent(app, born["Amelia"]!, .given, on: testToday - 10)
            try await consent(app, born["Oliver"]!, .refused, on: testToday - 10)
            try await consent(app, born["Isla"]!, .given, on: testToday - 10)   // born in September
            let list = try await BirthListStore.list(for: centre, period: october, today: testToday, on: app.sql)
            #expect(list.entries.map(\.givenName) == ["Amelia"])
            #expect(list.birthsInArea >= 3, "Amelia, Oliver and Jacob were born in the area in October")
            let demoBirths = list.birthsInArea - 3
            #expect(list.entries.first?.parentName == "Grace Hartley")

            // A re-import and a changed record do not change who consented.
            let source = try await SourceStore.byName("maternity", on: app.sql)!
            let header = "record_id,given_name,family_name,date_of_birth,nhs_number,sex,postcode,parent_given_name,parent_family_name,parent_date_of_birth\n"
            let postcode = list.entries[0].postcode
            _ = try await ImportJob(database: app.db, today: testToday).run(Data((header + "B2,Ollie,Pennington,2026-10-11,9991000038,M,\(postcode),Grace,Pennington,1994-06-02\n").utf8),
                                                                          fileName: "again.csv", source: source, by: nil)
            #expect(try await BirthListStore.list(for: centre, period: october, today: testToday, on: app.sql).entries.map(\.givenName) == ["Amelia"])

            // Withdrawn: off every later list at once.
            try await consent(app, born["Amelia"]!, .withdrawn, on: testToday)
            let after = try await BirthListStore.list(for: centre, period: october, today: testToday, on: app.sql)
            #expect(after.entries.isEmpty && after.birthsInArea == 3 + demoBirths)
            // Another centre's list never holds them.
            let other = try await app.sql.raw("SELECT code FROM organisations WHERE kind = 'childrens_centre' AND id <> \(bind: centre.id) ORDER BY id LIMIT 1")
                .first(decodingColumn: "code", as: String.self)!
            try await consent(app, born["Jacob"]!, .given, on: testToday - 1)
            let theirs = try await BirthListStore.list(for: BirthListStore.centre(code: other, on: app.sql)!, period: october, today: testToday, on: app.sql)
            #expect(!theirs.entries.contains { born.values.contains($0.personId) })
        }
    }

    @Test func aListIsSealedToTheCentresKeyAndNeverMadeWithoutOne() async throws {
        try await withCradle { app in
            let (centre, born) = try await birthsInAReachArea(app)
            try await consent(app, born["Jacob"]!, .given, on: testToday - 3)
            let signer = Curve25519.Signing.PrivateKey()
            do {
                _ = try await BirthListJob.make(centre: centre.code, period: Period("2026-10")!, today: testToday, signer: signer, on: app.sql)
                Issue.record("a list was made with no key")
            } catch let e as BirthListJob.Refused {
                #expect(e.description.contains("no key registered"))
            }
            #expect(try await app.count("birth_lists") == 0)

            let old = Curve25519.KeyAgreement.PrivateKey(), key = Curve25519.KeyAgreement.PrivateKey()
            _ = try await BirthListStore.addKey(centre: centre.id, old.publicKey, on: app.sql)
            let fingerprint = try await BirthListStore.addKey(centre: centre.id, key.publicKey, on: app.sql)   // rotated
            let (sealed, list) = try await BirthListJob.make(centre: centre.code, period: Period("2026-10")!, today: testToday, signer: signer, on: app.sql)
            #expect(sealed.manifest.recipientKey == fingerprint && sealed.manifest.entries == list.entries.count && list.entries.map(\.givenName) == ["Jacob"])
            let csv = String(decoding: try sealed.open(with: key, signedBy: signer.publicKey), as: UTF8.self)
            #expect(csv.contains("Jacob,Okafor,2026-10-22"))
            #expect(throws: SealedList.OpenError.self) { try sealed.open(with: old, signedBy: signer.publicKey) }
            #expect(try await app.count("birth_lists") == 1)

            // Jacob's family withdraws: the centre that was sent October's list is told to erase it, naming no one.
            try await consent(app, born["Amelia"]!, .withdrawn, on: testToday)   // never agreed: never on a list, no notice
            try await consent(app, born["Isla"]!, .withdrawn, on: testToday)     // September: no list sent, no notice
            try await consent(app, born["Jacob"]!, .withdrawn, on: testToday)
            let notices = try await BirthListStore.notices(centre: centre.id, on: app.sql)
            #expect(notices.map(\.period) == ["2026-10"])
            #expect(try await BirthListStore.list(for: centre, period: Period("2026-10")!, today: testToday, on: app.sql).entries.isEmpty)
            var worker = try await Browser.signedIn(app, as: "centre.worker")
            let page = try await worker.get("/centres/\(centre.id)")
            #expect(page.text.contains("Erase these lists") && page.text.contains("October 2026") && !page.text.contains("Okafor"))
            #expect(try await worker.post("/centres/\(centre.id)/notices/\(notices[0].id)/done", [:]).status == .seeOther)
            #expect(try await BirthListStore.notices(centre: centre.id, on: app.sql).isEmpty)
        }
    }

    @Test func theCentreWorkerSeesTheirListRegistersFamiliesAndPrintsWelcomeCards() async throws {
        try await withCradle { app in
            let (centre, born) = try await birthsInAReachArea(app)
            #expect(centre.code == "CC01", "centre.worker works at the first centre")
            try await consent(app, born["Amelia"]!, .given, on: testToday - 10)
            let amelia = born["Amelia"]!, oliver = born["Oliver"]!
            var worker = try await Browser.signedIn(app, as: "centre.worker")
            let page = try await worker.get("/centres/\(centre.id)?month=2026-10")
            #expect(page.status == .ok && page.text.contains("Amelia Hartley") && !page.text.contains("Oliver Pennington"))
            #expect(page.text.contains("Born in October 2026"))
            for user in ["centre.worker.2", "health.visitor", "data.quality"] {
                var b = try await Browser.signedIn(app, as: user)
                #expect(try await b.get("/centres/\(centre.id)").status == .forbidden, "\(user)")
            }
            // Consent to store is required; a child not on the list cannot be registered from it.
            let noConsent = try await worker.post("/centres/\(centre.id)/registrations", ["personId": String(amelia), "month": "2026-10"])
            #expect(noConsent.status == .unprocessableEntity && noConsent.text.contains("agreed to the centre keeping their details"))
            let notListed = try await worker.post("/centres/\(centre.id)/registrations", ["personId": String(oliver), "month": "2026-10", "consentToStore": "yes"])
            #expect(notListed.status == .unprocessableEntity && notListed.text.contains("only families who consented"))
            #expect(try await app.count("centre_registrations") == 0)
            let ok = try await worker.post("/centres/\(centre.id)/registrations", ["personId": String(amelia), "month": "2026-10", "consentToStore": "yes"])
            #expect(ok.status == .seeOther)
            let twice = try await worker.post("/centres/\(centre.id)/registrations", ["personId": String(amelia), "month": "2026-10", "consentToStore": "yes"])
            #expect(twice.status == .unprocessableEntity && twice.text.contains("already registered"))
            #expect(try await app.count("centre_registrations") == 1)

            // The centre's activities go on its welcome cards.
            let bad = try await worker.post("/centres/\(centre.id)/activities", ["title": "Baby massage"])
            #expect(bad.status == .unprocessableEntity && bad.text.contains("Enter when it runs"))
            #expect(try await worker.post("/centres/\(centre.id)/activities", ["title": "Baby massage", "when": "Tuesdays 10:00", "place": "Main hall",
                                                                              "description": "Gentle massage for babies under one", "cost": "Free",
                                                                              "howToJoin": "Book at reception", "fromMonths": "0", "toMonths": "11"]).status == .seeOther)
            let card = try await worker.get("/centres/\(centre.id)/welcome/\(amelia)?month=2026-10")
            #expect(card.status == .ok && card.text.contains("Welcome to \(htmlEscape(centre.name))") && card.text.contains("Baby massage"))
            // The card carries how to reach the centre, which its staff keep.
            let stored = try #require(try await BirthListStore.centre(id: centre.id, on: app.sql)?.details)
            #expect(card.text.contains(htmlEscape(stored.address)) && card.text.contains(stored.phone) && card.text.contains(htmlEscape(stored.openingTimes)))
            let badPhone = try await worker.post("/centres/\(centre.id)/details", ["address": "1 Mill Lane, Fernmoor ZY1 1AA", "phone": "call us", "openingTimes": "Mondays"])
            #expect(badPhone.status == .unprocessableEntity && badPhone.text.contains("UK number of 10 or 11 digits"))
            #expect(!badPhone.text.contains(#"id="title" name="title" type="text" value="Mondays""#))
            #expect(try await BirthListStore.centre(id: centre.id, on: app.sql)?.details == stored, "nothing changed")
            #expect(try await worker.post("/centres/\(centre.id)/details", ["address": "1 Mill Lane, Fernmoor ZY1 1AA", "phone": "0113 496 0999",
                                                                            "openingTimes": "Weekdays 8am to 6pm"]).status == .seeOther)
            let reprinted = try await worker.get("/centres/\(centre.id)/welcome/\(amelia)?month=2026-10").text
            #expect(reprinted.contains("1 Mill Lane, Fernmoor ZY1 1AA") && reprinted.contains("0113 496 0999") && reprinted.contains("Weekdays 8am to 6pm"))
            var hv = try await Browser.signedIn(app)
            #expect(try await hv.post("/centres/\(centre.id)/details", ["address": "x", "phone": "0113 496 0999", "openingTimes": "y"]).status == .forbidden)
            #expect(try await worker.get("/centres/\(centre.id)/welcome/\(oliver)?month=2026-10").status == .notFound)
        }
    }

    @Test func aMissedReviewBecomesTheCentresFollowUpWhereConsentAndAnAgreementAllow() async throws {
        try await withCradle { app in
            let (centre, born) = try await birthsInAReachArea(app)
            try await consent(app, born["Amelia"]!, .given, on: testToday - 30)
            let hv = try await app.sql.raw("SELECT id FROM practitioners WHERE username = 'health.visitor'").first(decodingColumn: "id", as: Int64.self)!
            let hvTeams = try await app.sql.raw("SELECT team_id FROM team_memberships WHERE practitioner_id = \(bind: hv)").all(decodingColumn: "team_id", as: Int64.self)
            let service = try await InvolvementStore.firstService(ofTeams: hvTeams, on: app.sql)!
            func contact(_ child: Int64, _ type: ContactType, _ outcome: ContactOutcome) async throws {
                let input = try ContactInput.validate(["serviceId": String(service), "date": (testToday - 2).iso, "type": type.rawValue,
                                                       "place": "clinic", "outcome": outcome.rawValue], today: testToday).orThrow()
                _ = try await ContactStore.create(input, personId: child, practitionerId: hv, on: app.sql)
            }
            // The centre and the community trust share under an agreement; without one nothing passes.
            let trust = try await app.sql.raw("SELECT organisation_id FROM services WHERE id = \(bind: service)").first(decodingColumn: "organisation_id", as: Int64.self)!
            let covered = try await GovernanceStore.liveAgreements(for: centre.id, today: testToday, on: app.sql)
                .contains { $0.covers(trust, centre.id, purpose: .directCare, category: .servicesInvolved, on: testToday) }
            try await contact(born["Amelia"]!, .review6to8Weeks, .didNotAttend)
            try await contact(born["Oliver"]!, .review6to8Weeks, .didNotAttend)     // no consent
            try await contact(born["Amelia"]!, .immunisation, .attended)            // nothing missed
            try await contact(born["Amelia"]!, .homeVisit, .didNotAttend)           // not a review or immunisation
            let expected = covered ? 1 : 0
            #expect(try await app.count("follow_ups") == expected)
            guard covered else { Issue.record("the demo borough's agreement should cover the trust and its centres"); return }
            try await contact(born["Amelia"]!, .immunisation, .didNotAttend)
            let tasks = try await FollowUpStore.forCentre(centre.id, on: app.sql)
            #expect(Set(tasks.map(\.reason)) == [FollowUpReason.missedReview.rawValue, FollowUpReason.missedImmunisation.rawValue])
            #expect(tasks.allSatisfy { $0.dueDate == (testToday - 2 + FollowUpRule.daysToFollowUp).iso })

            var worker = try await Browser.signedIn(app, as: "centre.worker")
            #expect(try await worker.get("/centres/\(centre.id)").text.contains("Follow-ups (2 open)"))
            let me = try await app.sql.raw("SELECT id FROM practitioners WHERE username = 'centre.worker'").first(decodingColumn: "id", as: Int64.self)!
            let wrong = try await worker.post("/centres/\(centre.id)/follow-ups/\(tasks[0].id)", ["ownerId": String(hv), "outcome": "Rang mum"])
            #expect(wrong.status == .unprocessableEntity && wrong.text.contains("works at this centre"))
            let done = try await worker.post("/centres/\(centre.id)/follow-ups/\(tasks[0].id)", ["ownerId": String(me), "outcome": "Rang mum; rebooked for Friday"])
            #expect(done.status == .seeOther)
            let page = try await worker.get("/centres/\(centre.id)")
            #expect(page.text.contains("Follow-ups (1 open)") && page.text.contains("rebooked for Friday"))
        }
    }

    @Test func theReachDashboardCountsEachStepAndShowsNoSmallNumber() async throws {
        try await withCradle { app in
            let (centre, born) = try await birthsInAReachArea(app)
            func october() async throws -> ReachCounts {
                try await ReachStore.monthly(from: Day(year: 2026, month: 10, day: 1)!, to: testToday, today: testToday, on: app.sql)
                    .filter { $0.centreId == centre.id && $0.month == "2026-10" }
                    .reduce(ReachCounts()) { $0 + ReachCounts(births: $1.births, consented: $1.consented, listed: $1.listed, registered: $1.registered, seen: $1.seen) }
            }
            let before = try await october()
            #expect(before.births >= 3)
            try await consent(app, born["Amelia"]!, .given, on: testToday - 10)
            try await consent(app, born["Jacob"]!, .given, on: testToday - 10)
            var c = try await october()
            // On the centre's list (its own page) as soon as the consent is in force, whether
            // or not a sealed list has been sent.
            #expect(c.consented == before.consented + 2 && c.listed == before.listed + 2)
            let centreList = try await BirthListStore.list(for: centre, period: Period("2026-10")!, today: testToday, on: app.sql)
            #expect(c.listed == centreList.entries.count, "the report's figure is the centre page's list")
            _ = try await BirthListStore.addKey(centre: centre.id, Curve25519.KeyAgreement.PrivateKey().publicKey, on: app.sql)
            _ = try await BirthListJob.make(centre: centre.code, period: Period("2026-10")!, today: testToday, signer: Curve25519.Signing.PrivateKey(), on: app.sql)
            #expect(try await october().listed == c.listed)
            var worker = try await Browser.signedIn(app, as: "centre.worker")
            _ = try await worker.post("/centres/\(centre.id)/registrations", ["personId": String(born["Amelia"]!), "month": "2026-10", "consentToStore": "yes"])
            let service = try await app.sql.raw("SELECT id FROM services WHERE organisation_id = \(bind: centre.id) ORDER BY id LIMIT 1").first(decodingColumn: "id", as: Int64.self)!
            let input = try ContactInput.validate(["serviceId": String(service), "date": (testToday - 5).iso, "type": "group_session", "place": "family_hub",
                                                   "outcome": "attended"], today: testToday).orThrow()
            _ = try await ContactStore.create(input, personId: born["Amelia"]!, practitionerId: nil, on: app.sql)
            c = try await october()
            #expect(c.registered == before.registered + 1 && c.seen == before.seen + 1)

            var analyst = try await Browser.signedIn(app, as: "analyst")
            let page = try await analyst.get("/reports/reach")
            #expect(page.status == .ok && page.text.contains("Reach: from birth") && page.text.contains("<svg"))
            #expect(!page.text.contains("Hartley") && !page.text.contains("Okafor"))
            // Every figure is disclosure-controlled: no count from 1 to 7 appears in a table cell.
            for n in 1...7 { #expect(page.text.range(of: "<td[^>]*>\(n)</td>", options: .regularExpression) == nil, "a count of \(n) was shown") }
            #expect(page.text.range(of: "<td[^>]*>\\*</td>", options: .regularExpression) != nil)
            var admin = try await Browser.signedIn(app, as: "admin")
            #expect(try await admin.get("/reports/reach").status == .forbidden)
        }
    }

    /// A month with no births recorded, or a figure too small to show, is a gap in the chart's
    /// line, not a fall to zero, and the table says there is no data.
    @Test func theReachChartLeavesAGapWhereThereIsNoData() {
        let full = ReachCounts(births: 40, consented: 30, listed: 30, registered: 20, seen: 10)
        let months: [(String, ReachCounts?)] = [("2026-01", full), ("2026-02", nil), ("2026-03", full), ("2026-04", full)]
        let chart = ReachViews.trend(months).html
        #expect(chart.components(separatedBy: "<polyline").count - 1 == 3, "one line per series after the gap")
        #expect(chart.components(separatedBy: "<circle").count - 1 == 3, "January stands alone for each series")
        #expect(!chart.contains(",210"), "nothing is drawn on the zero line")
        let table = ReachViews.table("Reach by month", "Month", months).html
        #expect(table.contains("No births recorded yet"))
    }
}
