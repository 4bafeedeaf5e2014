import Foundation
import Testing
import Vapor
import VaporTesting
import SQLKit
@testable import CradleServer
import CradleCore

/// The person index on the server: imports from CSV and FHIR, idempotency and history, the
/// per-row report, refusal of the wrong file, linking without NHS numbers, households, review,
/// merge and unmerge, the export, the upload page, the API, who may use any of it, and an
/// import killed part-way. Every test runs on SQLite and on PostgreSQL.
@Suite(.serialized) struct PersonIndexTests {
    static let docs = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("docs/imports")

    func file(_ name: String) throws -> Data { try Data(contentsOf: Self.docs.appendingPathComponent(name)) }

    func source(_ app: Application, _ name: String, _ kind: SourceKind, _ format: SourceFormat = .csv) async throws -> SourceStore.SourceRow {
        let id = try await SourceStore.create(.init(name: name, kind: kind, format: format), on: app.sql)
        return try await SourceStore.find(id, on: app.sql)!
    }

    func run(_ app: Application, _ source: SourceStore.SourceRow, _ data: Data, name: String = "file.csv") async throws -> ImportJob.Outcome {
        try await ImportJob(database: app.db, today: testToday).run(data, fileName: name, source: source, by: nil)
    }

    func personOf(_ app: Application, _ recordId: String) async throws -> Int64 {
        try await app.sql.raw("SELECT person_id FROM source_records WHERE record_id = \(bind: recordId)").first(decodingColumn: "person_id", as: Int64.self)!
    }

    func linkKind(_ app: Application, _ recordId: String) async throws -> String {
        try await app.sql.raw("SELECT link_kind FROM source_records WHERE record_id = \(bind: recordId)").first(decodingColumn: "link_kind", as: String.self)!
    }

    func family(_ app: Application, _ person: Int64) async throws -> Int64? {
        try await app.sql.raw("SELECT family_id FROM people WHERE id = \(bind: person)").first(decodingColumn: "family_id", as: Int64?.self) ?? nil
    }

    @Test func theSameFileTwiceChangesNothingAndAChangedRecordKeepsItsHistory() async throws {
        try await withCradle { app in
            let maternity = try await source(app, "Fernmoor maternity", .maternity)
            let people = try await app.count("people")
            let first = try await run(app, maternity, try file("maternity-example.csv"))
            #expect(first.counts.added == 6 && first.counts.rejected == 0 && first.problems.isEmpty)
            // Six babies and five mothers: the twins' mother is one person.
            #expect(try await app.count("source_records") == 12)
            #expect(try await app.count("people") == people + 11)
            #expect(try await personOf(app, "MAT-1002#parent") == personOf(app, "MAT-1003#parent"))
            // Twins stay two children, in their mother's household.
            let oliver = try await personOf(app, "MAT-1002"), ella = try await personOf(app, "MAT-1003")
            #expect(oliver != ella)
            let (oliversFamily, ellasFamily) = (try await family(app, oliver), try await family(app, ella))
            #expect(oliversFamily != nil && oliversFamily == ellasFamily)
            #expect(try await family(app, personOf(app, "MAT-1002#parent")) == family(app, oliver))
            #expect(try await app.count("link_reviews") == 0, "twins one source holds apart are not proposed for review")

            let again = try await run(app, maternity, try file("maternity-example.csv"))
            #expect(again.counts == ImportCounts(done: 6, added: 0, updated: 0, unchanged: 6, rejected: 0, reviews: 0))
            #expect(try await app.count("source_records") == 12)
            #expect(try await app.count("people") == people + 11)

            // Isla's family moved: her record updates, the old version is kept, she is still Isla.
            let isla = try await personOf(app, "MAT-1005")
            let moved = String(decoding: try file("maternity-example.csv"), as: UTF8.self)
                .replacingOccurrences(of: "ZY4 5HJ,\"Flat 2, 19 Station Road\"", with: "ZY6 7PQ,5 Orchard Close")
            let changed = try await run(app, maternity, Data(moved.utf8))
            #expect(changed.counts.updated == 1 && changed.counts.unchanged == 5 && changed.counts.added == 0)
            #expect(try await app.count("source_record_history") == 2, "the child's and the mother's earlier versions")
            #expect(try await personOf(app, "MAT-1005") == isla)
            let postcode = try await app.sql.raw("SELECT postcode FROM source_records WHERE record_id = 'MAT-1005'").first(decodingColumn: "postcode", as: String.self)
            #expect(postcode == "ZY6 7PQ")
            let old = try await app.sql.raw("""
                SELECT h.received FROM source_record_history h JOIN source_records r ON r.id = h.source_record_id WHERE r.record_id = 'MAT-1005'
                """).first(decodingColumn: "received", as: String.self)
            #expect(old?.contains("ZY4 5HJ") == true, "the record as first received is kept")
        }
    }

