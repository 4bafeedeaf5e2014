import Foundation
import Testing
import Vapor
import SQLKit
@testable import CradleServer
import CradleCore

/// Birth and antenatal notifications: the family's sharing answer carried on the feed and never
/// bypassed by edits or re-imports, bookings that reach the centre before the birth and become
/// the baby, the GP, and system clients whose credential may only notify. On SQLite and PostgreSQL.
struct NotificationServerTests {
    static let birthHeader = "record_id,given_name,family_name,date_of_birth,nhs_number,sex,postcode,address,parent_given_name,parent_family_name,parent_date_of_birth,parent_nhs_number,gp_practice,consent_childrens_centre,consent_date\n"
    static let bookingHeader = SourceKind.antenatal.columns.map(\.name).joined(separator: ",") + "\n"

    struct Area: Codable { var postcode: String; var code: String }

    func area(_ app: Application) async throws -> (postcode: String, centre: BirthListStore.Centre, gp: String) {
        let a = try await app.sql.raw("""
            SELECT pc.postcode, o.code FROM postcodes pc JOIN small_areas sa ON sa.id = pc.small_area_id
            JOIN organisations o ON o.id = sa.centre_organisation_id ORDER BY o.code, pc.postcode LIMIT 1
            """).first(decoding: Area.self, with: rowDecoder)!
        let gp = try await app.sql.raw("SELECT code FROM organisations WHERE kind = 'gp_practice' ORDER BY code LIMIT 1").first(decodingColumn: "code", as: String.self)!
        return (a.postcode, try await BirthListStore.centre(code: a.code, on: app.sql)!, gp)
    }

    func source(_ app: Application, _ name: String, _ kind: SourceKind) async throws -> SourceStore.SourceRow {
        let id = try await SourceStore.create(.init(name: name, kind: kind, format: .csv), on: app.sql)
        return try await SourceStore.find(id, on: app.sql)!
    }

    func run(_ app: Application, _ source: SourceStore.SourceRow, _ text: String) async throws -> ImportJob.Outcome {
        try await ImportJob(database: app.db, today: testToday).run(Data(text.utf8), fileName: "feed.csv", source: source, by: nil)
    }

    func person(_ app: Application, record: String) async throws -> Int64 {
        try await app.sql.raw("SELECT person_id FROM source_records WHERE record_id = \(bind: record)").first(decodingColumn: "person_id", as: Int64.self)!
    }

    func listed(_ app: Application, _ centre: BirthListStore.Centre) async throws -> [String] {
        try await BirthListStore.list(for: centre, period: Period("2026-11")!, today: testToday, on: app.sql).entries.map(\.givenName).sorted()
    }

    func feedConsents(_ app: Application) async throws -> Int {
        try await app.sql.raw("SELECT COUNT(*) AS n FROM consents WHERE recorded_by_source IS NOT NULL").first(decodingColumn: "n", as: Int.self)!
    }

