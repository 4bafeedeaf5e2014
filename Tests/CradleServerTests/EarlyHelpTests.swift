import Testing
import Vapor
import VaporTesting
import SQLKit
@testable import CradleServer
import CradleCore

/// The early help front door end to end: self-referral and practitioner requests, triage on
/// the 48-hour clock, the advice line, panels, team-around-the-family plans, programme offers
/// and caseloads, with who may see each.
struct EarlyHelpTests {
    /// Friday 27 Nov 2026, 16:00: the clock runs to Tuesday 16:00 with the weekend stopped.
    static let friday4pm = LocalTime(day: testToday, hour: 16)

    func withFrontDoor(_ adjust: @escaping (inout Settings) -> Void = { _ in }, _ body: (Application) async throws -> Void) async throws {
        try await withCradle(children: 60, settings: { s in s.now = { EarlyHelpTests.friday4pm }; adjust(&s) }, body)
    }

    func practitioner(_ app: Application, _ username: String) async throws -> Int64 {
        try await app.sql.raw("SELECT id FROM practitioners WHERE username = \(bind: username)").first(decodingColumn: "id", as: Int64.self)!
    }

    func unrelated(_ app: Application, _ child: Int64, _ username: String) async throws -> Bool {
        try await app.sql.raw("""
            SELECT COUNT(*) AS n FROM involvements i JOIN services s ON s.id = i.service_id
            JOIN team_memberships tm ON tm.team_id = s.team_id JOIN practitioners pr ON pr.id = tm.practitioner_id
            WHERE (i.person_id = \(bind: child) OR i.family_id = (SELECT family_id FROM people WHERE id = \(bind: child))) AND pr.username = \(bind: username)
            """).first(decodingColumn: "n", as: Int.self) == 0
    }

    func familyOf(_ app: Application, _ person: Int64) async throws -> Int64 {
        try await app.sql.raw("SELECT family_id FROM people WHERE id = \(bind: person)").first(decodingColumn: "family_id", as: Int64.self)!
    }

    static let selfReferral = ["parentName": "Sam Example", "contact": "07700 900123", "postcode": "ZY1 3AB", "childName": "Ada Example",
                               "childDateOfBirth": "2025-06-01", "concerns": "parenting", "details": "Ada will not sleep and I am exhausted",
                               "consent": "yes"]

    func selfRefer(_ app: Application) async throws -> Int64 {
        var family = Browser(app)
        _ = try await family.get("/help")
        let sent = try await family.post("/help", Self.selfReferral)
        #expect(sent.status == .seeOther && sent.headers.first(name: .location) == "/help/sent")
        return try await app.sql.raw("SELECT MAX(id) AS id FROM support_requests").first(decodingColumn: "id", as: Int64.self)!
    }

    @Test func aFamilyAsksForHelpWithoutSigningInAndConsentIsRequired() async throws {
        try await withFrontDoor { app in
            var family = Browser(app)
            let form = try await family.get("/help")
            #expect(form.status == .ok && form.text.contains("Ask for help for your family"))
            // Before anything is typed: an emergency is 999, a child at risk is children's
            // services' number (the authority's, from settings), and the privacy notice.
            let warning = try #require(form.text.range(of: "If anyone is in danger now, call 999.")).lowerBound
            #expect(warning < form.text.range(of: "<form method=\"post\" action=\"/help\"")!.lowerBound)
            #expect(form.text.contains("phone children&#39;s services on \(app.settings.earlyHelp.childrenServicesPhone)"))
            #expect(form.text.contains(#"href="/privacy""#))
            let privacy = try await family.get("/privacy")
            #expect(privacy.status == .ok && privacy.text.contains("How we use your information") && privacy.text.contains("data controller"))
            var noConsent = Self.selfReferral
            noConsent["consent"] = nil
            let refused = try await family.post("/help", noConsent)
            #expect(refused.status == .unprocessableEntity)
            #expect(refused.text.contains("We can only help with your agreement"))
            #expect(refused.text.contains("Ada will not sleep"))                  // nothing typed is lost
            #expect(try await app.count("support_requests") == 0)
            // A forged form without the page's token is refused whole.
            let forged = try await family.post("/help", Self.selfReferral, csrf: "forged")
            #expect(forged.status == .forbidden)
            #expect(try await app.count("support_requests") == 0)

            let id = try await selfRefer(app)
            let sent = try await family.get("/help/sent")
            #expect(sent.text.contains("by 1 Dec 2026 16:00"))
            let row = try await app.sql.raw("SELECT received_at, status, source, consent FROM support_requests WHERE id = \(bind: id)").first()!
            #expect(try row.decode(column: "received_at", as: String.self) == "2026-11-27T16:00")
            #expect(try row.decode(column: "status", as: String.self) == "awaiting_triage")
            #expect(try row.decode(column: "consent", as: Bool.self))
        }
    }