    @Test func aCentreRegisterWithoutNHSNumbersLinksToTheBirthsAndFHIRLinksByNHSNumber() async throws {
        try await withCradle { app in
            let maternity = try await source(app, "maternity", .maternity)
            let centre = try await source(app, "centre", .childrensCentre)
            let health = try await source(app, "child health", .childHealth, .fhir)
            _ = try await run(app, maternity, try file("maternity-example.csv"))
            let c = try await run(app, centre, try file("childrens_centre-example.csv"))
            #expect(c.counts.added == 6 && c.problems.isEmpty)
            // Millie is Amelia (a nickname), Penington a typo, Jake is Jacob, Isla's family moved
            // and her birth date was typed a day out; Ruby is new to Cradle.
            for (centreId, birthId) in [("CC-0101", "MAT-1001"), ("CC-0102", "MAT-1002"), ("CC-0103", "MAT-1003"), ("CC-0104", "MAT-1004"),
                                        ("CC-0105", "MAT-1005"), ("CC-0101#parent", "MAT-1001#parent")] {
                #expect(try await personOf(app, centreId) == personOf(app, birthId), "\(centreId) should be \(birthId)")
                #expect(try await linkKind(app, centreId) == "probabilistic")
            }
            #expect(try await personOf(app, "CC-0102") != personOf(app, "CC-0103"), "twins merged")
            #expect(try await linkKind(app, "CC-0106") == "new")
            // A linked record explains its weight: the comparisons sum to it.
            struct Row: Codable { var linkWeight: Double; var explanation: String }
            let row = try await app.sql.raw("SELECT link_weight, explanation FROM source_records WHERE record_id = 'CC-0101'").first(decoding: Row.self, with: rowDecoder)!
            let parts = try JSONDecoder().decode([ComparisonWeight].self, from: Data(row.explanation.utf8))
            #expect(parts.count == Comparison.allCases.count && abs(parts.reduce(0) { $0 + $1.weight } - row.linkWeight) < 1e-6)
            #expect(parts.first { $0.comparison == .givenName }?.level == "nickname")

            let f = try await run(app, health, try file("child_health-example.fhir.json"), name: "ch.json")
            #expect(f.counts.added == 2 && f.problems.isEmpty)
            #expect(try await personOf(app, "CH-5001") == personOf(app, "MAT-1001"))
            #expect(try await linkKind(app, "CH-5001") == "deterministic")
            #expect(try await linkKind(app, "CH-5001#parent") == "deterministic")
        }
    }

    /// A number given to someone by hand, whose records do not carry it, is invisible to the
    /// index: a record with that number joins them (the batch is written first without looking
    /// numbers up, meets the unique index, and is written again looking them up), and the
    /// rest of its batch is stored once.
    @Test func aNumberHeldBySomeoneTheIndexCannotSeeJoinsThem() async throws {
        try await withCradle { app in
            let centre = try await source(app, "centre", .childrensCentre)
            _ = try await run(app, centre, try file("childrens_centre-example.csv"))
            let ruby = try await personOf(app, "CC-0106")
            func unused(from: Int) async throws -> String {
                var nine = from
                while true {
                    if let n = NHSNumber.make(firstNine: nine), try await app.sql.raw("SELECT id FROM people WHERE nhs_number = \(bind: n.digits)").all().isEmpty { return n.digits }
                    nine += 1
                }
            }
            let held = try await unused(from: 999_412_300), fresh = try await unused(from: 999_412_400)
            try await app.sql.raw("UPDATE people SET nhs_number = \(bind: held) WHERE id = \(bind: ruby)").run()
            let (people, records) = (try await app.count("people"), try await app.count("source_records"))
            let register = try await source(app, "second register", .childrensCentre)
            let csv = "record_id,given_name,family_name,date_of_birth,nhs_number\nSR-1,Zara,Quill,2025-01-02,\(held)\nSR-2,Ada,Vance,2024-07-09,\(fresh)\n"
            let outcome = try await run(app, register, Data(csv.utf8))
            #expect(outcome.problems.isEmpty && outcome.counts.added == 2)
            #expect(try await personOf(app, "SR-1") == ruby)
            #expect(try await linkKind(app, "SR-1") == "deterministic")
            let (peopleNow, recordsNow) = (try await app.count("people"), try await app.count("source_records"))
            #expect(peopleNow == people + 1 && recordsNow == records + 2)
            let ada = try await personOf(app, "SR-2")
            let number = try await app.sql.raw("SELECT nhs_number FROM people WHERE id = \(bind: ada)").first(decodingColumn: "nhs_number", as: String.self)
            #expect(number == fresh)
        }
    }