    @Test func aBirthWithoutConsentNeverReachesAListThroughEditsOrReimports() async throws {
        try await withCradle { app in
            let (postcode, centre, gp) = try await area(app)
            let maternity = try await source(app, "maternity", .maternity)
            func row(_ id: String, _ name: String, _ nhs: String, _ line: String, _ answer: String, _ on: String) -> String {
                "\(id),\(name),Fairbairn,2026-11-10,\(nhs),F,\(postcode),\(line),Rhona,Fairbairn,1993-04-04,,\(gp),\(answer),\(on)"
            }
            let first = Self.birthHeader + [row("N1", "Aila", "9991000208", "1 Kiln Row", "yes", "2026-11-11"),
                                            row("N2", "Bree", "9991000216", "2 Kiln Row", "no", ""),
                                            row("N3", "Cara", "9991000224", "3 Kiln Row", "", "")].joined(separator: "\n") + "\n"
            _ = try await run(app, maternity, first)
            #expect(try await listed(app, centre) == ["Aila"])
            #expect(try await feedConsents(app) == 2, "a yes and a no; a blank records nothing")
            let aila = try await person(app, record: "N1")
            let history = try await GovernanceStore.consentHistory(personId: aila, on: app.sql)
            #expect(history.first?.recordedBy == nil && history.first?.recorderName == "the maternity feed" && history.first?.method == "at_booking")
            #expect(try await app.sql.raw("SELECT gp_practice FROM people WHERE id = \(bind: aila)").first(decodingColumn: "gp_practice", as: String.self) == gp)

            // The same file again, and an edit that keeps the answer, record nothing new.
            _ = try await run(app, maternity, first)
            _ = try await run(app, maternity, Self.birthHeader + row("N2", "Bree", "9991000216", "22 Kiln Row", "no", "") + "\n")
            #expect(try await feedConsents(app) == 2)
            #expect(try await listed(app, centre) == ["Aila"])

            // The family withdraws in Cradle; the feed re-sending its old yes (re-imported, or in an
            // edited row) does not put them back.
            let hvId = try await app.sql.raw("SELECT id FROM practitioners WHERE username = 'health.visitor'").first(decodingColumn: "id", as: Int64.self)!
            let withdraw = try ConsentInput.validate(["purpose": ConsentPurpose.birthDetailsToChildrensCentres.rawValue, "status": "withdrawn",
                                                      "recipientKinds": "childrens_centre", "givenBy": "Mother", "date": testToday.iso, "method": "verbal"],
                                                     today: testToday).orThrow()
            try await GovernanceStore.recordConsent(personId: aila, withdraw, recordedBy: hvId, on: app.sql)
            #expect(try await listed(app, centre).isEmpty)
            _ = try await run(app, maternity, first)
            _ = try await run(app, maternity, Self.birthHeader + row("N1", "Aila", "9991000208", "1a Kiln Row", "yes", "2026-11-11") + "\n")
            #expect(try await listed(app, centre).isEmpty)

            // Bree's family, who said no at booking, withdraws in Cradle; a late feed message
            // saying yes, dated before the withdrawal, is kept as history and changes nothing.
            let bree = try await person(app, record: "N2")
            try await GovernanceStore.recordConsent(personId: bree, withdraw, recordedBy: hvId, on: app.sql)
            _ = try await run(app, maternity, Self.birthHeader + row("N2", "Bree", "9991000216", "2 Kiln Row", "yes", "2026-11-12") + "\n")
            let breeHistory = try await GovernanceStore.consentHistory(personId: bree, on: app.sql).map { "\($0.status) \($0.givenOn)" }
            #expect(breeHistory == ["withdrawn \(testToday.iso)", "refused \(testToday.iso)", "given 2026-11-12"])
            #expect(try await GovernanceStore.currentConsents(personId: bree, on: app.sql).first?.status == .withdrawn)
            #expect(try await listed(app, centre).isEmpty)

            // The feed changes its answers: Cara's family agrees, then changes their mind after the
            // month's list went out; the centre is told to erase it.
            _ = try await run(app, maternity, Self.birthHeader + row("N3", "Cara", "9991000224", "3 Kiln Row", "yes", "2026-11-20") + "\n")
            let list = try await BirthListStore.list(for: centre, period: Period("2026-11")!, today: testToday, on: app.sql)
            #expect(list.entries.map(\.givenName) == ["Cara"])
            try await BirthListStore.logList(centre: centre.id, list, fingerprint: "test", on: app.sql)
            _ = try await run(app, maternity, Self.birthHeader + row("N3", "Cara", "9991000224", "3 Kiln Row", "no", "2026-11-26") + "\n")
            #expect(try await listed(app, centre).isEmpty)
            let cara = try await person(app, record: "N3")
            #expect(try await GovernanceStore.consentHistory(personId: cara, on: app.sql).first?.status == "withdrawn")
            #expect(try await BirthListStore.notices(centre: centre.id, on: app.sql).map(\.period) == ["2026-11"])

            // A bad answer or GP code is left out with a warning and the row imports: an answer
            // that is not yes or no records no consent, and changes no decision stored.
            let before = try await feedConsents(app)
            let o = try await run(app, maternity, Self.birthHeader + row("N3", "Cara", "9991000224", "3 Kiln Row", "perhaps", "") + "\n"
                                  + "N4,Dana,Fairbairn,2026-11-10,9991000232,F,\(postcode),,Rhona,Fairbairn,1993-04-04,,GP-1,yes,2026-11-11\n")
            #expect(o.counts.rejected == 0 && o.problems.allSatisfy(\.warning) && o.problems.map(\.field).sorted() == ["consent_childrens_centre", "gp_practice"])
            #expect(try await feedConsents(app) == before + 1, "Dana's yes; nothing for Cara's unreadable answer")
            #expect(try await GovernanceStore.consentHistory(personId: cara, on: app.sql).first?.status == "withdrawn")
            let dana = try await person(app, record: "N4")
            #expect(try await app.sql.raw("SELECT gp_practice FROM people WHERE id = \(bind: dana)").first(decodingColumn: "gp_practice", as: String?.self) == .some(nil))

            // The record page names the GP practice.
            var hv = try await Browser.signedIn(app, as: "health.visitor")
            let related = try await relatedChild(app)
            try await app.sql.raw("UPDATE people SET gp_practice = \(bind: gp) WHERE id = \(bind: related)").run()
            let page = try await hv.get("/people/\(related)")
            let gpName = try await app.sql.raw("SELECT name FROM organisations WHERE code = \(bind: gp)").first(decodingColumn: "name", as: String.self)!
            #expect(page.text.contains("GP practice") && page.text.contains(gpName))
        }
    }

