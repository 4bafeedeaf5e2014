import Foundation
import Testing
import Vapor
import NIOConcurrencyHelpers
import OpenAPIRuntime
import OpenAPIAsyncHTTPClient
import HTTPTypes
import Crypto
@testable import CradleServer
import CradleCore

/// The client a partner would generate: Swift OpenAPI Generator builds `Client` from
/// `openapi.json` (the document the server serves, held equal below), and it talks to a real
/// server over TCP.
struct GeneratedClientTests {
    static let document = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("openapi.json")

    /// The client is generated from exactly what the server serves: a change to the document
    /// that is not written out (`cradle openapi`) fails here rather than leaving the client stale.
    @Test func theClientIsGeneratedFromTheDocumentTheServerServes() throws {
        let committed = try JSONSerialization.jsonObject(with: try Data(contentsOf: Self.document)) as? NSDictionary
        let served = try JSONSerialization.jsonObject(with: OpenAPIDocument.data) as? NSDictionary
        #expect(committed != nil && committed == served, "run `swift run cradle openapi` to write Tests/CradleServerTests/openapi.json")
    }

    /// Each link from a created record (what stateful fuzzing follows) names an operation the
    /// document has, and none is dropped for naming one it has not.
    @Test func everyLinkLeadsToAnOperation() throws {
        let paths = (OpenAPIDocument.identified(OpenAPIDocument.document)["paths"] as? [String: [String: Any]]) ?? [:]
        let ids = Set(paths.values.flatMap { $0.values.compactMap { ($0 as? [String: Any])?["operationId"] as? String } })
        var links: [String] = []
        for (path, ops) in paths {
            let created = ((ops["post"] as? [String: Any])?["responses"] as? [String: Any])?["201"] as? [String: Any]
            for (_, link) in created?["links"] as? [String: [String: Any]] ?? [:] {
                links.append(path + " → " + (link["operationId"] as? String ?? ""))
                #expect(ids.contains(link["operationId"] as? String ?? ""), "\(path) links to a missing operation")
            }
        }
        #expect(links.count == OpenAPIDocument.createdAt.values.map(\.count).reduce(0, +))
    }

    /// Every operation in the document is called through the generated client and answers
    /// what the document says it answers (the client decodes each body against its schema).
    @Test func everyOperationRoundTripsThroughAGeneratedClient() async throws {
        let called = NIOLockedValueBox<Set<String>>([])
        // The front door's clock on the tests' day, so that a plan starts on it.
        try await withCradle(children: 5, settings: { $0.now = { LocalTime(day: testToday, hour: 11) } }) { app in
            try await withLiveServer(app) { url in
                func client(_ token: String = "") -> Client {
                    Client(serverURL: url, transport: AsyncHTTPClientTransport(), middlewares: [Recorder(token: token, called: called)])
                }
                let anonymous = client()
                let document = try await anonymous.getOpenapiJson().ok.body.json
                #expect(document.value["openapi"] as? String == "3.1.0")
                func token(_ username: String) async throws -> String {
                    try await anonymous.postTokens(body: .json(.init(name: "Generated client", password: DemoLoader.demoPassword, username: username)))
                        .created.body.json.token
                }
                let hv = client(try await token("health.visitor"))
                try await roundTripPeople(hv, app)
                try await roundTripServiceRecords(hv, app)
                try await roundTripGovernance(hv, client(try await token("ig.lead")), app)
                try await roundTripReviews(hv, app)
                try await roundTripImports(client(try await token("data.quality")), app)
                try await roundTripEarlyHelp(hv, client(try await token("early.help")), app)
                try await roundTripReports(client(try await token("analyst")), client(try await token("ig.lead")))
                try await roundTripAccounts(client(try await token("admin")), client(try await token("ig.lead")), hv, app)
                let maternity = try await SourceStore.find(try await SourceStore.create(.init(name: "maternity", kind: .maternity, format: .csv), on: app.sql), on: app.sql)!
                let system = client(try await SystemClientStore.create(name: "Fernmoor PAS", source: maternity, on: app.sql))
                let postcode = try await app.sql.raw("SELECT MIN(postcode) AS p FROM postcodes").first(decodingColumn: "p", as: String.self)!
                let birth = "record_id,given_name,family_name,date_of_birth,nhs_number,sex,postcode,address,parent_given_name,parent_family_name,parent_date_of_birth,parent_nhs_number,gp_practice,consent_childrens_centre,consent_date\n"
                    + "GEN1,Lily,Brennan,2026-11-24,9991000283,F,\(postcode),,Orla,Brennan,1991-01-01,,,yes,2026-11-25\n"
                let notified = try await system.postNotifications(body: .csv(HTTPBody(birth))).ok.body.json
                #expect(notified.added == 1)
            }
        }
        // The person index's review and a centre's list each need their own sources' files.
        try await withCradle(children: 5) { app in
            try await withLiveServer(app) { url in
                let review = try await PersonIndexTests().proposeAReview(app)
                let dq = Client(serverURL: url, transport: AsyncHTTPClientTransport(),
                                middlewares: [Recorder(token: try await apiToken(app, as: "data.quality").bearerAuthorization!.token, called: called)])
                try await roundTripLinkReviews(dq, review: review)
            }
        }
        try await withCradle(children: 5) { app in
            try await withLiveServer(app) { url in
                let worker = Client(serverURL: url, transport: AsyncHTTPClientTransport(),
                                    middlewares: [Recorder(token: try await apiToken(app, as: "centre.worker").bearerAuthorization!.token, called: called)])
                try await roundTripCentres(worker, app)
            }
        }
        let named = Set(((OpenAPIDocument.identified(OpenAPIDocument.document)["paths"] as? [String: [String: Any]]) ?? [:]).values.flatMap { ops in
                    ops.values.compactMap { ($0 as? [String: Any])?["operationId"] as? String }
                })
        #expect(named.count > 50)
        #expect(named.subtracting(called.withLockedValue { $0 }).isEmpty, "not called: \(named.subtracting(called.withLockedValue { $0 }).sorted())")
    }