    /// A register that holds a mother's details as a child's record (a keying slip) never pulls
    /// the mother's own record into that child, nor proposes it for review.
    @Test func aMotherIsNeverLinkedToOrProposedWithAChildsRecord() async throws {
        try await withCradle(children: 0) { app in
            let centre = try await source(app, "centre", .childrensCentre)
            let maternity = try await source(app, "maternity", .maternity)
            let register = "record_id,given_name,family_name,date_of_birth,nhs_number,sex,postcode,address,parent_given_name,parent_family_name,parent_date_of_birth,parent_nhs_number,parent_relationship,registered_on\n"
                + "CC-9,Grace,Hartley,1994-06-02,9991000089,F,ZY1 2AB,4 Fern Row,,,,,,\n"
            _ = try await run(app, centre, Data(register.utf8))
            let births = "record_id,given_name,family_name,date_of_birth,nhs_number,sex,postcode,address,parent_given_name,parent_family_name,parent_date_of_birth,parent_nhs_number,parent_relationship,birth_weight_grams,gestation_weeks,gp_practice,consent_childrens_centre,consent_date\n"
                + "MAT-9,Amelia,Hartley,2026-03-04,9991000011,F,ZY1 2AB,4 Fern Row,Grace,Hartley,1994-06-02,9991000089,mother,3400,39,,,\n"
            _ = try await run(app, maternity, Data(births.utf8))
            let childRecord = try await personOf(app, "CC-9")
            let mother = try await personOf(app, "MAT-9#parent")
            #expect(mother != childRecord, "the same fields and number, but a child's record and an adult's")
            let kinds = try await app.sql.raw("SELECT kind FROM people WHERE id IN (\(binds: [mother, childRecord])) ORDER BY id").all(decodingColumn: "kind", as: String.self)
            #expect(Set(kinds) == ["child", "adult"])
            #expect(try await app.count("link_reviews") == 0)

            // The same slip inside one file: a child's number on another row's mother.
            let slip = register + "CC-10,Ivy,Moss,2025-02-02,,F,ZY1 2AB,,Rose,Moss,1990-01-01,9991000097,mother,\n"
                + "CC-11,Rose,Moss,1990-01-01,9991000097,F,ZY1 2AB,,,,,,,\n"
            let o = try await run(app, try await source(app, "centre two", .childrensCentre), Data(slip.utf8))
            #expect(o.counts.rejected == 0)
            #expect(try await personOf(app, "CC-10#parent") != (try await personOf(app, "CC-11")))
        }
    }

