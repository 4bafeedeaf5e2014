import Vapor
import SQLKit
import CradleCore

/// A front door already at work in the demo borough, so that a newcomer sees the triage
/// queue's clock, a panel's agenda and plans with reviews due: requests received over the
/// last three days (one already past its 48 hours), a panel next week, two teams around the
/// family (one overdue a review), advice-line calls and programme offers. Written through the
/// same stores the pages use, into the borough's last families (tests and journeys pick the
/// first ones).
enum DemoEarlyHelp {
    static func seed(_ app: Application) async throws {
        let db = app.sql
        let existing = try await db.raw("SELECT COUNT(*) AS n FROM support_requests").first(decodingColumn: "n", as: Int.self) ?? 0
        guard existing == 0 else { return }
        func user(_ name: String) async throws -> SignedIn {
            guard let row = try await PractitionerQueries.byUsername(name, on: db),
                  let s = PractitionerQueries.signedIn(from: row) else { throw Abort(.internalServerError, reason: "demo user \(name) missing") }
            return try await PractitionerQueries.withTeams(s, on: db)
        }
        let hub = try await user("early.help"), hv = try await user("health.visitor"), support = try await user("family.support")
        let centre = try await user("centre.worker"), social = try await user("social.worker")
        let now = app.settings.now(), today = app.settings.today()
        let continuum = app.settings.earlyHelp.continuum

        struct Child: Decodable { var id: Int64; var familyId: Int64; var givenName: String; var familyName: String }
        let children = try await db.raw("""
            SELECT id, family_id, given_name, family_name FROM people
            WHERE kind = 'child' AND date_of_birth IS NOT NULL AND family_id IS NOT NULL ORDER BY id DESC LIMIT 8
            """).all(decoding: Child.self, with: rowDecoder)
        guard children.count == 8 else { return }

        // Requests received 2 to 60 hours ago; the practitioner's ones name the child's record.
        let asks: [(hoursAgo: Int, fields: [String: String], by: SignedIn?)] = [
            (2, ["childName": "Freddie", "parentName": "Jo", "contact": "07700 900461", "postcode": "ZY1 4DN", "concerns": "parenting,isolation",
                 "details": "I have just moved here and do not know anyone. My son does not sleep and I am exhausted.", "consent": "yes"], nil),
            (20, ["personId": String(children[0].id), "concerns": "speech_and_language", "details": "Few words at 2; parents worried; WellComm red.",
                  "consent": "yes", "suggestedLevel": "2"], hv),
            (30, ["childName": "Amira", "parentName": "Leila", "contact": "leila@example.org", "postcode": "ZY3 2HT", "concerns": "money,housing",
                  "details": "We are behind on rent and the flat is damp.", "consent": "yes"], nil),
            (41, ["personId": String(children[1].id), "concerns": "parental_mental_health,parenting", "details": "Mum low since the birth; dad working nights.",
                  "consent": "yes", "suggestedLevel": "3"], hv),
            (60, ["childName": "Noah", "parentName": "Chris", "contact": "07700 900982", "postcode": "ZY2 7PL", "concerns": "behaviour",
                  "details": "Tantrums every day at nursery and at home.", "consent": "yes"], nil),
            (50, ["personId": String(children[2].id), "concerns": "domestic_abuse,isolation", "details": "Disclosure at the 1-year review; mother wants support.",
                  "consent": "yes", "suggestedLevel": "3"], centre),
        ]
        var ids: [Int64] = []
        for a in asks {
            let input = try SupportRequestInput.validate(a.fields, source: a.by == nil ? .family : .practitioner, continuum: continuum, today: today).orThrow()
            ids.append(try await RequestStore.create(input, referrer: a.by?.actor.practitionerId, now: now + (-a.hoursAgo * 60), on: db))
        }
        // The oldest practitioner request went to panel the day it came in.
        try await RequestStore.triage(ids[5], version: 1, TriageInput(outcome: .panel, level: 3, rationale: "Several agencies needed; domestic abuse disclosed."),
                                      by: hub, now: now + (-44 * 60), on: app.db)

        let panel = try await PanelStore.create(PanelStore.PanelInput(name: "Family Matters — North", meetsAt: LocalTime(day: today + 6, hour: 10),
                                                                      place: "Fernmoor Family Hub", members: [hub, hv, centre, social].map { $0.actor.practitionerId! }),
                                                by: hub, on: app.db)
        _ = try await PanelStore.addItem(panelId: panel, familyId: children[2].familyId, personId: children[2].id, requestId: ids[5], source: .triage,
                                     reason: "Request \(ids[5]): domestic abuse, isolation", on: db)

        // Two teams around the family: one on track, one overdue a review.
        let cadence = app.settings.earlyHelp.planReviews
        for (i, lead, started) in [(3, hv, today - 40), (4, support, today - 100)] {
            let family = children[i].familyId
            let plan = try await app.db.writeTransaction { tx in
                try await PlanStore.open(familyId: family, requestId: nil, lead: lead.actor.practitionerId!, today: started, cadence: cadence, on: tx)
            }
            try await RequestStore.setLevel(3, familyId: family, reason: "Team around the family agreed", by: hub, at: LocalTime(day: started, hour: 11), on: db)
            try await PlanStore.addGoal(planId: plan, PlanGoal(goal: "\(children[i].givenName) goes to bed calmly most nights", measure: "Sleep diary: 5 of 7 nights",
                                                               concern: .parenting, owner: "Parents with \(lead.displayName)", targetDate: started + 120), on: db)
            try await PlanStore.addAction(planId: plan, PlanAction(action: "Stay-and-play at the children's centre", owner: "Children's centre", dueDate: started + 21), on: db)
            if i == 4, let row = try await PlanStore.find(plan, on: db) {
                try await PlanStore.addReview(row, PlanReviewInput(heldOn: started + 42, progress: "Routine in place on most nights.", familyView: "Things feel calmer.",
                                                                   level: 3, nextReview: started + 84), by: lead, now: LocalTime(day: started + 42, hour: 14), on: app.db)
            }
        }
        try await PlanStore.addMember(planId: try await PlanStore.forFamily(children[3].familyId, on: db)[0].id, kind: .practitioner,
                                      practitionerId: centre.actor.practitionerId, name: centre.displayName, role: "Children's centre", on: db)

        try await RequestStore.logAdvice(AdviceEnquiry(caller: .professional, callerName: nil, organisation: "Fernmoor Primary", topic: "Where to refer a family for debt advice",
                                                       advice: "Citizens Advice Fernmoor; offered a request for support if more is needed", familyId: nil), by: hub, at: now + (-26 * 60), on: db)
        try await RequestStore.logAdvice(AdviceEnquiry(caller: .family, callerName: nil, organisation: nil, topic: "Are there free baby groups nearby?",
                                                       advice: "Tuesday and Thursday stay-and-play at the children's centres", familyId: nil), by: hub, at: now + (-3 * 60), on: db)
        _ = try await ProgrammeStore.offer(familyId: children[4].familyId, ProgrammeOffer(programme: Programme.named("triple_p_4")!, outsideCriteria: nil), by: support, today: today - 30, on: db)
    }
}