    /// A health visitor asks the front door for help; the front door triages it to a panel,
    /// which agrees a team around the family led by the health visitor, who runs the plan.
    func roundTripEarlyHelp(_ hv: Client, _ frontDoor: Client, _ app: Application) async throws {
        let child = try await relatedChild(app)
        let hvId = try await practitionerId(app, "health.visitor"), frontDoorId = try await practitionerId(app, "early.help")
        let asked = try await hv.postEarlyHelpRequests(body: .json(.init(
            concerns: [.speechAndLanguage, .isolation], consent: true, details: "Few words at two; mother new to the area.", personId: child,
            suggestedLevel: 2))).created
        let requestId = try asked.body.json.id
        #expect(asked.headers.location == "/api/v1/early-help/requests/\(requestId)")
        let waiting = try await frontDoor.getEarlyHelpTriage().ok.body.json
        #expect(waiting.first { $0.id == requestId }?.status == .awaitingTriage)
        let request = try await frontDoor.getEarlyHelpRequestsId(path: .init(id: requestId)).ok.body.json
        #expect(request.personId == child && request.concerns == [.speechAndLanguage, .isolation] && request.clock == .onTrack)
        let triaged = try await frontDoor.postEarlyHelpRequestsIdTriage(path: .init(id: requestId), body: .json(.init(
            level: 3, outcome: .panel, rationale: "Several agencies needed", version: Int64(request.version)))).ok.body.json
        #expect(triaged.status == .awaitingPanel && triaged.level == 3 && triaged.triagedAt != nil)
        let familyId = try #require(triaged.familyId)

        let panelId = try await frontDoor.postPanels(body: .json(.init(
            meetsAt: "\((testToday + 3).iso)T10:00", members: [frontDoorId, hvId], name: "Family Matters — North", place: "Fernmoor Family Hub")))
            .created.body.json.id
        #expect(try await frontDoor.getPanels().ok.body.json.contains { $0.id == panelId })
        let itemId = try await frontDoor.postPanelsIdAgenda(path: .init(id: panelId), body: .json(.init(
            familyId: familyId, personId: child, reason: "Request \(requestId)", requestId: requestId, source: .triage))).created.body.json.id
        let panel = try await hv.getPanelsId(path: .init(id: panelId)).ok.body.json
        #expect(panel.items.map(\.id) == [itemId] && panel.members.count == 2)
        let attended = try await frontDoor.postPanelsIdAttendance(path: .init(id: panelId), body: .json(.init(attended: [frontDoorId]))).ok.body.json
        #expect(attended.members.map { $0.attended } == [true, false] || attended.members.map { $0.attended } == [false, true])
        #expect(attended.members.first { $0.practitionerId == frontDoorId }?.attended == true)
        let decided = try await frontDoor.postPanelsIdItemsItemDecision(path: .init(id: panelId, item: itemId), body: .json(.init(
            decision: .teamAroundTheFamily, discussion: "Health visitor to lead; centre to offer a speech group.", leadId: hvId, level: 3))).ok.body.json
        let planId = try #require(decided.planId)
        #expect(decided.decision == .teamAroundTheFamily)

        let plan = try await hv.getPlansId(path: .init(id: planId)).ok.body.json
        #expect(plan.plan.familyId == familyId && plan.plan.leadId == hvId && plan.plan.status == .open)
        _ = try await hv.postPlansIdGoals(path: .init(id: planId), body: .json(.init(
            concern: .speechAndLanguage, goal: "Uses ten words by the next review", measure: "Word count at home and nursery",
            owner: "Parents with the health visitor", targetDate: (testToday + 60).iso))).ok
        _ = try await hv.postPlansIdActions(path: .init(id: planId), body: .json(.init(
            action: "Join the centre's speech group", dueDate: (testToday + 14).iso, owner: "Children's centre"))).ok
        let family = try await hv.postPlansIdMembers(path: .init(id: planId), body: .json(.init(
            kind: .family, name: "Grandmother", role: "Childcare on Tuesdays"))).ok.body.json
        #expect(family.members.contains { $0.name == "Grandmother" && $0.kind == .family })
        let cadence = app.settings.earlyHelp.planReviews
        let reviewed = try await hv.postPlansIdReviews(path: .init(id: planId), body: .json(.init(
            familyView: "Things feel calmer.", heldOn: testToday.iso, level: 2, nextReview: (testToday + 7 * cadence.minimumWeeks).iso,
            progress: "Using new words at home."))).ok.body.json
        #expect(reviewed.goals.count == 1 && reviewed.actions.count == 1 && reviewed.reviews.count == 1)
        let done = try await hv.postPlansIdActionsActionDone(path: .init(id: planId, action: reviewed.actions[0].id)).ok.body.json
        #expect(done.actions[0].doneOn == testToday.iso)
        let stepped = try await hv.postPlansIdStep(path: .init(id: planId), body: .json(.init(stepLevel: 1, stepReason: "Universal services are enough now")))
            .ok.body.json
        let closed = try await hv.postPlansIdClose(path: .init(id: planId), body: .json(.init(
            closure: .steppedDown, closureNote: "Goals met; the family knows how to come back.", version: Int64(stepped.plan.version)))).ok.body.json
        #expect(closed.plan.status == .closed && closed.plan.closure == .steppedDown)

        let advice = try await frontDoor.postEarlyHelpAdvice(body: .json(.init(
            advice: "Talk to the parent first; the food bank referral is open to them.", caller: .professional, familyId: familyId,
            organisation: "Little Acorns Nursery", topic: "A child often arrives hungry"))).created.body.json.id
        #expect(try await frontDoor.getEarlyHelpAdvice().ok.body.json.first?.id == advice)
        let caseload = try await hv.getCaseload().ok.body.json
        #expect(caseload.panels.contains { $0.id == panelId } && !caseload.requests.contains { $0.id == requestId }, "the request closed with its plan")

        // The family's early help in one place; a new plan without a panel, and a programme.
        let again = try await frontDoor.postFamiliesIdPlans(path: .init(id: familyId), body: .json(.init(leadId: hvId))).created.body.json.id
        let offer = try await frontDoor.postFamiliesIdProgrammes(path: .init(id: familyId), body: .json(.init(programme: .tripleP4))).created.body.json.id
        let enrolled = try await frontDoor.postFamiliesIdProgrammesOffer(path: .init(id: familyId, offer: offer), body: .json(.init(status: .enrolled, version: 1)))
            .ok.body.json
        #expect(enrolled.status == .enrolled && enrolled.enrolledOn == testToday.iso)
        let whole = try await frontDoor.getFamiliesIdEarlyHelp(path: .init(id: familyId)).ok.body.json
        #expect(Set(whole.plans.map(\.id)) == [planId, again] && whole.requests.map(\.id) == [requestId] && whole.offers.map(\.id) == [offer])
        #expect(whole.levels.first?.level == 1)
    }