    @Test func badRowsAreReportedAndGoodRowsKept() async throws {
        try await withCradle { app in
            let centre = try await source(app, "centre", .childrensCentre)
            let o = try await run(app, centre, try file("childrens_centre-bad-rows.csv"))
            // Refused: a row with one name and no date of birth (nothing to link on), a record id
            // given twice. An impossible date of birth, a bad NHS number, sex or postcode is left
            // out with a warning and the child imports.
            #expect(o.counts.added == 4 && o.counts.rejected == 2)
            let found = Set(o.problems.map { "\($0.row):\($0.field):\($0.warning ? "warning" : "refused")" })
            #expect(found == ["3:date_of_birth:warning", "4:nhs_number:warning", "5:sex:warning", "5:postcode:warning",
                              "6:given_name:refused", "6:date_of_birth:refused", "7:record_id:refused"])
            let poppy = try await personOf(app, "CC-0201")
            #expect(try await app.sql.raw("SELECT date_of_birth FROM people WHERE id = \(bind: poppy)").first(decodingColumn: "date_of_birth", as: String?.self) == .some(nil))
            let noah = try await personOf(app, "CC-0202")
            #expect(try await app.sql.raw("SELECT nhs_number FROM people WHERE id = \(bind: noah)").first(decodingColumn: "nhs_number", as: String?.self) == .some(nil))
            #expect(try await app.sql.raw("SELECT received FROM source_records WHERE record_id = 'CC-0202'").first(decodingColumn: "received", as: String.self)?
                .contains("9991000019") == true, "the number is kept as received")
            #expect(o.problems.first { $0.field == "nhs_number" }?.problem.contains("check digit") == true)
            let stored = try await SourceStore.findImport(o.importId, on: app.sql)!
            #expect(stored.status == "done" && stored.problemList == o.problems && stored.rowsDone == 6)
        }
    }

    @Test func oneNameWithAnAddressImportsAndAForeignPostcodeIsKeptAsText() async throws {
        try await withCradle { app in
            let centre = try await source(app, "centre", .childrensCentre)
            let csv = """
            record_id,given_name,family_name,date_of_birth,nhs_number,sex,postcode,address,parent_given_name,parent_family_name,parent_date_of_birth,parent_nhs_number,parent_relationship,registered_on
            CC-0301,,Moss,,,,,7 Quarry Lane,,,,,,
            CC-0302,Léa,Martin,2026-01-15,,F,75011,,,,,,,
            CC-0303,,Moss,,,,NFA,,,,,,,
            """
            let o = try await run(app, centre, Data(csv.utf8))
            // One name and no birth date is kept when an address places the child; a postcode
            // Cradle cannot read as a UK one is a warning, kept as written to compare as text;
            // "NFA" places nobody, so the last row has nothing to link on.
            #expect(o.counts.added == 2 && o.counts.rejected == 1)
            let found = Set(o.problems.map { "\($0.row):\($0.field):\($0.warning ? "warning" : "refused")" })
            #expect(found == ["2:given_name:warning", "2:date_of_birth:warning", "3:postcode:warning",
                              "4:given_name:refused", "4:date_of_birth:refused", "4:postcode:refused"])
            let rows = try await app.sql.raw("SELECT record_id, address_line, postcode, postcode_text FROM source_records ORDER BY record_id").all()
            let got = try rows.map { r in
                [try r.decode(column: "record_id", as: String.self), try r.decode(column: "address_line", as: String?.self) ?? "-",
                 try r.decode(column: "postcode", as: String?.self) ?? "-", try r.decode(column: "postcode_text", as: String?.self) ?? "-"]
            }
            #expect(got == [["CC-0301", "7 Quarry Lane", "-", "-"], ["CC-0302", "-", "-", "75011"]])
        }
    }

    @Test func aFileThatIsNotWhatItsSourceSendsIsRefusedWhole() async throws {
        try await withCradle { app in
            let centre = try await source(app, "centre", .childrensCentre)
            let fhir = try await source(app, "chs", .childHealth, .fhir)
            _ = try await run(app, centre, try file("childrens_centre-example.csv"))
            let (records, people) = (try await app.count("source_records"), try await app.count("people"))
            let cases: [(SourceStore.SourceRow, Data, String)] = [
                (centre, try file("maternity-example.csv"), "unknown birth_weight_grams"),
                (centre, try file("child_health-example.fhir.json"), "JSON, not CSV"),
                (centre, Data("given_name,family_name\nAmy,Lane\n".utf8), "missing record_id, date_of_birth"),
                (centre, Data([0x50, 0x4B, 0x03, 0x04, 0xFF, 0xFE, 0x00]), "not a text file"),
                (centre, Data("record_id,given_name,family_name,date_of_birth\n\"R1,Amy,Lane,2026-01-01\n".utf8), "never closed"),
                (fhir, try file("childrens_centre-example.csv"), "not JSON"),
                (fhir, Data(#"{"resourceType":"Patient","id":"x"}"#.utf8), "resourceType is \"Patient\""),
                (fhir, Data(#"{"resourceType":"Bundle","entry":[{"resource":{"resourceType":"Observation"}}]}"#.utf8), "no Patient"),
            ]
            for (s, data, why) in cases {
                do {
                    _ = try await run(app, s, data)
                    Issue.record("accepted a file that should be refused (\(why))")
                } catch let e as SourceFileRefused {
                    #expect(e.reason.contains(why), "\(e.reason)")
                }
            }
            #expect(try await app.count("source_records") == records)
            #expect(try await app.count("people") == people)
            let refused = try await app.sql.raw("SELECT COUNT(*) AS n FROM imports WHERE status = 'refused'").first(decodingColumn: "n", as: Int.self)
            #expect(refused == cases.count)
        }
    }

    /// A centre record named differently from the birth record on the same day, address and
    /// mother: the index proposes it rather than linking it.
    func proposeAReview(_ app: Application) async throws -> (review: Int64, record: Int64, candidate: Int64) {
        let maternity = try await source(app, "maternity", .maternity)
        let centre = try await source(app, "centre", .childrensCentre)
        _ = try await run(app, maternity, try file("maternity-example.csv"))
        let header = "record_id,given_name,family_name,date_of_birth,postcode,parent_given_name,parent_family_name,parent_date_of_birth\n"
        let o = try await run(app, centre, Data((header + "CC-0900,Zara,Hartley,2026-03-04,ZY1 2AB,Grace,Hartley,1994-06-02\n").utf8))
        #expect(o.counts.reviews == 1)
        struct Row: Codable { var id: Int64; var recordPersonId: Int64; var candidatePersonId: Int64 }
        let r = try await app.sql.raw("""
            SELECT v.id, r.person_id AS record_person_id, v.candidate_person_id FROM link_reviews v
            JOIN source_records r ON r.id = v.source_record_id WHERE r.record_id = 'CC-0900'
            """).first(decoding: Row.self, with: rowDecoder)!
        #expect(r.candidatePersonId == (try await personOf(app, "MAT-1001")))
        return (r.id, r.recordPersonId, r.candidatePersonId)
    }

    @Test func aReviewerAcceptsALinkAndAnUnmergePutsEverythingBack() async throws {
        try await withCradle { app in
            let (review, zara, amelia) = try await proposeAReview(app)
            var dq = try await Browser.signedIn(app, as: "data.quality")
            let page = try await dq.get("/links/review/\(review)")
            #expect(page.status == .ok)
            #expect(page.text.contains("Zara") && page.text.contains("Amelia") && page.text.contains("<svg") && page.text.contains("Why it scored"))
            // Something recorded against the proposed person before the decision follows the merge and comes back.
            try await app.sql.raw("INSERT INTO addresses (person_id, line, postcode, from_date) VALUES (\(bind: zara), 'Extra', 'ZY9 9ZZ', '2026-10-01')").run()
            let zaraAddresses = try await app.sql.raw("SELECT COUNT(*) AS n FROM addresses WHERE person_id = \(bind: zara)").first(decodingColumn: "n", as: Int.self)!

            // The health visitor's team is involved with the record the centre made.
            let hvTeams = try await app.sql.raw("SELECT tm.team_id FROM team_memberships tm JOIN practitioners p ON p.id = tm.practitioner_id WHERE p.username = 'health.visitor'")
                .all(decodingColumn: "team_id", as: Int64.self)
            let service = try await InvolvementStore.firstService(ofTeams: hvTeams, on: app.sql)!
            try await InvolvementStore.allocate(serviceId: service, personId: zara, on: testToday, in: app.sql)
            var hv = try await Browser.signedIn(app, as: "health.visitor")
            #expect(try await hv.get("/people/\(zara)").status == .ok)
            let born = Day(year: 2026, month: 3, day: 4)!
            #expect(try await ChildSearch.run(.name(family: "Hartley", given: "Zara", dateOfBirth: born), for: .anonymous, today: testToday, on: app.sql).count == 1)

            let accepted = try await dq.post("/links/review/\(review)", ["decision": "accept"])
            #expect(accepted.status == .seeOther)
            #expect(try await personOf(app, "CC-0900") == amelia)
            #expect(try await linkKind(app, "CC-0900") == "reviewed")
            let mergedInto = try await app.sql.raw("SELECT merged_into FROM people WHERE id = \(bind: zara)").first(decodingColumn: "merged_into", as: Int64?.self) ?? nil
            #expect(mergedInto == amelia)
            // The merged record leads to the kept one, where the involvement now is; search finds the child once.
            let followed = try await hv.get("/people/\(zara)")
            #expect(followed.status == .seeOther && followed.headers.first(name: .location) == "/people/\(amelia)")
            #expect(try await hv.get("/people/\(amelia)").status == .ok)
            #expect(try await ChildSearch.run(.name(family: "Hartley", given: "Zara", dateOfBirth: born), for: .anonymous, today: testToday, on: app.sql).isEmpty)
            #expect(try await ChildSearch.run(.name(family: "Hartley", given: nil, dateOfBirth: born), for: .anonymous, today: testToday, on: app.sql).count == 1)
            #expect(try await app.sql.raw("SELECT COUNT(*) AS n FROM addresses WHERE person_id = \(bind: zara)").first(decodingColumn: "n", as: Int.self) == 0)
            let again = try await dq.post("/links/review/\(review)", ["decision": "reject"])
            #expect(again.status == .unprocessableEntity && again.text.contains("already accepted"))
            // The decision is in the audit trail.
            let audited = try await app.sql.raw("SELECT COUNT(*) AS n FROM audit_events WHERE detail LIKE \(bind: "link review \(review): accept%")").first(decodingColumn: "n", as: Int.self)
            #expect(audited == 1)

            let merge = try await app.sql.raw("SELECT id FROM person_merges WHERE merged_person_id = \(bind: zara)").first(decodingColumn: "id", as: Int64.self)!
            let asked = try await dq.post("/links/merges/\(merge)/unmerge", [:])
            #expect(asked.status == .ok && asked.text.contains("Undo merge"))
            #expect(try await personOf(app, "CC-0900") != zara, "nothing undone until confirmed")
            let undone = try await dq.post("/links/merges/\(merge)/unmerge", ["confirmed": "yes"])
            #expect(undone.status == .seeOther)
            #expect(try await personOf(app, "CC-0900") == zara)
            #expect(try await linkKind(app, "CC-0900") == "new")
            #expect(try await app.sql.raw("SELECT COUNT(*) AS n FROM addresses WHERE person_id = \(bind: zara)").first(decodingColumn: "n", as: Int.self) == zaraAddresses)
            #expect(try await personOf(app, "MAT-1001") == amelia)
            #expect(try await MergeStore.isSplit(zara, amelia, on: app.sql))
            #expect(try await hv.get("/people/\(zara)").status == .ok, "the involvement went back with the record")
            #expect(try await hv.get("/people/\(amelia)").status == .forbidden)
            let twice = try await dq.post("/links/merges/\(merge)/unmerge", [:])
            #expect(twice.status == .unprocessableEntity && twice.text.contains("already undone"))

            // Split by hand: sending the files again neither joins them nor asks again.
            let centre = try await SourceStore.byName("centre", on: app.sql)!
            let header = "record_id,given_name,family_name,date_of_birth,postcode,parent_given_name,parent_family_name,parent_date_of_birth\n"
            let o = try await run(app, centre, Data((header + "CC-0900,Zara,Hartley,2026-03-04,ZY1 2AB,Grace,Hartley,1994-06-02\n").utf8))
            #expect(o.counts.unchanged == 1 && o.counts.reviews == 0)
            #expect(try await personOf(app, "CC-0900") != personOf(app, "MAT-1001"))
            #expect(try await app.sql.raw("SELECT COUNT(*) AS n FROM link_reviews WHERE status = 'open'").first(decodingColumn: "n", as: Int.self) == 0)
        }
    }

    @Test func aRejectedLinkKeepsThemApartAndMergesRefuseTwoNHSNumbers() async throws {
        try await withCradle { app in
            let (review, zara, amelia) = try await proposeAReview(app)
            var dq = try await Browser.signedIn(app, as: "data.quality")
            #expect(try await dq.post("/links/review/\(review)", ["decision": "maybe"]).status == .unprocessableEntity)
            #expect(try await dq.post("/links/review/\(review)", ["decision": "reject"]).status == .seeOther)
            #expect(try await MergeStore.isSplit(zara, amelia, on: app.sql))
            #expect(try await personOf(app, "CC-0900") == zara)
            let queue = try await dq.get("/links/review")
            #expect(queue.text.contains("Links to review (0)") && queue.text.contains("Rejected"))

            // Two children with different NHS numbers are never one person, even by hand.
            let oliver = try await personOf(app, "MAT-1002"), ella = try await personOf(app, "MAT-1003")
            let refused = try await dq.post("/links/merges", ["keptPersonId": String(oliver), "mergedPersonId": String(ella), "reason": "test"])
            #expect(refused.status == .unprocessableEntity && refused.text.contains("different NHS numbers"))
            #expect(try await app.count("person_merges") == 0)
            // A merge by hand of two records of one child.
            let mergeFields = ["keptPersonId": String(amelia), "mergedPersonId": String(zara), "reason": "Same child, confirmed with the centre"]
            let asked = try await dq.post("/links/merges", mergeFields)
            #expect(asked.status == .ok && asked.text.contains("Merge the records") && asked.text.contains("Same child, confirmed with the centre"))
            #expect(try await app.count("person_merges") == 0, "nothing merged until confirmed")
            let ok = try await dq.post("/links/merges", mergeFields.merging(["confirmed": "yes"]) { $1 })
            #expect(ok.status == .seeOther)
            #expect(try await personOf(app, "CC-0900") == amelia)
            let merges = try await dq.get("/links/merges")
            #expect(merges.text.contains("Same child, confirmed with the centre"))
        }
    }

    @Test func theThresholdsAreTheAuthoritysToSet() async throws {
        #expect(throws: SettingsError.self) { try Settings.linkerThresholds(auto: "ten", review: nil) }
        #expect(throws: SettingsError.self) { try Settings.linkerThresholds(auto: "10", review: "14") }
        let set = try Settings.linkerThresholds(auto: "60", review: "25.5")
        #expect(set.autoLink == 60 && set.reviewFrom == 25.5)
        // Nothing short of an NHS number links alone at 60 bits: the register waits for review.
        try await withCradle(settings: { $0.linker = set }) { app in
            _ = try await ImportJob(database: app.db, today: testToday, linker: app.settings.linker)
                .run(try file("maternity-example.csv"), fileName: "m.csv", source: try await source(app, "maternity", .maternity), by: nil)
            var token = try await apiToken(app, as: "data.quality")
            token.contentType = HTTPMediaType(type: "text", subType: "csv")
            _ = try await source(app, "centre", .childrensCentre)
            let res = try await app.send(.POST, "/api/v1/sources/centre/imports", headers: token, body: String(decoding: try file("childrens_centre-example.csv"), as: UTF8.self))
            let report = try res.json()
            #expect(report["added"] as? Int == 6)
            #expect((report["reviews"] as? Int ?? 0) >= 4, "\(report)")
            #expect(try await linkKind(app, "CC-0101") == "new")
            var dq = try await Browser.signedIn(app, as: "data.quality")
            let queue = try await dq.get("/links/review")
            let first = try await app.sql.raw("SELECT MIN(id) AS id FROM link_reviews").first(decodingColumn: "id", as: Int64.self)!
            #expect(queue.status == .ok)
            #expect(try await dq.get("/links/review/\(first)").text.contains("links are made alone from 60.00, proposed from 25.50"))
        }
    }

    @Test func theLinksExportListsEverySourceRecordWithItsPersonKindAndWeight() async throws {
        try await withCradle { app in
            let maternity = try await source(app, "maternity", .maternity)
            let centre = try await source(app, "centre", .childrensCentre)
            _ = try await run(app, maternity, try file("maternity-example.csv"))
            _ = try await run(app, centre, try file("childrens_centre-example.csv"))
            var dq = try await Browser.signedIn(app, as: "data.quality")
            let res = try await dq.get("/links/export")
            #expect(res.status == .ok && res.headers.contentType?.subType == "csv")
            let lines = res.text.split(separator: "\n")
            #expect(lines.first == Substring(CSVReader.line(LinkExport.header)))
            #expect(lines.count == 1 + (try await app.count("source_records")))
            let rows = try CSVReader.records(res.text).dropFirst()
            let millie = rows.first { $0[2] == "CC-0101" }!
            #expect(millie[4] == String(try await personOf(app, "MAT-1001")) && millie[5] == "probabilistic" && Double(millie[6])! >= 12)
            #expect(Set(rows.map { $0[5] }).isSuperset(of: ["new", "probabilistic"]))
            // The command writes the same.
            var streamed = ""
            try await LinkExport.write(on: app.sql) { streamed += $0 }
            #expect(streamed == res.text)
            // A value a spreadsheet would run as a formula is written as text.
            try await app.sql.raw("UPDATE source_records SET family_name = '=HYPERLINK(\"http://example.invalid\")' WHERE record_id = 'CC-0101'").run()
            let exported = try CSVReader.records(try await dq.get("/links/export").text).first { $0[2] == "CC-0101" }!
            #expect(exported[9] == "'=HYPERLINK(\"http://example.invalid\")")
        }
    }

    @Test func onlyTheRecordsTeamUsesThePersonIndex() async throws {
        try await withCradle { app in
            let centre = try await source(app, "centre", .childrensCentre)
            for user in ["health.visitor", "analyst", "ig.lead", "admin", "social.worker"] {
                var b = try await Browser.signedIn(app, as: user)
                for path in ["/sources", "/sources/\(centre.id)", "/links/review", "/links/merges", "/links/export"] {
                    #expect(try await b.get(path).status == .forbidden, "\(user) reached \(path)")
                }
                #expect(!(try await b.get("/search")).text.contains("Person index"))
            }
            var dq = try await Browser.signedIn(app, as: "data.quality")
            #expect(try await dq.get("/sources").text.contains("Person index"))
            // The API: a clinician's token is refused; the records team's imports.
            let csv = String(decoding: try file("childrens_centre-example.csv"), as: UTF8.self)
            var hv = try await apiToken(app, as: "health.visitor")
            hv.contentType = HTTPMediaType(type: "text", subType: "csv")
            #expect(try await app.send(.POST, "/api/v1/sources/centre/imports", headers: hv, body: csv).status == .forbidden)
            #expect(try await app.count("source_records") == 0)
            var token = try await apiToken(app, as: "data.quality")
            token.contentType = HTTPMediaType(type: "text", subType: "csv")
            let res = try await app.send(.POST, "/api/v1/sources/centre/imports", headers: token, body: csv)
            #expect(res.status == .ok)
            #expect(try res.json()["added"] as? Int == 6)
            // The report is readable again by the id the upload returned, by the records team only.
            let importId = try res.json()["importId"] as? Int ?? 0
            let report = try await app.send(.GET, "/api/v1/imports/\(importId)", headers: token)
            let body = try report.json()
            #expect(report.status == .ok && body["added"] as? Int == 6 && body["status"] as? String == "done")
            #expect(try await app.send(.GET, "/api/v1/imports/\(importId)", headers: hv).status == .forbidden)
            let bad = try await app.send(.POST, "/api/v1/sources/centre/imports", headers: token, body: "{\"resourceType\":\"Bundle\"}")
            #expect(bad.status == .unprocessableEntity && bad.text.contains("nothing imported"))
            #expect(try await app.send(.POST, "/api/v1/sources/nowhere/imports", headers: token, body: csv).status == .notFound)
        }
    }

    @Test func theUploadPageImportsInTheBackgroundAndShowsTheReport() async throws {
        try await withCradle { app in
            let centre = try await source(app, "centre", .childrensCentre)
            var dq = try await Browser.signedIn(app, as: "data.quality")
            let page = try await dq.get("/sources/\(centre.id)")
            #expect(page.text.contains("enctype=\"multipart/form-data\"") && page.text.contains("registered_on"))
            let res = try await dq.upload("/sources/\(centre.id)/imports", fileName: "register.csv", content: try file("childrens_centre-bad-rows.csv"))
            #expect(res.status == .seeOther)
            let location = res.headers.first(name: .location) ?? ""
            #expect(location.hasPrefix("/imports/"))
            var status = try await dq.get(location)
            for _ in 0..<200 where status.text.contains("Running") || status.text.contains("Queued") {
                try await Task.sleep(for: .milliseconds(100))
                status = try await dq.get(location)
            }
            #expect(status.text.contains("Rows not imported (3 problems)") && status.text.contains("Imported with a field left out (4 warnings)"))
            #expect(status.text.contains("check digit does not match"))
            #expect(status.text.contains("<progress") && !status.text.contains("http-equiv=\"refresh\""))
            let imported = try await app.count("source_records")
            #expect(imported == 7, "Millie and Grace, Poppy and Kate, Noah, Freya and Amy")

            // A forged upload (no CSRF token) is refused; a refused file is reported, nothing stored.
            let forged = try await dq.upload("/sources/\(centre.id)/imports", fileName: "x.csv", content: try file("childrens_centre-example.csv"), csrf: "wrong")
            #expect(forged.status == .forbidden)
            let wrong = try await dq.upload("/sources/\(centre.id)/imports", fileName: "births.csv", content: try file("maternity-example.csv"))
            #expect(wrong.status == .unprocessableEntity && wrong.text.contains("nothing was imported") && wrong.text.contains("birth_weight_grams"))
            #expect(try await app.count("source_records") == imported)

            // Registering a source: errors beside the field, a duplicate name refused.
            let dup = try await dq.post("/sources", ["name": "centre", "kind": "childrens_centre", "format": "csv"])
            #expect(dup.status == .unprocessableEntity && dup.text.contains("already registered"))
            let made = try await dq.post("/sources", ["name": "Fernmoor GP", "kind": "gp", "format": "csv"])
            #expect(made.status == .seeOther)
            #expect(try await SourceStore.byName("Fernmoor GP", on: app.sql) != nil)
        }
    }

    /// `kill -9` part-way through `cradle import`, then the same command again: every row once,
    /// no person without a record, nothing lost.
    @Test func anImportKilledPartWayResumesWithoutDuplicates() async throws {
        let binary = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent(".build/debug/cradle").path
        #expect(FileManager.default.isExecutableFile(atPath: binary), "build the cradle executable first (swift build)")
        try await withCradle(children: 20) { app in
            _ = try await source(app, "register", .childrensCentre)
            let records = LinkageExtracts.generate(children: 1_500, seed: 11, today: testToday).records.filter { $0.dateOfBirth != nil }
            var csv = "record_id,given_name,family_name,date_of_birth,sex,postcode\n"
            for (i, r) in records.enumerated() {
                csv += CSVReader.line(["R\(i)", r.givenName, r.familyName, r.dateOfBirth!.iso, r.sex?.rawValue ?? "", r.postcode?.normalised ?? ""]) + "\n"
            }
            // The generator's typos make a few rows invalid (a birth date after today): the good rows are the expectation.
            let good = try CSVSource.parse(csv, kind: .childrensCentre, today: testToday).rows.count
            #expect(good > 2_000)
            let path = app.settings.dataDirectory + "/register.csv"
            try FileManager.default.createDirectory(atPath: app.settings.dataDirectory, withIntermediateDirectories: true)
            try csv.write(toFile: path, atomically: true, encoding: .utf8)
            let peopleBefore = try await app.count("people")
            let maxBefore = try await app.sql.raw("SELECT MAX(id) AS m FROM people").first(decodingColumn: "m", as: Int64.self) ?? 0

            func start() throws -> Process {
                let p = Process()
                p.executableURL = URL(fileURLWithPath: binary)
                p.arguments = ["import", "--source", "register", path, "--batch", "25"]
                var env = ProcessInfo.processInfo.environment
                env["CRADLE_DATA_DIR"] = app.settings.dataDirectory
                env["DATABASE_URL"] = app.settings.databaseURL ?? ""
                env["CRADLE_POSTGRES_SCHEMA"] = app.settings.postgresSchema ?? ""
                // A short lease: the killed import's turn lapses within the test.
                env["CRADLE_IMPORT_LEASE_SECONDS"] = "1"
                p.environment = env
                p.standardOutput = FileHandle.nullDevice
                p.standardError = FileHandle.nullDevice
                try p.run()
                return p
            }
            let first = try start()
            var stored = 0
            for _ in 0..<1200 {
                stored = try await app.count("source_records")
                if stored >= 300 || !first.isRunning { break }
                try await Task.sleep(for: .milliseconds(50))
            }
            #expect(first.isRunning, "the import finished before it could be killed")
            kill(first.processIdentifier, SIGKILL)
            first.waitUntilExit()
            let partial = try await app.count("source_records")
            #expect(partial > 0 && partial < good, "killed with \(partial) of \(good) stored")
            #expect(try await app.sql.raw("SELECT status FROM imports").first(decodingColumn: "status", as: String.self) == "running")
            // A server starting before its lease lapses leaves it alone (it may be another's);
            // one starting afterwards marks it interrupted, and its page says what to do.
            try await ImportClaims.interruptExpired(on: app.sql)
            #expect(try await app.sql.raw("SELECT status FROM imports").first(decodingColumn: "status", as: String.self) == "running")
            try await Task.sleep(for: .milliseconds(1_200))
            try await ImportClaims.interruptExpired(on: app.sql)
            let stopped = try await app.sql.raw("SELECT id FROM imports WHERE status = 'interrupted'").first(decodingColumn: "id", as: Int64.self)
            #expect(stopped != nil)
            var dq = try await Browser.signedIn(app, as: "data.quality")
            #expect(try await dq.get("/imports/\(stopped ?? 0)").text.contains("Import the same file again"))

            let second = try start()
            second.waitUntilExit()
            #expect(second.terminationStatus == 0)
            #expect(try await app.count("source_records") == good)
            let distinct = try await app.sql.raw("SELECT COUNT(DISTINCT record_id) AS n FROM source_records").first(decodingColumn: "n", as: Int.self)
            #expect(distinct == good)
            // Every person the imports made has a record (or was merged into one that has, when a
            // record showed two to be one): nothing half-written survived the kill.
            let orphans = try await app.sql.raw("""
                SELECT COUNT(*) AS n FROM people p WHERE p.id > \(bind: maxBefore) AND p.merged_into IS NULL
                AND NOT EXISTS (SELECT 1 FROM source_records r WHERE r.person_id = p.id)
                """).first(decodingColumn: "n", as: Int.self)
            #expect(orphans == 0)
            let merged = try await app.sql.raw("SELECT COUNT(*) AS n FROM people WHERE id > \(bind: maxBefore) AND merged_into IS NOT NULL")
                .first(decodingColumn: "n", as: Int.self)!
            let made = try await app.count("people") - peopleBefore - merged
            let persons = try await app.sql.raw("SELECT COUNT(DISTINCT person_id) AS n FROM source_records").first(decodingColumn: "n", as: Int.self)!
            #expect(made == persons)
            let done = try await app.sql.raw("SELECT rows_total, rows_done, added, unchanged FROM imports WHERE status = 'done'").first()
            #expect(try done?.decode(column: "rows_done", as: Int.self) == records.count, "every row read, good or not")
            #expect(try done?.decode(column: "unchanged", as: Int.self) == partial)
        }
    }
}

extension Browser {
    /// Sends a file as a browser's upload form does (multipart/form-data).
    mutating func upload(_ path: String, fileName: String, content: Data, csrf overrideToken: String? = nil) async throws -> TestingHTTPResponse {
        let boundary = "----cradle-test-boundary"
        var body = Data()
        body.append(Data("--\(boundary)\r\nContent-Disposition: form-data; name=\"_csrf\"\r\n\r\n\(overrideToken ?? csrf)\r\n".utf8))
        body.append(Data("--\(boundary)\r\nContent-Disposition: form-data; name=\"file\"; filename=\"\(fileName)\"\r\nContent-Type: text/csv\r\n\r\n".utf8))
        body.append(content)
        body.append(Data("\r\n--\(boundary)--\r\n".utf8))
        var h = headers()
        h.replaceOrAdd(name: .contentType, value: "multipart/form-data; boundary=\(boundary)")
        let res = try await app.testing().sendRequest(.POST, path, headers: h, body: ByteBuffer(data: body))
        remember(res)
        return res
    }
}