    @Test func aBookingWithConsentReachesTheCentreBeforeTheBirthAndBecomesTheBaby() async throws {
        try await withCradle { app in
            let (postcode, centre, gp) = try await area(app)
            let antenatal = try await source(app, "bookings", .antenatal)
            let maternity = try await source(app, "maternity", .maternity)
            let bookings = Self.bookingHeader + """
                BK1,Grace,Hartley,1994-06-02,2026-12-10,2026-11-20,9991000240,\(postcode),4 Fern Row,\(gp),yes,2026-11-20
                BK2,Priya,Shah,1998-03-14,2027-05-01,2026-11-21,9991000259,\(postcode),9 Fern Row,,no,

                """
            let o = try await run(app, antenatal, bookings)
            #expect(o.counts.added == 2 && o.problems.isEmpty)
            let unborn = try await person(app, record: "BK1")
            struct P: Codable { var givenName: String; var dateOfBirth: String?; var expectedDeliveryDate: String?; var familyId: Int64? }
            let u = try await app.sql.raw("SELECT given_name, date_of_birth, expected_delivery_date, family_id FROM people WHERE id = \(bind: unborn)")
                .first(decoding: P.self, with: rowDecoder)!
            #expect(u.givenName == "Baby" && u.dateOfBirth == nil && u.expectedDeliveryDate == "2026-12-10" && u.familyId != nil)
            let november = try await BirthListStore.list(for: centre, period: Period("2026-11")!, today: testToday, on: app.sql)
            #expect(november.expected.map(\.motherName) == ["Grace Hartley"], "only the booking that agreed")
            #expect(november.csv.contains("expected,,,,2026-12-10"))
            var worker = try await Browser.signedIn(app, as: "centre.worker")
            if centre.code == "CC01" {
                let page = try await worker.get("/centres/\(centre.id)")
                #expect(page.text.contains("Expecting a baby") && page.text.contains("Grace Hartley") && !page.text.contains("Priya"))
            }

            // The baby is born early and the birth notification names the mother by NHS number.
            _ = try await run(app, maternity, Self.birthHeader
                              + "MB1,Rose,Hartley,2026-11-25,9991000267,F,\(postcode),4 Fern Row,Grace,Hartley,1994-06-02,9991000240,,,\n")
            let baby = try await person(app, record: "MB1")
            #expect(baby != unborn)
            #expect(try await app.sql.raw("SELECT merged_into FROM people WHERE id = \(bind: unborn)").first(decodingColumn: "merged_into", as: Int64?.self) == .some(baby))
            let after = try await BirthListStore.list(for: centre, period: Period("2026-11")!, today: testToday, on: app.sql)
            #expect(after.entries.map(\.givenName) == ["Rose"], "the booking's consent came with the record")
            #expect(after.expected.isEmpty)
            #expect(try await app.sql.raw("SELECT COUNT(*) AS n FROM people WHERE family_id = \(bind: u.familyId!) AND kind = 'child' AND merged_into IS NULL")
                .first(decodingColumn: "n", as: Int.self) == 1)

            // Priya's baby, due in May, is not a November birth of hers: a birth far from the due date
            // is a child of its own.
            _ = try await run(app, maternity, Self.birthHeader
                              + "MB2,Asha,Shah,2026-11-26,9991000275,F,\(postcode),9 Fern Row,Priya,Shah,1998-03-14,9991000259,,,\n")
            let shahUnborn = try await person(app, record: "BK2")
            #expect(try await app.sql.raw("SELECT merged_into FROM people WHERE id = \(bind: shahUnborn)").first(decodingColumn: "merged_into", as: Int64?.self) == .some(nil))
        }
    }

    @Test func theDemosFeedsImportWholeAndItsBookingsReachTheirCentres() async throws {
        try await withCradle { app in
            try await DemoPersonIndex.seed(app, children: 30)
            struct Imp: Codable { var fileName: String; var rejected: Int; var added: Int }
            let imports = try await app.sql.raw("SELECT file_name, rejected, added FROM imports ORDER BY id").all(decoding: Imp.self, with: rowDecoder)
            #expect(imports.map(\.fileName) == ["maternity-demo.csv", "centres-register-demo.csv", "antenatal-bookings-demo.csv"])
            #expect(imports.allSatisfy { $0.rejected == 0 && $0.added > 0 }, "\(imports)")
            let centres = try await app.sql.raw("SELECT id, code, name FROM organisations WHERE kind = 'childrens_centre' ORDER BY code")
                .all(decoding: BirthListStore.Centre.self, with: rowDecoder)
            let lists = try await BirthListStore.lists(for: centres, period: Period(containing: testToday), today: testToday, on: app.sql)
            #expect(lists.values.map(\.expected.count).reduce(0, +) == 9, "the nine of twelve bookings that agreed")
        }
    }

    @Test func aFHIRBundleCarriesTheGPAndTheFamilysAnswerAsAConsent() throws {
        let docs = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let data = try Data(contentsOf: docs.appendingPathComponent("docs/imports/child_health-example.fhir.json"))
        let parsed = try FHIRSource.parse(data, kind: .childHealth, today: testToday)
        #expect(parsed.problems.isEmpty)
        let amelia = try #require(parsed.rows.first?.record)
        #expect(amelia.gpPractice == "Y90001")
        #expect(amelia.consent == FeedConsent(status: .given, date: Day(year: 2026, month: 3, day: 18)!, method: .firstVisit))
        #expect(amelia.received.contains("\"Consent\""), "the Consent is kept with the record as received")
        #expect(parsed.rows.dropFirst().allSatisfy { $0.record.consent == nil })
        // A Consent for a patient not in the Bundle is reported by entry.
        var bundle = try JSONSerialization.jsonObject(with: data) as! [String: Any]
        var entries = bundle["entry"] as! [[String: Any]]
        entries.append(["resource": ["resourceType": "Consent", "patient": ["reference": "Patient/nobody"], "provision": ["type": "deny"]]])
        bundle["entry"] = entries
        let stray = try FHIRSource.parse(try JSONSerialization.data(withJSONObject: bundle), kind: .childHealth, today: testToday)
        #expect(stray.problems == [RowProblem(row: entries.count, field: "Consent.patient", problem: "refers to Patient/nobody, which is not in this Bundle")])
        #expect(throws: SourceFileRefused.self) { try FHIRSource.parse(data, kind: .antenatal, today: testToday) }
    }

    @Test func aSystemClientsCredentialMayOnlyNotifyItsOwnFeed() async throws {
        try await withCradle { app in
            let (postcode, centre, _) = try await area(app)
            let maternity = try await source(app, "maternity", .maternity)
            let gp = try await source(app, "gp feed", .gp)
            await #expect(throws: InvalidInput.self) { _ = try await SystemClientStore.create(name: "gp system", source: gp, on: app.sql) }
            let token = try await SystemClientStore.create(name: "Fernmoor PAS", source: maternity, on: app.sql)
            #expect(token.hasPrefix("notify_"))
            var h = HTTPHeaders()
            h.bearerAuthorization = BearerAuthorization(token: token)
            h.contentType = HTTPMediaType(type: "text", subType: "csv")
            let body = Self.birthHeader + "API1,Lily,Brennan,2026-11-24,9991000283,F,\(postcode),,Orla,Brennan,1991-01-01,,,yes,2026-11-25\n"
            let res = try await app.send(.POST, "/api/v1/notifications", headers: h, body: body)
            #expect(res.status == .ok, "\(res.text)")
            #expect(try res.json()["added"] as? Int == 1)
            #expect(try await listed(app, centre) == ["Lily"])
            let lily = try await person(app, record: "API1")
            #expect(try await app.sql.raw("SELECT COUNT(*) AS n FROM audit_events WHERE detail LIKE '%system client Fernmoor PAS%' AND decision = 'allow'")
                .first(decodingColumn: "n", as: Int.self)! >= 1)

            // Nothing else: not the record it just sent, not search, not the records team's import.
            for (method, path) in [(HTTPMethod.GET, "/api/v1/people/\(lily)"), (.GET, "/api/v1/search?nhsNumber=9991000283"),
                                   (.POST, "/api/v1/sources/maternity/imports"), (.GET, "/api/v1/services"), (.POST, "/api/v1/people")] {
                let r = try await app.send(method, path, headers: h, body: body)
                #expect(r.status == .forbidden, "\(method) \(path): \(r.status)")
            }
            // A file that is not its feed's is refused whole.
            let before = try await app.count("source_records")
            let bad = try await app.send(.POST, "/api/v1/notifications", headers: h, body: #"{"resourceType":"Bundle"}"#)
            #expect(bad.status == .unprocessableEntity && bad.text.contains("JSON"))
            #expect(try await app.count("source_records") == before)
            // A practitioner, even the records team, does not notify.
            var team = try await apiToken(app, as: "data.quality")
            team.contentType = h.contentType
            #expect(try await app.send(.POST, "/api/v1/notifications", headers: team, body: body).status == .forbidden)
            // A forged or revoked token is no one.
            var forged = h
            forged.bearerAuthorization = BearerAuthorization(token: "notify_" + String(token.dropFirst(8)))
            #expect(try await app.send(.POST, "/api/v1/notifications", headers: forged, body: body).status == .unauthorized)
            try await SystemClientStore.revoke(name: "Fernmoor PAS", on: app.sql)
            #expect(try await app.send(.POST, "/api/v1/notifications", headers: h, body: body).status == .unauthorized)
        }
    }
}