    /// An analyst reads both reports (counts through disclosure control); the IG lead the audit
    /// trail, a page at a time.
    func roundTripReports(_ analyst: Client, _ ig: Client) async throws {
        let timeliness = try await analyst.getReportsTimeliness(query: .init(quarter: Quarter(containing: testToday).previous.code)).ok.body.json
        #expect(timeliness.quarters.count == 4 && timeliness.groups.first == "All")
        #expect(timeliness.figures.count == timeliness.groups.count * 4 * TimelinessMetric.allCases.count)
        #expect(timeliness.figures.allSatisfy { f in [f.numerator, f.denominator].allSatisfy { $0.map { $0 % 5 == 0 } ?? true } })
        let reach = try await analyst.getReportsReach().ok.body.json
        #expect(reach.byMonth.count == 12)
        let page = try await ig.getAudit(query: .init(limit: 3)).ok
        #expect(try page.body.json.count == 3 && page.headers.link?.contains("before=") == true)
    }

    /// An administrator adds an account, deactivates and reactivates it and lifts a lockout; the
    /// IG lead reads a record's access history; a health visitor the programme catalogue.
    func roundTripAccounts(_ admin: Client, _ ig: Client, _ hv: Client, _ app: Application) async throws {
        let organisation = try await app.sql.raw("SELECT organisation_id FROM practitioners WHERE username = 'health.visitor'").first(decodingColumn: "organisation_id", as: Int64.self)!
        let made = try await admin.postAccounts(body: .json(.init(displayName: "Sam Example", organisationId: organisation, profession: .healthVisitor,
                                                                  username: "new.visitor"))).created.body.json
        #expect(made.setupLink.hasPrefix("/account/setup/"))
        #expect(try await admin.getAccounts().ok.body.json.contains { $0.id == made.id && $0.active })
        let off = try await admin.postAccountsIdActive(path: .init(id: made.id), body: .json(.init(active: false))).ok.body.json
        #expect(!off.active)
        #expect(try await admin.postAccountsIdActive(path: .init(id: made.id), body: .json(.init(active: true))).ok.body.json.active)
        try await app.sql.raw("UPDATE practitioners SET failed_sign_ins = 5, locked_until = \(bind: Date().timeIntervalSince1970 + 600) WHERE id = \(bind: made.id)").run()
        #expect(try await admin.getAccounts().ok.body.json.first { $0.id == made.id }?.lockedUntil != nil)
        #expect(try await admin.postAccountsIdUnlock(path: .init(id: made.id)).ok.body.json.lockedUntil == nil)

        let child = try await relatedChild(app)
        _ = try await hv.getPeopleId(path: .init(id: child)).ok
        let access = try await ig.getPeopleIdAccess(path: .init(id: child), query: .init(limit: 5)).ok.body.json
        #expect(!access.isEmpty && access.allSatisfy { $0.personId == child })
        #expect(try await hv.getEarlyHelpProgrammes().ok.body.json.contains { $0.code == "fnp" })

        // A token the health visitor made for another system, revoked; theirs still works.
        _ = try await admin.postTokens(body: .json(.init(name: "Clinic laptop", password: DemoLoader.demoPassword, username: "health.visitor"))).created
        let laptop = try #require(try await hv.getTokens().ok.body.json.first { $0.name == "Clinic laptop" })
        #expect(try await hv.postTokensIdRevoke(path: .init(id: laptop.id)).ok.body.json.revokedAt != nil)
        #expect(try await hv.getTokens().ok.body.json.contains { $0.revokedAt == nil })
    }