    @Test func theTriageQueueRunsA48HourClockThatWarnsAndBreaches() async throws {
        try await withFrontDoor { app in
            let id = try await selfRefer(app)
            var hub = try await Browser.signedIn(app, as: "early.help")
            #expect(try await hub.get("/early-help/triage").text.contains("48 h left"))
            // Tuesday 05:00: 11 counted hours left, inside the 12-hour warning.
            app.settings.now = { LocalTime(day: testToday + 4, hour: 5) }
            let soon = try await hub.get("/early-help/triage")
            #expect(soon.text.contains("Due soon: 11 h left") && soon.text.contains("1 awaiting triage") && soon.text.contains("1 due soon"))
            app.settings.now = { LocalTime(day: testToday + 4, hour: 17, minute: 30) }
            let late = try await hub.get("/early-help/requests/\(id)")
            #expect(late.text.contains("Breached by 1 h 30 min"))
            // Others cannot work the queue.
            var hv = try await Browser.signedIn(app)
            #expect(try await hv.get("/early-help/triage").status == .forbidden)
            #expect(try await hv.get("/early-help/requests/\(id)").status == .forbidden)
        }
    }

    @Test func weekendsCountWhenTheAuthoritySaysSo() async throws {
        try await withFrontDoor({ $0.earlyHelp.triage.weekendsCount = true }) { app in
            let id = try await selfRefer(app)
            var hub = try await Browser.signedIn(app, as: "early.help")
            #expect(try await hub.get("/early-help/requests/\(id)").text.contains("29 Nov 2026 16:00"))
        }
    }

