import Testing
import Vapor
import VaporTesting
import SQLKit
import CradleCore
@testable import CradleServer

@Suite(.serialized) struct FHIRTests {
    static let nhs = "https://fhir.nhs.uk/Id/nhs-number"

    func entries(_ res: TestingHTTPResponse) throws -> [[String: Any]] {
        let bundle = try res.json()
        #expect(bundle["resourceType"] as? String == "Bundle")
        return (bundle["entry"] as? [[String: Any]] ?? []).compactMap { $0["resource"] as? [String: Any] }
    }

    /// A practitioner's system finds a child by NHS number and reads the services involved and
    /// the 2–2½ year review with its ASQ-3 scores, coded as the CSDS codes them.
    @Test func aPractitionersSystemFindsAChildByNHSNumberAndReadsServicesAndTheTwoYearReview() async throws {
        try await withCradle(children: 60) { app in
            let hct = HealthyChildTests()
            let child = try await hct.twoYearOld(app)
            var hv = try await Browser.signedIn(app)
            #expect(try await hv.post("/people/\(child)/reviews", hct.reviewForm(interval: "27", extra: ["asqse2": "30"])).status == .seeOther)
            let number = try await app.sql.raw("SELECT nhs_number FROM people WHERE id = \(bind: child)").first(decodingColumn: "nhs_number", as: String.self)!
            let token = try await apiToken(app)

            let metadata = try await app.send(.GET, "/fhir/R4/metadata")
            #expect(metadata.status == .ok)
            #expect(metadata.headers.first(name: .contentType)?.hasPrefix("application/fhir+json") == true)
            #expect(try metadata.json()["fhirVersion"] as? String == "4.0.1")

            let found = try await app.send(.GET, "/fhir/R4/Patient?identifier=\(Self.nhs)%7C\(number)", headers: token)
            #expect(found.status == .ok)
            #expect(found.headers.first(name: .cacheControl) == "no-store")
            let matches = try entries(found)
            #expect(matches.map { $0["id"] as? String } == [String(child)])

            let patient = try await app.send(.GET, "/fhir/R4/Patient/\(child)", headers: token)
            #expect(patient.status == .ok)
            let p = try patient.json()
            #expect((p["identifier"] as? [[String: Any]])?.first?["value"] as? String == number)
            #expect(((p["meta"] as? [String: Any])?["profile"] as? [String])?.first == "https://fhir.hl7.org.uk/StructureDefinition/UKCore-Patient")
            #expect(p["birthDate"] as? String == "2024-08-10")

            let involvements = try await app.sql.raw("""
                SELECT COUNT(*) AS n FROM involvements i JOIN people p ON i.person_id = p.id OR i.family_id = p.family_id WHERE p.id = \(bind: child)
                """).first(decodingColumn: "n", as: Int.self)!
            let episodes = try entries(try await app.send(.GET, "/fhir/R4/EpisodeOfCare?patient=Patient/\(child)", headers: token))
            #expect(episodes.count == involvements && involvements > 0)
            #expect(episodes.allSatisfy { ($0["patient"] as? [String: Any])?["reference"] as? String == "Patient/\(child)" })

            let encounters = try entries(try await app.send(.GET, "/fhir/R4/Encounter?patient=\(child)", headers: token))
            let review = encounters.first { (($0["type"] as? [[String: Any]])?.first?["text"] as? String) == MandatedReview.twoYears.label }
            #expect(review?["status"] as? String == "finished")
            #expect((review?["period"] as? [String: Any])?["start"] as? String == "2026-11-27")

            // Five area scores at 27 months: communication all "not yet" is 0, below its cut-off.
            let observations = try entries(try await app.send(.GET, "/fhir/R4/Observation?patient=\(child)", headers: token))
            let asq = observations.filter { ($0["id"] as? String)?.contains("asq3") == true }
            #expect(asq.count == 5)
            let communication = asq.first { ($0["id"] as? String)?.hasSuffix("communication") == true }
            let coding = ((communication?["code"] as? [String: Any])?["coding"] as? [[String: Any]])?.first
            #expect(coding?["system"] as? String == "http://snomed.info/sct" && coding?["code"] as? String == "953261000000103")
            #expect((communication?["valueQuantity"] as? [String: Any])?["value"] as? Double == 0)
            #expect(((communication?["interpretation"] as? [[String: Any]])?.first?["text"] as? String) == ASQBand.belowCutoff.label)
            #expect(observations.contains { $0["id"] as? String == "\(child)-gestation" })

            let responses = try entries(try await app.send(.GET, "/fhir/R4/QuestionnaireResponse?patient=\(child)", headers: token))
            #expect(responses.count == 1)
            let items = responses.first?["item"] as? [[String: Any]] ?? []
            #expect(items.map { $0["linkId"] as? String } == ASQArea.allCases.map(\.rawValue) + ["asqse2-total"])

            let everything = try entries(try await app.send(.GET, "/fhir/R4/Patient/\(child)/$everything", headers: token))
            let types = Set(everything.compactMap { $0["resourceType"] as? String })
            #expect(types.isSuperset(of: ["Patient", "EpisodeOfCare", "Encounter", "Observation", "QuestionnaireResponse"]))
            #expect(everything.count == 1 + episodes.count + encounters.count + observations.count + responses.count
                    + (try entries(try await app.send(.GET, "/fhir/R4/RelatedPerson?patient=\(child)", headers: token))).count
                    + (try entries(try await app.send(.GET, "/fhir/R4/Consent?patient=\(child)", headers: token))).count)

            // Every read is in the audit trail, under the FHIR path it came by.
            let audited = try await app.sql.raw("""
                SELECT COUNT(*) AS n FROM audit_events WHERE path LIKE '/fhir/R4/%' AND person_id = \(bind: child) AND decision = 'allow'
                """).first(decodingColumn: "n", as: Int.self)!
            #expect(audited >= 8)
        }
    }

    /// Without a relationship nothing of the child's is read, by any FHIR route; errors are
    /// OperationOutcomes naming what is wrong.
    /// A GP practice's own system, with a read credential for that practice, finds its
    /// registered child by NHS number and reads the services involved and the 2-year review;
    /// a child registered elsewhere is neither found nor read; nothing else is open to it, and
    /// the trail names it.
    @Test func aGPSystemReadsItsRegisteredChildsServicesAndTwoYearReviewAndNothingElse() async throws {
        try await withCradle(children: 60) { app in
            let hct = HealthyChildTests()
            let child = try await hct.twoYearOld(app)
            var hv = try await Browser.signedIn(app)
            #expect(try await hv.post("/people/\(child)/reviews", hct.reviewForm(interval: "27")).status == .seeOther)
            let practices = try await app.sql.raw("SELECT code FROM organisations WHERE kind = 'gp_practice' ORDER BY code LIMIT 2")
                .all(decodingColumn: "code", as: String.self)
            try #require(practices.count == 2)
            try await app.sql.raw("UPDATE people SET gp_practice = \(bind: practices[0]) WHERE id = \(bind: child)").run()
            let other = try await app.sql.raw("SELECT MIN(id) AS id FROM people WHERE kind = 'child' AND id <> \(bind: child) AND nhs_number IS NOT NULL")
                .first(decodingColumn: "id", as: Int64.self)!
            try await app.sql.raw("UPDATE people SET gp_practice = \(bind: practices[1]) WHERE id = \(bind: other)").run()
            func number(_ id: Int64) async throws -> String {
                try await app.sql.raw("SELECT nhs_number FROM people WHERE id = \(bind: id)").first(decodingColumn: "nhs_number", as: String.self)!
            }
            await #expect(throws: InvalidInput.self) { _ = try await SystemClientStore.createReader(name: "Nowhere", practice: "ZZZ999", on: app.sql) }
            let token = try await SystemClientStore.createReader(name: "Beech Surgery system", practice: practices[0], on: app.sql)
            var h = HTTPHeaders()
            h.bearerAuthorization = BearerAuthorization(token: token)

            let found = try entries(try await app.send(.GET, "/fhir/R4/Patient?identifier=\(Self.nhs)%7C\(try await number(child))", headers: h))
            #expect(found.map { $0["id"] as? String } == [String(child)])
            let episodes = try entries(try await app.send(.GET, "/fhir/R4/EpisodeOfCare?patient=\(child)", headers: h))
            #expect(!episodes.isEmpty)
            let encounters = try entries(try await app.send(.GET, "/fhir/R4/Encounter?patient=\(child)", headers: h))
            #expect(encounters.contains { (($0["type"] as? [[String: Any]])?.first?["text"] as? String) == MandatedReview.twoYears.label })
            let answers = try entries(try await app.send(.GET, "/fhir/R4/QuestionnaireResponse?patient=\(child)", headers: h))
            #expect(answers.count == 1)

            // Another practice's child: not found by number, and refused by id.
            #expect(try entries(try await app.send(.GET, "/fhir/R4/Patient?identifier=\(Self.nhs)%7C\(try await number(other))", headers: h)).isEmpty)
            #expect(try await app.send(.GET, "/fhir/R4/Patient/\(other)", headers: h).status == .forbidden)
            // Not the family's consent decisions, not notes, and nothing written.
            #expect(try await app.send(.GET, "/fhir/R4/Consent?patient=\(child)", headers: h).status == .forbidden)
            #expect(try await app.send(.GET, "/api/v1/people/\(child)/notes", headers: h).status == .forbidden)
            var json = h
            json.contentType = .json
            let write = try await app.send(.POST, "/api/v1/people/\(child)/notes", headers: json, body: #"{"body":"x","visibility":"team"}"#)
            #expect(write.status == .forbidden)
            let everything = try entries(try await app.send(.GET, "/fhir/R4/Patient/\(child)/$everything", headers: h))
            #expect(!everything.contains { $0["resourceType"] as? String == "Consent" || $0["resourceType"] as? String == "RelatedPerson" })
            #expect(everything.contains { $0["resourceType"] as? String == "EpisodeOfCare" })
            let named = try await app.sql.raw("""
                SELECT COUNT(*) AS n FROM audit_events WHERE person_id = \(bind: child) AND detail LIKE 'system client Beech Surgery system%' AND decision = 'allow'
                """).first(decodingColumn: "n", as: Int.self)!
            #expect(named >= 4)
            // A notify credential still reads nothing.
            let maternity = try await SourceStore.find(try await SourceStore.create(.init(name: "maternity", kind: .maternity, format: .csv), on: app.sql), on: app.sql)!
            var notifier = HTTPHeaders()
            notifier.bearerAuthorization = BearerAuthorization(token: try await SystemClientStore.create(name: "Fernmoor PAS", source: maternity, on: app.sql))
            #expect(try await app.send(.GET, "/fhir/R4/Patient/\(child)", headers: notifier).status == .forbidden)
        }
    }

    @Test func aChildWithoutARelationshipIsRefusedAndErrorsAreOperationOutcomes() async throws {
        try await withCradle(children: 40) { app in
            let token = try await apiToken(app)
            let stranger = try await unrelatedChild(app)
            for path in ["/fhir/R4/Patient/\(stranger)", "/fhir/R4/Encounter?patient=\(stranger)", "/fhir/R4/EpisodeOfCare?patient=\(stranger)",
                         "/fhir/R4/Observation?patient=\(stranger)", "/fhir/R4/Patient/\(stranger)/$everything"] {
                let res = try await app.send(.GET, path, headers: token)
                #expect(res.status == .forbidden, "\(path)")
                let outcome = try res.json()
                #expect(outcome["resourceType"] as? String == "OperationOutcome")
                #expect(((outcome["issue"] as? [[String: Any]])?.first?["code"] as? String) == "forbidden")
                #expect(!res.text.contains("\"birthDate\""))
            }
            let unsigned = try await app.send(.GET, "/fhir/R4/Patient/\(stranger)")
            #expect(unsigned.status == .unauthorized)
            #expect(unsigned.headers.first(name: .wwwAuthenticate) != nil)
            #expect(((try unsigned.json()["issue"] as? [[String: Any]])?.first?["code"] as? String) == "login")

            let unknown = try await app.send(.GET, "/fhir/R4/Patient?name=Smith", headers: token)
            #expect(unknown.status == .unprocessableEntity)
            let issue = (try unknown.json()["issue"] as? [[String: Any]])?.first
            #expect((issue?["expression"] as? [String]) == ["name"])
            let otherSystem = try await app.send(.GET, "/fhir/R4/Patient?identifier=https://example.org/mrn%7C123", headers: token)
            #expect(otherSystem.status == .unprocessableEntity && otherSystem.text.contains("Only NHS numbers are searchable"))
            let badNumber = try await app.send(.GET, "/fhir/R4/Patient?identifier=\(Self.nhs)%7C9990000001", headers: token)
            #expect(badNumber.status == .unprocessableEntity && badNumber.text.contains("OperationOutcome"))
            let noPatient = try await app.send(.GET, "/fhir/R4/Encounter", headers: token)
            #expect(noPatient.status == .unprocessableEntity && noPatient.text.contains("Encounter?patient="))
            let wrongMethod = try await app.send(.DELETE, "/fhir/R4/Patient/\(stranger)", headers: token)
            #expect(wrongMethod.status == .methodNotAllowed && wrongMethod.text.contains("OperationOutcome"))
        }
    }

    /// A feed is told what was read but is not as FHIR says, and what it sent that Cradle
    /// does not read; nothing of it is taken silently.
    @Test func anImportedBundleWarnsOnWhatFHIRDoesNotSayAndNamesWhatItIgnored() throws {
        let docs = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let example = try Data(contentsOf: docs.appendingPathComponent("docs/imports/child_health-example.fhir.json"))
        var bundle = try JSONSerialization.jsonObject(with: example) as! [String: Any]
        var entries = bundle["entry"] as! [[String: Any]]
        let first = try #require(entries.firstIndex { ($0["resource"] as? [String: Any])?["resourceType"] as? String == "Patient" })
        var patient = entries[first]["resource"] as! [String: Any]
        let number = try #require(((patient["identifier"] as? [[String: Any]])?.first?["value"]) as? String)
        patient["identifier"] = [["system": FHIRSource.legacyNHSNumberSystem, "value": number]]
        patient["birthDate"] = "10/08/2024"
        entries[first]["resource"] = patient
        entries.append(["resource": ["resourceType": "Observation", "status": "final"]])
        entries.append(["fullUrl": "urn:uuid:empty"])
        bundle["entry"] = entries
        let parsed = try FHIRSource.parse(try JSONSerialization.data(withJSONObject: bundle), kind: .childHealth, today: testToday)
        let warnings = parsed.problems.filter(\.warning)
        #expect(warnings.contains { $0.row == first + 1 && $0.field == "Patient.identifier" && $0.problem.contains("legacy system") })
        #expect(warnings.contains { $0.row == first + 1 && $0.field == "Patient.birthDate" && $0.problem.contains("10/08/2024 is not a FHIR date") })
        #expect(warnings.contains { $0.row == entries.count - 1 && $0.problem.hasPrefix("Observation ignored") })
        #expect(warnings.contains { $0.row == entries.count && $0.problem.contains("has no resource") })
        // The legacy number is still the child's NHS number.
        #expect(parsed.rows.contains { $0.record.nhsNumber?.digits == number })
        // The example itself, all FHIR, warns of nothing.
        #expect(try FHIRSource.parse(example, kind: .childHealth, today: testToday).problems.isEmpty)
        #expect(FHIRSource.isFHIRDate("2024", time: false) && FHIRSource.isFHIRDate("2024-08", time: false))
        #expect(FHIRSource.isFHIRDate("2026-03-18T10:15:00+01:00", time: true) && !FHIRSource.isFHIRDate("2026-03-18T10:15", time: true))
        #expect(!FHIRSource.isFHIRDate("2024-13-01", time: false))
    }
}