    func roundTripLinkReviews(_ dq: Client, review proposed: (review: Int64, record: Int64, candidate: Int64)) async throws {
        let review = proposed.review
        // A merge by hand of the pair the review is about, undone.
        let merge = try await dq.postMerges(body: .json(.init(keptPersonId: proposed.candidate, mergedPersonId: proposed.record,
                                                              reason: "Same child, checked with the centre"))).created.body.json.id
        #expect(try await dq.getMerges().ok.body.json.first?.id == merge)
        let undone = try await dq.postMergesIdUnmerge(path: .init(id: merge)).ok.body.json
        #expect(undone.unmergedAt != nil && undone.keptPersonId == proposed.candidate)
        #expect(try await dq.getLinkReviews().ok.body.json.contains { $0.id == review })
        let shown = try await dq.getLinkReviewsId(path: .init(id: review)).ok.body.json
        #expect(shown.status == .open && !shown.comparisons.isEmpty)
        let rejected = try await dq.postLinkReviewsId(path: .init(id: review), body: .json(.init(decision: .reject))).ok.body.json
        #expect(rejected.status == .rejected && rejected.decidedByName != nil)
        #expect(try await dq.getLinkReviews(query: .init(status: .rejected)).ok.body.json.map(\.id) == [review])
        let export = try await dq.getLinksExport().ok.body.csv
        #expect(String(decoding: try await Data(collecting: export, upTo: 1 << 20), as: UTF8.self).contains("CC-0900"))
    }