    /// Linking a family's own request to a child is a decision the audit trail names the child
    /// in; the front door then sees the request and who the child is, not the child's record.
    @Test func linkingARequestToAChildIsAuditedAndOpensNoRecord() async throws {
        try await withFrontDoor { app in
            let id = try await selfRefer(app)
            let child = try await unrelatedChild(app, of: "early.help")
            var hub = try await Browser.signedIn(app, as: "early.help")
            #expect(try await hub.get("/people/\(child)").status == .forbidden)
            let ok = try await hub.post("/early-help/requests/\(id)/triage", ["version": "1", "outcome": "panel", "level": "3",
                                                                             "rationale": "Several needs", "personId": String(child)])
            #expect(ok.status == .seeOther)
            let trail = try await AuditStore.forPerson(child, on: app.sql)
            #expect(trail.contains { $0.category == "support_request" && $0.action == "update" && $0.decision == "allow"
                && $0.detail == "linked to the record of person \(child)" })
            #expect(try await hub.get("/people/\(child)").status == .forbidden, "linking is no relationship")
            let name = try await app.sql.raw("SELECT given_name FROM people WHERE id = \(bind: child)").first(decodingColumn: "given_name", as: String.self)!
            let page = try await hub.get("/early-help/requests/\(id)")
            #expect(page.text.contains(name))
            #expect(!page.text.contains("/people/\(child)\""), "no link the front door cannot follow")
        }
    }

    @Test func triageLinksRecordsAndMovesTheRequestOnOnce() async throws {
        try await withFrontDoor { app in
            let id = try await selfRefer(app)
            let child = try await relatedChild(app)
            var hub = try await Browser.signedIn(app, as: "early.help")
            let page = try await hub.get("/early-help/requests/\(id)")
            #expect(page.text.contains("Triage this request"))
            // The worker finds the child within the request and picks them: no record number to copy.
            #expect(page.text.contains("Find the child&#39;s record") && !page.text.contains("Child&#39;s record number"))
            let nhs = try #require(try await app.sql.raw("SELECT nhs_number FROM people WHERE id = \(bind: child)").first(decodingColumn: "nhs_number", as: String?.self) ?? nil)
            let found = try await hub.get("/early-help/requests/\(id)?nhsNumber=\(nhs)")
            #expect(found.text.contains(#"type="radio" id="personId-0" name="personId" value="\#(child)""#) && found.text.contains("1 child found"))
            #expect(found.text.contains(#"action="/early-help/requests/\#(id)/triage?nhsNumber=\#(nhs)""#), "the triage form keeps the search")
            let searched = try await app.sql.raw("SELECT COUNT(*) AS n FROM audit_events WHERE detail LIKE \(bind: "to link request \(id):%")")
                .first(decodingColumn: "n", as: Int.self)
            #expect(searched == 1, "the search is audited, naming the request")
            let badSearch = try await hub.get("/early-help/requests/\(id)?familyName=Smith")
            #expect(badSearch.text.contains("Enter date of birth") || badSearch.text.contains("Date of birth"))
            // A problem in the triage form keeps what was found.
            let kept = try await hub.post("/early-help/requests/\(id)/triage?nhsNumber=\(nhs)", ["version": "1", "outcome": "panel", "level": "3",
                                                                                               "rationale": "", "personId": String(child)])
            #expect(kept.status == .unprocessableEntity && kept.text.contains(#"value="\#(child)" checked"#))
            // A panel needs the child's record.
            let unlinked = try await hub.post("/early-help/requests/\(id)/triage", ["version": "1", "outcome": "panel", "level": "3", "rationale": "Several needs"])
            #expect(unlinked.status == .unprocessableEntity && unlinked.text.contains("Link the request to the child"))
            // Level 4 is a step up, not a panel.
            let wrong = try await hub.post("/early-help/requests/\(id)/triage", ["version": "1", "outcome": "panel", "level": "4", "rationale": "r", "personId": String(child)])
            #expect(wrong.status == .unprocessableEntity)
            #expect(try await app.count("need_levels") == 0)

            let ok = try await hub.post("/early-help/requests/\(id)/triage", ["version": "1", "outcome": "panel", "level": "3", "rationale": "Several needs", "personId": String(child)])
            #expect(ok.status == .seeOther)
            let row = try await app.sql.raw("SELECT status, person_id, family_id, level FROM support_requests WHERE id = \(bind: id)").first()!
            #expect(try row.decode(column: "status", as: String.self) == "awaiting_panel")
            #expect(try row.decode(column: "person_id", as: Int64.self) == child)
            #expect(try row.decode(column: "family_id", as: Int64.self) == (try await familyOf(app, child)))
            #expect(try await app.count("need_levels") == 1)
            let shown = try await hub.get("/early-help/requests/\(id)")
            #expect(shown.text.contains("Take to a multi-agency panel") && shown.text.contains("Level 3: Intensive") && shown.text.contains("Triaged within the time"))
            // Triaged once: a second try changes nothing.
            let again = try await hub.post("/early-help/requests/\(id)/triage", ["version": "2", "outcome": "advice", "level": "1", "rationale": "r"])
            #expect(again.status == .unprocessableEntity && again.text.contains("already triaged"))
            #expect(try await app.count("need_levels") == 1)
        }
    }

    @Test func aPractitionersRequestIsSeenByThemAndTheFrontDoorAndAllocationInvolvesTheService() async throws {
        try await withFrontDoor { app in
            let child = try await relatedChild(app)
            var hv = try await Browser.signedIn(app)
            #expect(try await hv.get("/early-help/requests/new?person=\(child)").status == .ok)
            // Naming a child the practitioner has no relationship with is refused.
            let stranger = try await unrelatedChild(app)
            #expect(try await hv.get("/early-help/requests/new?person=\(stranger)").status == .forbidden)
            let made = try await hv.post("/early-help/requests", ["personId": String(child), "concerns": "speech_and_language",
                                                                  "details": "Few words at 2", "consent": "yes", "suggestedLevel": "2"])
            #expect(made.status == .seeOther)
            let location = made.headers.first(name: .location)!
            #expect(try await hv.get(location).status == .ok)
            var midwife = try await Browser.signedIn(app, as: "midwife")
            #expect(try await midwife.get(location).status == .forbidden)
            var mine = try await hv.get("/caseload")
            #expect(mine.text.contains("Requests I made that are still open") && mine.text.contains(location))

            var hub = try await Browser.signedIn(app, as: "early.help")
            let service = try await app.sql.raw("SELECT MIN(id) AS id FROM services").first(decodingColumn: "id", as: Int64.self)!
            let before = try await app.count("involvements")
            let noService = try await hub.post(location + "/triage", ["version": "1", "outcome": "allocate", "level": "2", "rationale": "SLT"])
            #expect(noService.status == .unprocessableEntity && noService.text.contains("Select service"))
            let allocated = try await hub.post(location + "/triage", ["version": "1", "outcome": "allocate", "level": "2", "rationale": "SLT", "serviceId": String(service)])
            #expect(allocated.status == .seeOther)
            #expect(try await app.count("involvements") == before + 1)
            mine = try await hv.get(location)
            #expect(mine.text.contains("Allocated to"))
        }
    }

    @Test func theAdviceLineLogsEnquiriesWithOrWithoutAFamily() async throws {
        try await withFrontDoor { app in
            var hub = try await Browser.signedIn(app, as: "early.help")
            let missing = try await hub.post("/early-help/advice", ["caller": "professional", "topic": "Housing", "advice": "Contact housing options"])
            #expect(missing.status == .unprocessableEntity && missing.text.contains("Enter organisation"))
            #expect(try await hub.post("/early-help/advice", ["caller": "family", "topic": "Where are stay-and-play groups?", "advice": "Fernmoor children's centre, Tuesdays"]).status == .seeOther)
            let noFamily = try await hub.post("/early-help/advice", ["caller": "professional", "organisation": "School", "topic": "t", "advice": "a", "familyId": "999999"])
            #expect(noFamily.status == .unprocessableEntity && noFamily.text.contains("Family 999999 does not exist"))
            let log = try await hub.get("/early-help/advice")
            #expect(log.text.contains("Where are stay-and-play groups?") && log.text.contains("Not named"))
            #expect(try await app.count("advice_enquiries") == 1)
            var hv = try await Browser.signedIn(app)
            #expect(try await hv.get("/early-help/advice").status == .forbidden)
        }
    }

    /// Request → triage to panel → agenda → attendance → decision (TAF) → plan.
    func throughPanel(_ app: Application, lead: String = "health.visitor") async throws -> (panel: Int64, family: Int64, plan: Int64) {
        let id = try await selfRefer(app)
        let child = try await relatedChild(app)
        var hub = try await Browser.signedIn(app, as: "early.help")
        _ = try await hub.post("/early-help/requests/\(id)/triage", ["version": "1", "outcome": "panel", "level": "3", "rationale": "r", "personId": String(child)])
        let hv = try await practitioner(app, "health.visitor"), slt = try await practitioner(app, "slt")
        let made = try await hub.post("/panels", ["name": "Family Matters — North", "meetsAt": "2026-12-03T10:00", "place": "Fernmoor Hub", "members": "\(hv),\(slt)"])
        #expect(made.status == .seeOther)
        let panel = Int64(made.headers.first(name: .location)!.split(separator: "/").last!)!
        let page = try await hub.get("/panels/\(panel)")
        #expect(page.text.contains("Add a family to the agenda") && page.text.contains("Request \(id)"))
        let family = try await familyOf(app, child)
        #expect(try await hub.post("/panels/\(panel)/agenda", ["familyId": String(family), "personId": String(child), "requestId": String(id), "source": "triage", "reason": "Request \(id)"]).status == .seeOther)
        #expect(try await hub.post("/panels/\(panel)/attendance", ["attended": String(hv)]).status == .seeOther)
        let item = try await app.sql.raw("SELECT id FROM panel_items WHERE panel_id = \(bind: panel)").first(decodingColumn: "id", as: Int64.self)!
        let noLead = try await hub.post("/panels/\(panel)/items/\(item)/decision", ["discussion": "d", "decision": "team_around_the_family", "level": "3"])
        #expect(noLead.status == .unprocessableEntity)
        #expect(try await app.count("plans") == 0)
        let leadId = try await practitioner(app, lead)
        let decided = try await hub.post("/panels/\(panel)/items/\(item)/decision", ["discussion": "Sleep and isolation", "decision": "team_around_the_family",
                                                                                   "level": "3", "leadId": String(leadId)])
        #expect(decided.status == .seeOther)
        let plan = Int64(decided.headers.first(name: .location)!.split(separator: "/").last!)!
        #expect(try await hub.post("/panels/\(panel)/items/\(item)/actions", ["action": "Invite to stay-and-play", "owner": "Centre", "dueDate": "2026-12-10"]).status == .seeOther)
        return (panel, family, plan)
    }

    @Test func panelMembersSeeTheAgendaForThePanelOnly() async throws {
        try await withFrontDoor { app in
            let (panel, family, _) = try await throughPanel(app)
            let status = try await app.sql.raw("SELECT status FROM support_requests").first(decodingColumn: "status", as: String.self)
            #expect(status == "team_around_the_family")
            #expect(try await app.count("need_levels") == 2)
            var hv = try await Browser.signedIn(app)
            let agenda = try await hv.get("/panels/\(panel)")
            #expect(agenda.status == .ok && agenda.text.contains("Team around the family with a lead professional") && agenda.text.contains("Invite to stay-and-play"))
            #expect(agenda.text.contains("(attended)") && !agenda.text.contains("Record the panel"))
            #expect(try await hv.get("/panels/\(panel)/families/\(family)").text.contains("Ada will not sleep"))
            // A family not on this agenda, another panel, a non-member, a member changing things: refused.
            let other = try await app.sql.raw("SELECT MIN(id) AS id FROM families WHERE id <> \(bind: family)").first(decodingColumn: "id", as: Int64.self)!
            #expect(try await hv.get("/panels/\(panel)/families/\(other)").status == .forbidden)
            #expect(try await hv.post("/panels/\(panel)/attendance", ["attended": ""]).status == .forbidden)
            var gp = try await Browser.signedIn(app, as: "gp")
            #expect(try await gp.get("/panels/\(panel)").status == .forbidden)
            #expect(try await gp.get("/panels/\(panel)/families/\(family)").status == .forbidden)
            // Membership is not a relationship with the child's record.
            var slt = try await Browser.signedIn(app, as: "slt")
            let child = try await app.sql.raw("SELECT person_id FROM panel_items").first(decodingColumn: "person_id", as: Int64.self)!
            #expect(try await slt.get("/panels/\(panel)").status == .ok)
            #expect(try await unrelated(app, child, "slt"), "precondition: the speech and language therapist has no relationship with the child")
            #expect(try await slt.get("/people/\(child)").status == .forbidden)
            let audited = try await app.sql.raw("SELECT COUNT(*) AS n FROM audit_events WHERE purpose = 'multi_agency_panel'").first(decodingColumn: "n", as: Int.self)!
            #expect(audited > 0)
        }
    }

    /// The plan as a partner system reads it through FHIR: a CarePlan for each child of the
    /// family, with its goals and actions, for the plan's team only.
    @Test func theFamilysPlanIsACarePlanForItsTeamOnly() async throws {
        try await withFrontDoor { app in
            let (_, _, plan) = try await throughPanel(app)
            var lead = try await Browser.signedIn(app)
            #expect(try await lead.post("/plans/\(plan)/goals", ["goal": "Ada sleeps through most nights", "measure": "Sleep diary: 5 of 7 nights",
                                                                "concern": "parenting", "owner": "Sam with the health visitor", "targetDate": "2027-02-27"]).status == .seeOther)
            #expect(try await lead.post("/plans/\(plan)/actions", ["action": "Bedtime routine visit", "owner": "Health visitor", "dueDate": "2026-12-04"]).status == .seeOther)
            let child = try await app.sql.raw("SELECT person_id FROM panel_items").first(decodingColumn: "person_id", as: Int64.self)!
            let res = try await app.send(.GET, "/fhir/R4/CarePlan?patient=\(child)", headers: try await apiToken(app))
            #expect(res.status == .ok)
            let plans = try FHIRTests().entries(res)
            #expect(plans.map { $0["id"] as? String } == [String(plan)])
            let carePlan = try #require(plans.first)
            #expect(carePlan["status"] as? String == "active")
            let goals = carePlan["contained"] as? [[String: Any]] ?? []
            #expect(goals.map { ($0["description"] as? [String: Any])?["text"] as? String } == ["Ada sleeps through most nights"])
            #expect((carePlan["goal"] as? [[String: Any]])?.first?["reference"] as? String == "#\(goals.first?["id"] as? String ?? "")")
            let activities = (carePlan["activity"] as? [[String: Any]] ?? []).compactMap { ($0["detail"] as? [String: Any])?["description"] as? String }
            #expect(activities.contains("Bedtime routine visit"))
            // A panel member without a relationship with the child reads none of it.
            let slt = try await app.send(.GET, "/fhir/R4/CarePlan?patient=\(child)", headers: try await apiToken(app, as: "slt"))
            #expect(slt.status == .forbidden && !slt.text.contains("Ada sleeps"))
        }
    }

    @Test func theLeadProfessionalRunsThePlanAndReviewsFallDueOnTime() async throws {
        try await withFrontDoor { app in
            let (_, family, plan) = try await throughPanel(app)
            var lead = try await Browser.signedIn(app)
            let page = try await lead.get("/plans/\(plan)")
            #expect(page.status == .ok && page.text.contains("lead professional") && page.text.contains("Record a review"))
            #expect(page.text.contains("Lead professional") && page.text.contains("(family)"))       // the family is in the team
            #expect(page.text.contains("Next review 19 Feb 2027"))                                   // 12 weeks on

            let vague = try await lead.post("/plans/\(plan)/goals", ["goal": "Sleep", "measure": "", "concern": "parenting", "owner": "Mum", "targetDate": "2027-02-27"])
            #expect(vague.status == .unprocessableEntity && vague.text.contains("Say specifically"))
            // The goal form's values and errors stay in the goal form: the action form (which
            // also has an owner) starts empty, and the goal form is open.
            #expect(vague.text.contains(#"<details open=""><summary>Add a SMART goal</summary>"#))
            #expect(vague.text.contains(#"id="owner" name="owner" type="text" value="Mum""#))
            #expect(vague.text.contains(#"id="owner-action" name="owner" type="text" value="""#))
            #expect(vague.text.contains(#"<details><summary>Add an action</summary>"#))
            #expect(try await lead.post("/plans/\(plan)/goals", ["goal": "Ada sleeps through most nights", "measure": "Sleep diary: 5 of 7 nights",
                                                                "concern": "parenting", "owner": "Sam with the health visitor", "targetDate": "2027-02-27"]).status == .seeOther)
            #expect(try await lead.post("/plans/\(plan)/actions", ["action": "Bedtime routine visit", "owner": "Health visitor", "dueDate": "2026-12-04"]).status == .seeOther)
            let action = try await app.sql.raw("SELECT id FROM plan_actions").first(decodingColumn: "id", as: Int64.self)!
            #expect(try await lead.post("/plans/\(plan)/actions/\(action)/done", [:]).status == .seeOther)
            #expect(try await app.sql.raw("SELECT done_on FROM plan_actions").first(decodingColumn: "done_on", as: String.self) == "2026-11-27")

            let slt = try await practitioner(app, "slt")
            #expect(try await lead.post("/plans/\(plan)/members", ["kind": "practitioner", "practitionerId": String(slt), "role": "Speech and language"]).status == .seeOther)
            var member = try await Browser.signedIn(app, as: "slt")
            let seen = try await member.get("/plans/\(plan)")
            #expect(seen.text.contains("Member of the team around the family") && !seen.text.contains("Record a review"))
            // The offer form shows exactly when the policy would take it: an unknown programme is
            // refused as input (422) to those allowed, and as a whole (403) to those not.
            for (who, name) in [(lead, "lead"), (member, "member")] {
                var b = who
                let page = try await b.get("/families/\(family)/early-help")
                guard page.status == .ok else { continue }
                let allowed = try await b.post("/families/\(family)/programmes", ["programme": "zzz"]).status != .forbidden
                #expect(page.text.contains("Record offer") == allowed, "\(name): offered only when allowed")
            }
            #expect(try await member.post("/plans/\(plan)/goals", ["goal": "a b c", "measure": "m", "concern": "parenting", "owner": "o", "targetDate": "2027-01-01"]).status == .forbidden)
            var stranger = try await Browser.signedIn(app, as: "midwife")
            #expect(try await stranger.get("/plans/\(plan)").status == .forbidden)

            // Reviews: 6–12 weeks apart; overdue is shown once the date passes.
            let tooSoon = try await lead.post("/plans/\(plan)/reviews", ["heldOn": "2026-11-27", "progress": "Better", "familyView": "Good", "level": "3", "nextReview": "2026-12-18"])
            #expect(tooSoon.status == .unprocessableEntity && tooSoon.text.contains("6–12 weeks"))
            #expect(try await lead.post("/plans/\(plan)/reviews", ["heldOn": "2026-11-27", "progress": "Better", "familyView": "Good", "level": "2", "nextReview": "2027-01-22"]).status == .seeOther)
            #expect(try await app.sql.raw("SELECT next_review FROM plans").first(decodingColumn: "next_review", as: String.self) == "2027-01-22")
            app.settings.today = { Day(year: 2027, month: 1, day: 25)! }
            #expect(try await lead.get("/plans/\(plan)").text.contains("Review overdue by 3 days"))
            #expect(try await lead.get("/caseload").text.contains("1 overdue a review"))

            // Step up, then close with an outcome; a closed plan takes no more changes.
            #expect(try await lead.post("/plans/\(plan)/step", ["stepLevel": "3", "stepReason": "Housing crisis"]).status == .seeOther)
            #expect(try await RequestStore.levels(familyId: family, on: app.sql).first?.reason == "Stepped up: Housing crisis")
            #expect(try await lead.post("/plans/\(plan)/close", ["version": "1", "closure": "needs_met", "closureNote": "n"]).status == .conflict)
            let version = try await app.sql.raw("SELECT version FROM plans").first(decodingColumn: "version", as: Int.self)!
            #expect(try await lead.post("/plans/\(plan)/close", ["version": String(version), "closure": "needs_met", "closureNote": "Sleeping well"]).status == .seeOther)
            #expect(try await app.sql.raw("SELECT status FROM support_requests").first(decodingColumn: "status", as: String.self) == "closed")
            let closed = try await lead.post("/plans/\(plan)/goals", ["goal": "a b c d", "measure": "m", "concern": "parenting", "owner": "o", "targetDate": "2027-03-01"])
            #expect(closed.status == .unprocessableEntity && closed.text.contains("This plan was closed"))
        }
    }

    @Test func programmeOffersMoveThroughEnrolmentToAnOutcome() async throws {
        try await withFrontDoor { app in
            let child = try await relatedChild(app)
            let family = try await familyOf(app, child)
            var hub = try await Browser.signedIn(app, as: "early.help")
            #expect(try await hub.get("/early-help/programmes").text.contains("Family Nurse Partnership"))
            let unknown = try await hub.post("/families/\(family)/programmes", ["programme": "astrology"])
            #expect(unknown.status == .unprocessableEntity && unknown.text.contains("Choose a programme"))
            // The family has no recorded pregnancy, so FNP is outside its criteria: the page
            // says so, and offering it anyway needs the reason, recorded and shown.
            let form = try await hub.get("/families/\(family)/early-help")
            #expect(form.text.contains("Family Nurse Partnership (") && form.text.contains("the family does not meet its criteria"))
            let fnp = try await hub.post("/families/\(family)/programmes", ["programme": "fnp"])
            #expect(fnp.status == .unprocessableEntity && fnp.text.contains("give the reason for offering it anyway"))
            #expect(try await app.count("programme_offers") == 0)
            #expect(try await hub.post("/families/\(family)/programmes", ["programme": "fnp", "outsideCriteria": "Care leaver; FNP agreed"]).status == .seeOther)
            #expect(try await hub.get("/families/\(family)/early-help").text.contains("Offered outside its criteria: Care leaver; FNP agreed"))
            try await app.sql.raw("DELETE FROM programme_offers").run()
            #expect(try await hub.post("/families/\(family)/programmes", ["programme": "triple_p_4"]).status == .seeOther)
            let offer = try await app.sql.raw("SELECT id FROM programme_offers").first(decodingColumn: "id", as: Int64.self)!
            let completed = ["status": "completed", "measure": "SDQ total difficulties", "baseline": "18", "final": "11"]
            let skip = try await hub.post("/families/\(family)/programmes/\(offer)", completed.merging(["version": "1"]) { a, _ in a })
            #expect(skip.status == .unprocessableEntity && skip.text.contains("cannot become completed"))
            #expect(try await hub.post("/families/\(family)/programmes/\(offer)", ["version": "1", "status": "enrolled"]).status == .seeOther)
            let noScores = try await hub.post("/families/\(family)/programmes/\(offer)", ["version": "2", "status": "completed", "measure": "SDQ", "baseline": "high"])
            #expect(noScores.status == .unprocessableEntity && noScores.text.contains("Score at the start must be a number") && noScores.text.contains("Enter score at the end"))
            let stale = try await hub.post("/families/\(family)/programmes/\(offer)", completed.merging(["version": "1"]) { a, _ in a })
            #expect(stale.status == .conflict)
            #expect(try await hub.post("/families/\(family)/programmes/\(offer)", completed.merging(["version": "2"]) { a, _ in a }).status == .seeOther)
            let page = try await hub.get("/families/\(family)/early-help")
            #expect(page.text.contains("Level 4 Standard Triple P") && page.text.contains("SDQ total difficulties: 18 → 11 (−7)") && page.text.contains("Completed"))
            // Declined and left early end an offer too; an ended offer moves no further.
            #expect(try await hub.post("/families/\(family)/programmes", ["programme": "vig"]).status == .seeOther)
            #expect(try await hub.post("/families/\(family)/programmes", ["programme": "iy_preschool"]).status == .seeOther)
            let vig = try await app.sql.raw("SELECT id FROM programme_offers WHERE programme = 'vig'").first(decodingColumn: "id", as: Int64.self)!
            let iy = try await app.sql.raw("SELECT id FROM programme_offers WHERE programme = 'iy_preschool'").first(decodingColumn: "id", as: Int64.self)!
            #expect(try await hub.post("/families/\(family)/programmes/\(vig)", ["version": "1", "status": "declined"]).status == .seeOther)
            #expect(try await hub.post("/families/\(family)/programmes/\(vig)", ["version": "2", "status": "enrolled"]).status == .unprocessableEntity)
            #expect(try await hub.post("/families/\(family)/programmes/\(iy)", ["version": "1", "status": "enrolled"]).status == .seeOther)
            #expect(try await hub.post("/families/\(family)/programmes/\(iy)", ["version": "2", "status": "left_early", "note": "Moved shifts"]).status == .seeOther)
            let ended = try await app.sql.raw("SELECT status, ended_on FROM programme_offers WHERE ended_on IS NOT NULL ORDER BY id").all()
            #expect(try ended.map { try $0.decode(column: "status", as: String.self) } == ["completed", "declined", "left_early"])
            // The family's practitioners see it through their relationship; others do not.
            var hv = try await Browser.signedIn(app)
            #expect(try await hv.get("/families/\(family)/early-help").status == .ok)
            var stranger = try await Browser.signedIn(app, as: "midwife")
            let strangerFamily = try await familyOf(app, try await unrelatedChild(app, of: "midwife"))
            #expect(try await stranger.get("/families/\(strangerFamily)/early-help").status == .forbidden)
            var analyst = try await Browser.signedIn(app, as: "analyst")
            #expect(try await analyst.get("/families/\(family)/early-help").status == .forbidden)
        }
    }

    @Test func theFrontDoorStartsAPlanDirectlyAndOnlyOnePerFamily() async throws {
        try await withFrontDoor { app in
            let family = try await familyOf(app, try await relatedChild(app))
            var hub = try await Browser.signedIn(app, as: "early.help")
            let lead = try await practitioner(app, "family.support")
            #expect(try await hub.post("/families/\(family)/plans", ["leadId": String(lead)]).status == .seeOther)
            let twice = try await hub.post("/families/\(family)/plans", ["leadId": String(lead)])
            #expect(twice.status == .unprocessableEntity && twice.text.contains("one family, one plan"))
            #expect(try await app.count("plans") == 1)
            var hv = try await Browser.signedIn(app)
            #expect(try await hv.post("/families/\(family)/plans", ["leadId": String(lead)]).status == .forbidden)
        }
    }

    @Test func triageCanSignpostAndStepUpAndPanelsDecideEveryWay() async throws {
        try await withFrontDoor { app in
            var hub = try await Browser.signedIn(app, as: "early.help")
            let signposted = try await selfRefer(app)
            #expect(try await hub.post("/early-help/requests/\(signposted)/triage", ["version": "1", "outcome": "signpost", "level": "1", "rationale": "r",
                                                                                    "signpostTo": "Fernmoor baby group"]).status == .seeOther)
            let steppedUp = try await selfRefer(app)
            let child = try await relatedChild(app)
            #expect(try await hub.post("/early-help/requests/\(steppedUp)/triage", ["version": "1", "outcome": "step_up", "level": "4", "rationale": "Risk of harm",
                                                                                   "personId": String(child)]).status == .seeOther)
            let statuses = try await app.sql.raw("SELECT status FROM support_requests ORDER BY id").all().map { try $0.decode(column: "status", as: String.self) }
            #expect(statuses == ["closed", "stepped_up"])

            // Four families on one agenda, four decisions.
            let hv = try await practitioner(app, "health.visitor")
            let made = try await hub.post("/panels", ["name": "Family Matters", "meetsAt": "2026-12-03T10:00", "place": "Hub", "members": String(hv)])
            let panel = Int64(made.headers.first(name: .location)!.split(separator: "/").last!)!
            let families = try await app.sql.raw("SELECT f.id, MIN(p.id) AS person FROM families f JOIN people p ON p.family_id = f.id GROUP BY f.id ORDER BY f.id LIMIT 4").all()
            for row in families {
                let f = try row.decode(column: "id", as: Int64.self), p = try row.decode(column: "person", as: Int64.self)
                #expect(try await hub.post("/panels/\(panel)/agenda", ["familyId": String(f), "personId": String(p), "source": "family_of_concern", "reason": "Raised by a member"]).status == .seeOther)
            }
            let first = try families[0].decode(column: "id", as: Int64.self)
            let duplicate = try await hub.post("/panels/\(panel)/agenda", ["familyId": String(first), "source": "family_of_concern", "reason": "Again"])
            #expect(duplicate.status == .unprocessableEntity && duplicate.text.contains("already on the agenda"))
            let items = try await app.sql.raw("SELECT id FROM panel_items WHERE panel_id = \(bind: panel) ORDER BY id").all().map { try $0.decode(column: "id", as: Int64.self) }
            let service = try await app.sql.raw("SELECT MIN(id) AS id FROM services").first(decodingColumn: "id", as: Int64.self)!
            let involvements = try await app.count("involvements")
            let decisions: [[String: String]] = [["decision": "allocate", "level": "2", "serviceId": String(service)], ["decision": "step_up", "level": "4"],
                                                 ["decision": "no_further_action", "level": "1"], ["decision": "represent_next", "level": "3"]]
            for (item, d) in zip(items, decisions) {
                #expect(try await hub.post("/panels/\(panel)/items/\(item)/decision", d.merging(["discussion": "Discussed"]) { a, _ in a }).status == .seeOther)
            }
            #expect(try await app.count("involvements") == involvements + 1)         // the allocation
            #expect(try await app.count("plans") == 0)
            let recorded = try await app.sql.raw("SELECT decision FROM panel_items WHERE panel_id = \(bind: panel) ORDER BY id").all().map { try $0.decode(column: "decision", as: String.self) }
            #expect(recorded == ["allocate", "step_up", "no_further_action", "represent_next"])
            // Decided once.
            let again = try await hub.post("/panels/\(panel)/items/\(items[0])/decision", ["decision": "no_further_action", "level": "1", "discussion": "d"])
            #expect(again.status == .conflict)
        }
    }

    @Test func concernsFromATwoYearReviewAreOfferedForTheAgenda() async throws {
        try await withFrontDoor { app in
            let child = try await relatedChild(app)
            try await app.sql.raw("UPDATE people SET date_of_birth = '2024-08-10', expected_delivery_date = NULL, gestation_weeks = 39 WHERE id = \(bind: child)").run()
            var hv = try await Browser.signedIn(app)
            _ = try await hv.get("/people/\(child)/reviews/new?review=two_years")
            var form = ["review": "two_years", "date": "2026-11-20", "place": "clinic", "method": "face_to_face", "practitionerType": "scphn",
                        "interval": "27", "concern_parental_mental_health": "on"]
            for area in ASQArea.allCases { for i in 0..<6 { form["\(area.rawValue)_\(i)"] = "yes" } }
            #expect(try await hv.post("/people/\(child)/reviews", form).status == .seeOther)
            var hub = try await Browser.signedIn(app, as: "early.help")
            let made = try await hub.post("/panels", ["name": "Family Matters", "meetsAt": "2026-12-03T10:00", "place": "Hub",
                                                      "members": String(try await practitioner(app, "health.visitor"))])
            let panel = made.headers.first(name: .location)!
            let page = try await hub.get(panel)
            #expect(page.text.contains("Concern from a 2-year review") && page.text.contains("Concerns at the 2-year review on 20 Nov 2026: Parental mental health"))
        }
    }

    @Test func anAuthorityConfiguresItsLevelsClockAndCadenceInAFile() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("cradle-eh-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = dir + "/early-help.json"
        #expect(try EarlyHelpSettings.load(from: path) == EarlyHelpSettings())               // no file: the defaults
        try #"{"triage": {"hours": 24, "weekendsCount": true, "bankHolidaysCount": false, "bankHolidays": ["2026-12-25"], "warnHoursBefore": 6}}"#
            .write(toFile: path, atomically: true, encoding: .utf8)
        let partial = try EarlyHelpSettings.load(from: path)
        #expect(partial.triage.hours == 24 && partial.triage.weekendsCount && partial.continuum == .essex)
        try #"{"continuum": {"name": "Bad", "levels": [{"number": 2, "name": "Two", "meaning": ""}], "teamAroundTheFamilyFrom": 2, "statutory": 2}}"#
            .write(toFile: path, atomically: true, encoding: .utf8)
        #expect(throws: SettingsError.self) { try EarlyHelpSettings.load(from: path) }
        // The example the README gives works as written.
        let readme = try String(contentsOf: URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../README.md"), encoding: .utf8)
        let example = try #require(readme.components(separatedBy: "```json\n").dropFirst().first?.components(separatedBy: "```").first)
        try example.write(toFile: path, atomically: true, encoding: .utf8)
        let sussex = try EarlyHelpSettings.load(from: path)
        #expect(sussex.continuum.label(4) == "Level 4: Acute needs" && sussex.triage.bankHolidays.count == 2)
        try "{not json".write(toFile: path, atomically: true, encoding: .utf8)
        do { _ = try EarlyHelpSettings.load(from: path); Issue.record("bad JSON accepted") }
        catch { #expect(error.reason.contains("is not valid early help settings")) }
    }

    @Test func theFamilyPageShowsFamilyNursePartnershipEligibility() async throws {
        try await withFrontDoor { app in
            // An expecting family: a mother aged 18, 20 weeks into her first pregnancy.
            let unborn = try await app.sql.raw("SELECT MIN(id) AS id FROM people WHERE kind = 'child' AND date_of_birth IS NULL").first(decodingColumn: "id", as: Int64.self)!
            let family = try await familyOf(app, unborn)
            try await app.sql.raw("UPDATE people SET expected_delivery_date = '2027-04-16' WHERE id = \(bind: unborn)").run()
            try await app.sql.raw("UPDATE people SET date_of_birth = '2008-03-01' WHERE family_id = \(bind: family) AND relationship = 'mother'").run()
            try await app.sql.raw("UPDATE people SET family_id = NULL WHERE family_id = \(bind: family) AND kind = 'child' AND id <> \(bind: unborn)").run()
            var hub = try await Browser.signedIn(app, as: "early.help")
            let page = try await hub.get("/families/\(family)/early-help")
            #expect(page.text.contains("Family Nurse Partnership: eligible") && page.text.contains("First-time mother aged 18 at LMP, 20+0 weeks pregnant"))
        }
    }

    @Test func theDemoBoroughHasAFrontDoorAtWork() async throws {
        try await withFrontDoor { app in
            try await DemoEarlyHelp.seed(app)
            try await DemoEarlyHelp.seed(app)                                   // once only
            #expect(try await app.count("support_requests") == 6)
            var hub = try await Browser.signedIn(app, as: "early.help")
            let queue = try await hub.get("/early-help/triage")
            #expect(queue.text.contains("5 awaiting triage") && queue.text.contains("1 breached") && queue.text.contains("Breached by 12 h"))
            #expect(try await hub.get("/panels/1").text.contains("Family Matters — North"))
            var support = try await Browser.signedIn(app, as: "family.support")
            #expect(try await support.get("/caseload").text.contains("Review overdue by 16 days"))
            // Replacing the demo clears the front door's records too.
            try await DemoLoader.clear(app.sql)
            for table in ["support_requests", "plans", "panels", "need_levels", "families"] { #expect(try await app.count(table) == 0, "\(table)") }
        }
    }
}