    func roundTripCentres(_ worker: Client, _ app: Application) async throws {
        let births = BirthListServerTests()
        let (centre, born) = try await births.birthsInAReachArea(app)
        try await births.consent(app, born["Amelia"]!, .given, on: testToday - 10)
        let list = try await worker.getCentresId(path: .init(id: centre.id), query: .init(month: "2026-10")).ok.body.json
        #expect(list.entries.map(\.personId) == [born["Amelia"]!] && list.birthsInArea >= 3)
        let registered = try await worker.postCentresIdRegistrations(path: .init(id: centre.id), body: .json(.init(
            consentToStore: true, month: "2026-10", personId: born["Amelia"]!))).created.body.json
        #expect(registered.registeredOn == testToday.iso)
        let after = try await worker.getCentresId(path: .init(id: centre.id), query: .init(month: "2026-10")).ok.body.json
        #expect(after.entries.first?.registeredOn == testToday.iso)

        let activity = try await worker.postCentresIdActivities(path: .init(id: centre.id), body: .json(.init(
            cost: "Free", description: "Play, songs and a cuppa.", fromMonths: 0, howToJoin: "Drop in", needs: [.play, .talking],
            place: "Main hall", title: "Stay and play", toMonths: 48, when: "Tuesdays 10–11:30"))).ok.body.json
        #expect(activity.activities.contains { $0.title == "Stay and play" && $0.needs == "play,talking" && $0.toMonths == 48 })
        let details = try await worker.putCentresIdDetails(path: .init(id: centre.id), body: .json(.init(
            address: "1 Example Road, Fernmoor", openingTimes: "Monday to Friday 9am–5pm", phone: "0113 496 0100"))).ok.body.json
        #expect(details.phone == "0113 496 0100")

        // A missed 6–8 week review becomes the centre's follow-up (the demo's agreement covers it).
        let hv = try await app.sql.raw("SELECT id FROM practitioners WHERE username = 'health.visitor'").first(decodingColumn: "id", as: Int64.self)!
        let teams = try await app.sql.raw("SELECT team_id FROM team_memberships WHERE practitioner_id = \(bind: hv)").all(decodingColumn: "team_id", as: Int64.self)
        let service = try await InvolvementStore.firstService(ofTeams: teams, on: app.sql)!
        let missed = try ContactInput.validate(["serviceId": String(service), "date": (testToday - 2).iso, "type": ContactType.review6to8Weeks.rawValue,
                                                "place": "clinic", "outcome": ContactOutcome.didNotAttend.rawValue], today: testToday).orThrow()
        _ = try await ContactStore.create(missed, personId: born["Amelia"]!, practitionerId: hv, on: app.sql)
        let task = try #require(try await worker.getCentresId(path: .init(id: centre.id)).ok.body.json.followUps.first)
        let me = try #require(details.staff.first { $0.displayName.isEmpty == false }?.id)
        let closed = try await worker.postCentresIdFollowUpsFollowup(path: .init(id: centre.id, followup: task.id), body: .json(.init(
            outcome: "Rang mum; rebooked for Friday", ownerId: me))).ok.body.json
        #expect(closed.followUps.first { $0.id == task.id }?.closedOn == testToday.iso)

        // A family that withdraws after October's list went out: the centre says it erased it.
        try await births.consent(app, born["Jacob"]!, .given, on: testToday - 3)
        _ = try await BirthListStore.addKey(centre: centre.id, Curve25519.KeyAgreement.PrivateKey().publicKey, on: app.sql)
        _ = try await BirthListJob.make(centre: centre.code, period: Period("2026-10")!, today: testToday, signer: Curve25519.Signing.PrivateKey(), on: app.sql)
        try await births.consent(app, born["Jacob"]!, .withdrawn, on: testToday)
        let notice = try #require(try await worker.getCentresId(path: .init(id: centre.id)).ok.body.json.notices.first)
        #expect(try await worker.postCentresIdNoticesNoticeDone(path: .init(id: centre.id, notice: notice.id)).ok.body.json.notices.isEmpty)
    }

    func practitionerId(_ app: Application, _ username: String) async throws -> Int64 {
        try await app.sql.raw("SELECT id FROM practitioners WHERE username = \(bind: username)").first(decodingColumn: "id", as: Int64.self)!
    }

    func roundTripPeople(_ hv: Client, _ app: Application) async throws {
        let born = (testToday - 10).iso, due = (testToday - 5).iso
        // A test-range number nobody in the demo holds (its check digit computed).
        let nhs = NHSNumber.make(firstNine: 999_077_001)!.digits
        let created = try await hv.postPeople(body: .json(.init(
            addressLine: "12 Beech Grove", birthWeightGrams: 3350, dateOfBirth: born, familyName: "Okafor", gestationWeeks: 39,
            givenName: "Amelia", kind: .child, nhsNumber: nhs, postcode: "ZY1 1AB", sex: .female))).created
        #expect(created.headers.location == "/api/v1/people/\(try created.body.json.id)")
        let id = try created.body.json.id
        let record = try await hv.getPeopleId(path: .init(id: id)).ok.body.json
        #expect(record.person.givenName == "Amelia" && record.person.birthWeightGrams == 3350)
        let familyId = try #require(record.person.familyId)
        // A PUT carries the whole person; a PATCH only what changes, and keeps the rest.
        let put = try await hv.putPeopleId(path: .init(id: id), body: .json(.init(
            birthWeightGrams: 3400, dateOfBirth: born, expectedDeliveryDate: due, familyName: "Okafor", gestationWeeks: 39, givenName: "Amelia",
            kind: .child, nhsNumber: nhs, relationship: .child, sex: .female, version: Int64(record.person.version)))).ok
        #expect(try put.body.json.birthWeightGrams == 3400 && put.headers.eTag == "\"\(record.person.version + 1)\"")
        let patched = try await hv.patchPeopleId(path: .init(id: id), headers: .init(ifMatch: put.headers.eTag),
                                                 body: .applicationMergePatchJson(.init(givenName: "Amelia-Rose"))).ok.body.json
        #expect(patched.givenName == "Amelia-Rose" && patched.birthWeightGrams == 3400 && patched.expectedDeliveryDate == due)
        let found = try await hv.getSearch(query: .init(nhsNumber: nhs)).ok.body.json.results
        #expect(found.map(\.id) == [id])

        let family = try await hv.getFamiliesId(path: .init(id: familyId)).ok.body.json
        let renamed = try await hv.putFamiliesId(path: .init(id: familyId), body: .json(.init(name: "Okafor-Reid family", version: Int64(family.family.version))))
            .ok.body.json
        let patchedFamily = try await hv.patchFamiliesId(path: .init(id: familyId), body: .applicationMergePatchJson(.init(
            name: "Okafor family", version: Int64(renamed.family.version)))).ok.body.json
        #expect(patchedFamily.family.name == "Okafor family")
        let mother = try await hv.postFamiliesIdMembers(path: .init(id: familyId), body: .json(.init(
            dateOfBirth: "1994-05-02", familyName: "Okafor", givenName: "Grace", kind: .adult, relationship: .mother, sex: .female))).created.body.json.id
        #expect(try await hv.getFamiliesId(path: .init(id: familyId)).ok.body.json.members.contains { $0.id == mother })

        // The family's own words and ratings, and their service level.
        let journey = try await hv.postFamiliesIdJourney(path: .init(id: familyId), body: .json(.init(
            goodAt: "We laugh a lot together.", home: 7, money: 4, priorities: [.money], wantToChange: "Getting on top of the bills."))).created.body.json
        #expect(journey.journeys.first?.ratings.money == 4 && journey.journeys.first?.priorities == [.money])
        let level = try await hv.postFamiliesIdServiceLevel(path: .init(id: familyId), body: .json(.init(
            level: .universalPlus, reason: "Low mood after the birth; extra visits agreed"))).ok.body.json
        #expect(level.serviceLevels.first?.level == .universalPlus)
        #expect(try await hv.getFamiliesIdJourney(path: .init(id: familyId)).ok.body.json.journeys.first?.goodAt == "We laugh a lot together.")
    }

    func roundTripServiceRecords(_ hv: Client, _ app: Application) async throws {
        let child = try await relatedChild(app)
        let service = try await ownService(app)
        let me = try await app.sql.raw("SELECT id FROM practitioners WHERE username = 'health.visitor'").first(decodingColumn: "id", as: Int64.self)!
        #expect(try await hv.getServices().ok.body.json.contains { $0.id == service })
        #expect(try await hv.getPractitioners().ok.body.json.contains { $0.id == me })

        let involvement = try await hv.postPeopleIdInvolvements(path: .init(id: child), body: .json(.init(
            lawfulBasis: .universalService, serviceId: service, startDate: "2026-01-02"))).created.body.json.id
        #expect(try await hv.getPeopleIdInvolvements(path: .init(id: child)).ok.body.json.contains { $0.id == involvement })
        let led = try await hv.patchInvolvementsId(path: .init(id: involvement), headers: .init(ifMatch: "1"),
                                                   body: .applicationMergePatchJson(.init(leadPractitionerId: me))).ok.body.json
        #expect(led.leadPractitionerId == me && led.startDate == "2026-01-02")
        let ended = try await hv.putInvolvementsId(path: .init(id: involvement), body: .json(.init(
            endDate: testToday.iso, leadPractitionerId: me, serviceId: service, startDate: "2026-01-02", version: Int64(led.version), wholeFamily: false))).ok.body.json
        #expect(ended.endDate == testToday.iso)

        let contact = try await hv.postPeopleIdContacts(path: .init(id: child), body: .json(.init(
            date: "2026-03-28", outcome: .booked, place: .home, serviceId: service, _type: .newBirthVisit))).created.body.json.id
        let page = try await hv.getPeopleIdContacts(path: .init(id: child), query: .init(limit: 200, since: "2026-03-01")).ok.body.json
        #expect(page.contains { $0.id == contact })
        let attended = try await hv.patchContactsId(path: .init(id: contact), headers: .init(ifMatch: "1"),
                                                    body: .applicationMergePatchJson(.init(outcome: .attended))).ok.body.json
        #expect(attended.outcome == .attended && attended._type == .newBirthVisit)
        let moved = try await hv.putContactsId(path: .init(id: contact), body: .json(.init(
            date: "2026-03-29", outcome: .attended, place: .home, serviceId: service, _type: .newBirthVisit, version: Int64(attended.version)))).ok.body.json
        #expect(moved.date == "2026-03-29")

        let note = try await hv.postPeopleIdNotes(path: .init(id: child), body: .json(.init(body: "Weighed at clinic.", visibility: .team)))
            .created.body.json.id
        #expect(try await hv.getPeopleIdNotes(path: .init(id: child)).ok.body.json.contains { $0.id == note })
        let corrected = try await hv.putNotesId(path: .init(id: note), body: .json(.init(body: "Weighed at clinic; feeding well.", version: 1, visibility: .team)))
            .ok.body.json
        let narrowed = try await hv.patchNotesId(path: .init(id: note), body: .applicationMergePatchJson(.init(
            version: Int64(corrected.version), visibility: .profession))).ok.body.json
        #expect(narrowed.body == "Weighed at clinic; feeding well." && narrowed.visibility == .profession)
    }

    func roundTripGovernance(_ hv: Client, _ ig: Client, _ app: Application) async throws {
        let child = try await relatedChild(app)
        let consent = try await hv.postPeopleIdConsents(path: .init(id: child), body: .json(.init(
            date: "2026-03-28", givenBy: "Mother (parental responsibility)", method: .firstVisit, purpose: .birthDetailsToChildrensCentres,
            recipientKinds: [.childrensCentre], status: .given))).created.body.json.id
        #expect(try await hv.getPeopleIdConsents(path: .init(id: child)).ok.body.json.first { $0.id == consent }?.current == true)
        let stranger = try await unrelatedChild(app)
        let grant = try await hv.postPeopleIdBreakGlass(path: .init(id: stranger), body: .json(.init(
            reason: "Out-of-hours call about the child's safety; the allocated worker cannot be reached"))).created.body.json
        #expect(grant.personId == stranger && grant.hours > 0)
        let opened = try #require(try await ig.getBreakGlass(query: .init(unreviewed: ._true)).ok.body.json.first { $0.personId == stranger })
        let judged = try await ig.postBreakGlassIdReview(path: .init(id: opened.id), body: .json(.init(
            note: "Verified with the duty team", outcome: .appropriate))).ok.body.json
        #expect(judged.reviewOutcome == .appropriate && judged.reviewNote == "Verified with the duty team")

        let organisations = try await app.sql.raw("SELECT id FROM organisations ORDER BY id LIMIT 2").all(decodingColumn: "id", as: Int64.self)
        let agreement = try await ig.postAgreements(body: .json(.init(
            caldicottGuardian: "Dr A Example", categories: [.demographics], dpo: "C Example", lawfulBasis: .directCare,
            name: "Draft sharing agreement", parties: organisations, purposes: [.directCare], siro: "B Example", startDate: "2026-04-01",
            status: .draft))).created.body.json.id
        #expect(try await ig.getAgreements().ok.body.json.contains { $0.id == agreement && $0.parties == organisations })
        let read = try await ig.getAgreementsId(path: .init(id: agreement)).ok.body.json
        let replaced = try await ig.putAgreementsId(path: .init(id: agreement), headers: .init(ifMatch: "\"\(read.version)\""), body: .json(.init(
            caldicottGuardian: "Dr A Example", categories: [.demographics, .servicesInvolved], dpo: "C Example", endDate: "2028-03-31",
            lawfulBasis: .directCare, name: "Draft sharing agreement", parties: organisations, purposes: [.directCare], reviewDate: "2027-04-01",
            siro: "B Example", startDate: "2026-04-01", status: .draft))).ok.body.json
        #expect(replaced.categories.map(\.rawValue) == ["demographics", "services_involved"] && replaced.reviewDate == "2027-04-01" && replaced.version == 2)
        let patched = try await ig.patchAgreementsId(path: .init(id: agreement), body: .applicationMergePatchJson(.init(
            name: "Early years sharing agreement (draft 2)", version: Int64(replaced.version)))).ok.body.json
        #expect(patched.name == "Early years sharing agreement (draft 2)" && patched.endDate == "2028-03-31" && patched.categories.count == 2)
    }

    func roundTripReviews(_ hv: Client, _ app: Application) async throws {
        let child = try await HealthyChildTests().twoYearOld(app)
        let due = try await hv.getWorklist(query: .init(mine: "false")).ok.body.json
        #expect(!due.isEmpty && due.allSatisfy { $0.status == .due || $0.status == .overdue })
        let all: [Components.Schemas.ReviewInput.CommunicationPayloadPayload] = Array(repeating: .yes, count: 6)
        let review = try await hv.postPeopleIdReviews(path: .init(id: child), body: .json(.init(
            asqse2: 30, communication: Array(repeating: .notYet, count: 6), concerns: [.attachment], date: testToday.iso,
            fineMotor: all.map { Components.Schemas.ReviewInput.FineMotorPayloadPayload(rawValue: $0.rawValue)! },
            grossMotor: [.yes, .yes, .yes, .yes, .yes, ._empty_],
            interval: 27, method: .faceToFace,
            personalSocial: all.map { Components.Schemas.ReviewInput.PersonalSocialPayloadPayload(rawValue: $0.rawValue)! },
            place: .clinic, practitionerType: .scphn,
            problemSolving: all.map { Components.Schemas.ReviewInput.ProblemSolvingPayloadPayload(rawValue: $0.rawValue)! },
            review: .twoYears))).created.body.json.id
        let read = try await hv.getReviewsId(path: .init(id: review)).ok.body.json
        #expect(read.asq?.areas.first { $0.area == .communication }?.band == .belowCutoff)
        #expect(read.asq?.areas.first { $0.area == .grossMotor }?.answered == 5)
        #expect(read.proposals.contains { $0.concern == .communication } && read.concerns == [.attachment])
        let outcome = try await hv.putReviewsIdSectionsSection(path: .init(id: review, section: .outcome), body: .json(.init(
            actions: "Nursery to share next steps", outcome: "Speech and language referral agreed with the family"))).ok.body.json
        #expect(outcome.values.additionalProperties["outcome"] == "Speech and language referral agreed with the family" && outcome.version == 1)
        #expect(try await hv.getReviewsId(path: .init(id: review)).ok.body.json.sections.map(\.section) == [.outcome])
    }

    func roundTripImports(_ dq: Client, _ app: Application) async throws {
        let source = try await dq.postSources(body: .json(.init(format: .csv, kind: .childrensCentre, name: "centre"))).created
        #expect(source.headers.location == "/api/v1/sources/centre/imports")
        #expect(try await dq.getSources().ok.body.json.contains { $0.name == "centre" && $0.id == (try? source.body.json.id) })
        let file = try Data(contentsOf: PersonIndexTests.docs.appendingPathComponent("childrens_centre-example.csv"))
        let report = try await dq.postSourcesSourceImports(path: .init(source: "centre"), headers: .init(xFileName: "register.csv"),
                                                           body: .csv(HTTPBody(file))).ok.body.json
        #expect(report.added > 0)
        let status = try await dq.getImportsId(path: .init(id: report.importId)).ok.body.json
        #expect(status.status == .done && status.added == report.added && status.fileName == "register.csv")
        #expect(try await dq.getSourcesSourceImports(path: .init(source: "centre")).ok.body.json.map(\.importId) == [report.importId])
    }
}

/// Sends the bearer token and notes each operation the client called.
struct Recorder: ClientMiddleware {
    let token: String
    let called: NIOLockedValueBox<Set<String>>

    func intercept(_ request: HTTPRequest, body: HTTPBody?, baseURL: URL, operationID: String,
                   next: @Sendable (HTTPRequest, HTTPBody?, URL) async throws -> (HTTPResponse, HTTPBody?)) async throws -> (HTTPResponse, HTTPBody?) {
        var request = request
        if !token.isEmpty { request.headerFields[.authorization] = "Bearer \(token)" }
        called.withLockedValue { _ = $0.insert(operationID) }
        return try await next(request, body, baseURL)
    }
}

/// Runs the app on a loopback port for `body`, which gets the API's base address.
func withLiveServer(_ app: Application, _ body: (URL) async throws -> Void) async throws {
    try await app.server.start(address: .hostname("127.0.0.1", port: 0))
    let port = app.http.server.shared.localAddress?.port ?? 0
    do {
        try await body(URL(string: "http://127.0.0.1:\(port)/api/v1")!)
    } catch {
        await app.server.shutdown()
        throw error
    }
    await app.server.shutdown()
}
