import Testing
@testable import CradleCore

/// The front door's 48-hour clock, the continuum of need, triage and plan rules, panel
/// decisions and programme eligibility.
struct TriageClockTests {
    // Fri 27 Nov 2026; Christmas Day Fri 25 Dec 2026 and the substitute Boxing Day Mon 28 Dec.
    let friday = Day(year: 2026, month: 11, day: 27)!
    func at(_ d: Day, _ h: Int, _ m: Int = 0) -> LocalTime { LocalTime(day: d, hour: h, minute: m) }

    @Test func weekdaysAndLocalTimeText() {
        #expect(friday.weekday == 4 && !friday.isWeekend)
        #expect((friday + 1).isWeekend && (friday + 2).isWeekend && !(friday + 3).isWeekend)
        #expect(LocalTime("2026-11-27T14:05")?.iso == "2026-11-27T14:05")
        #expect(LocalTime("2026-11-27 09:30:12") == at(friday, 9, 30))
        #expect(LocalTime("2026-11-27T24:00") == nil && LocalTime("yesterday") == nil)
        #expect(at(friday, 23) + 120 == at(friday + 1, 1))
    }

    @Test func weekdayRequestIsDueTwoDaysLater() {
        let cal = TriageCalendar()
        let tuesday = friday - 3
        #expect(cal.deadline(from: at(tuesday, 10)) == at(tuesday + 2, 10))
    }

    @Test func theWeekendStopsTheClockUnlessTheAuthorityCountsIt() {
        let stopped = TriageCalendar()
        // Friday 16:00 + 8 h of Friday, weekend stopped, then 40 h: Tuesday 16:00.
        #expect(stopped.deadline(from: at(friday, 16)) == at(friday + 4, 16))
        let running = TriageCalendar(weekendsCount: true)
        #expect(running.deadline(from: at(friday, 16)) == at(friday + 2, 16))
        // Made on Saturday: the clock starts at Monday midnight.
        #expect(stopped.deadline(from: at(friday + 1, 11)) == at(friday + 5, 0))
    }

    @Test func bankHolidaysStopTheClockWhenConfigured() {
        let christmasEve = Day(year: 2026, month: 12, day: 24)!   // Thursday
        let stopped = TriageCalendar()
        // Thu 24th 12:00: 12 h Thursday; Fri 25th holiday; weekend; Mon 28th substitute holiday; Tue 29th 24 h; Wed 30th 12 h.
        #expect(stopped.deadline(from: at(christmasEve, 12)) == at(christmasEve + 6, 12))
        let counted = TriageCalendar(bankHolidaysCount: true)
        // Holidays count but weekends do not: Thu 12 h, Fri 24 h, Mon 12 h.
        #expect(counted.deadline(from: at(christmasEve, 12)) == at(christmasEve + 4, 12))
        #expect(TriageCalendar.englandAndWales.contains(Day(year: 2026, month: 12, day: 28)!))
    }

    @Test func statusWarnsBeforeItBreachesAndCountsOnlyOpenHours() {
        let cal = TriageCalendar()
        let received = at(friday, 16)                       // due Tue 1 Dec 16:00
        #expect(cal.status(received: received, triagedAt: nil, now: at(friday + 3, 9)) == .onTrack(minutesLeft: 31 * 60))
        #expect(cal.status(received: received, triagedAt: nil, now: at(friday + 4, 4)) == .dueSoon(minutesLeft: 12 * 60))
        #expect(cal.status(received: received, triagedAt: nil, now: at(friday + 4, 3, 59)) == .onTrack(minutesLeft: 12 * 60 + 1))
        #expect(cal.status(received: received, triagedAt: nil, now: at(friday + 4, 16)) == .breached(minutesOver: 0))
        #expect(cal.status(received: received, triagedAt: nil, now: at(friday + 4, 18, 30)).label == "Breached by 2 h 30 min")
        #expect(cal.status(received: received, triagedAt: at(friday + 4, 15), now: at(friday + 9, 0)) == .triagedInTime)
        #expect(cal.status(received: received, triagedAt: at(friday + 5, 1), now: at(friday + 9, 0)) == .triagedLate(minutesLate: 9 * 60))
        // The weekend does not count towards the time left.
        #expect(cal.countedMinutes(from: at(friday, 23), to: at(friday + 3, 1)) == 120)
    }
}

struct NeedAndTriageTests {
    let today = Day(year: 2026, month: 11, day: 27)!

    @Test func continuaValidate() {
        #expect(NeedContinuum.essex.validate().isEmpty && NeedContinuum.eastSussex.validate().isEmpty)
        var broken = NeedContinuum.essex
        broken.levels.remove(at: 1)
        #expect(broken.validate().contains("levels must be numbered 1, 2, 3… in order"))
        #expect(NeedContinuum.essex.label(3) == "Level 3: Intensive")
    }

    @Test func aFamilyRequestNeedsConsentContactAndConcerns() {
        let bad = SupportRequestInput.validate(["childName": "Ada", "details": "We need help with sleep"], source: .family,
                                               continuum: .essex, today: today)
        guard case .failure(let e) = bad else { Issue.record("accepted without consent"); return }
        #expect(e["consent"]?.contains("agreement") == true)
        #expect(e["concerns"] != nil && e["contact"] != nil && e["postcode"] != nil && e["parentName"] != nil)
        let ok = SupportRequestInput.validate(["childName": "Ada", "parentName": "Sam", "contact": "07700 900123", "postcode": "zy1 3ab",
                                               "concerns": "parenting,isolation", "details": "Sleep", "consent": "yes"],
                                              source: .family, continuum: .essex, today: today)
        #expect((try? ok.get())?.concerns == [.parenting, .isolation])
        #expect((try? ok.get())?.postcode?.normalised == "ZY1 3AB")
        let forged = SupportRequestInput.validate(["childName": "Ada", "parentName": "Sam", "contact": "x", "postcode": "ZY1 3AB",
                                                   "concerns": "parenting,hacking", "details": "d", "consent": "yes"],
                                                  source: .family, continuum: .essex, today: today)
        if case .success = forged { Issue.record("an unknown concern was accepted") }
    }

    @Test func triageOutcomesNeedWhatTheyDo() {
        func check(_ f: [String: String], linked: Bool = true, status: RequestStatus = .awaitingTriage) -> FieldErrors? {
            if case .failure(let e) = TriageInput.validate(f, continuum: .essex, status: status, linked: linked) { return e }
            return nil
        }
        #expect(check(["outcome": "allocate", "level": "2", "rationale": "r"])?["serviceId"] == "Select service")
        #expect(check(["outcome": "signpost", "level": "1", "rationale": "r"])?["signpostTo"] != nil)
        #expect(check(["outcome": "panel", "level": "3", "rationale": "r"], linked: false)?["personId"]?.contains("Link the request") == true)
        #expect(check(["outcome": "step_up", "level": "3", "rationale": "r"])?["level"]?.contains("Level 4: Specialist") == true)
        #expect(check(["outcome": "panel", "level": "4", "rationale": "r"])?["outcome"] != nil)
        #expect(check(["outcome": "panel", "level": "3", "rationale": "r"], status: .closed)?["outcome"]?.contains("already triaged") == true)
        #expect(check(["outcome": "panel", "level": "3", "rationale": "r"]) == nil)
        #expect(TriageOutcome.panel.status == .awaitingPanel && TriageOutcome.advice.status == .closed)
    }

    @Test func adviceLogNeedsAnOrganisationForProfessionals() {
        if case .failure(let e) = AdviceEnquiry.validate(["caller": "professional", "topic": "t", "advice": "a"]) {
            #expect(e["organisation"] != nil)
        } else { Issue.record("accepted") }
        #expect((try? AdviceEnquiry.validate(["caller": "family", "topic": "t", "advice": "a"]).get())?.familyId == nil)
    }
}

struct FamilyPlanTests {
    let today = Day(year: 2026, month: 11, day: 27)!

    @Test func goalsMustBeSMART() {
        guard case .failure(let e) = PlanGoal.validate(["goal": "Sleep", "concern": "parenting", "owner": "Mum", "targetDate": "2028-01-01"], today: today) else {
            Issue.record("vague goal accepted"); return
        }
        #expect(e["goal"]?.contains("specifically") == true)
        #expect(e["measure"] != nil)
        #expect(e["targetDate"]?.contains("within a year") == true)
        let past = PlanGoal.validate(["goal": "Ada sleeps through the night", "measure": "Sleep diary", "concern": "parenting",
                                      "owner": "Mum with the health visitor", "targetDate": "2026-11-27"], today: today)
        if case .success = past { Issue.record("a goal due today was accepted") }
        let ok = PlanGoal.validate(["goal": "Ada sleeps through the night", "measure": "Sleep diary: 5 of 7 nights", "concern": "parenting",
                                    "owner": "Mum with the health visitor", "targetDate": "2027-02-27"], today: today)
        #expect((try? ok.get())?.targetDate == Day(year: 2027, month: 2, day: 27))
    }

    @Test func reviewsFallSixToTwelveWeeksApart() {
        let cadence = ReviewCadence()
        #expect(cadence.allows(next: today + 42, after: today) && cadence.allows(next: today + 84, after: today))
        #expect(!cadence.allows(next: today + 41, after: today) && !cadence.allows(next: today + 85, after: today))
        #expect(cadence.status(nextReview: today + 8, today: today) == .scheduled)
        #expect(cadence.status(nextReview: today + 7, today: today) == .dueSoon(days: 7))
        #expect(cadence.status(nextReview: today - 3, today: today).label == "Review overdue by 3 days")
        let f = ["heldOn": today.iso, "progress": "p", "familyView": "v", "level": "3", "nextReview": (today + 30).iso]
        guard case .failure(let e) = PlanReviewInput.validate(f, today: today, since: today - 50, cadence: cadence, continuum: .essex) else {
            Issue.record("a review 4 weeks on was accepted"); return
        }
        #expect(e["nextReview"]?.contains("6–12 weeks") == true)
    }

    @Test func panelDecisionsNeedALeadOrAService() {
        if case .failure(let e) = PanelDecisionInput.validate(["discussion": "d", "decision": "team_around_the_family", "level": "3"], continuum: .essex) {
            #expect(e["leadId"] != nil)
        } else { Issue.record("TAF without a lead accepted") }
        if case .failure(let e) = PanelDecisionInput.validate(["discussion": "d", "decision": "step_up", "level": "3"], continuum: .essex) {
            #expect(e["level"]?.contains("Level 4: Specialist") == true)
        } else { Issue.record("a step up at level 3 was accepted") }
        #expect(PanelDecision.representNext.requestStatus == .awaitingPanel)
        #expect(OfferMove.describe(measure: "SDQ", baseline: 18, final: 11) == "SDQ: 18 → 11 (−7)")
        #expect(OfferMove.describe(measure: "ECBI", baseline: 100, final: 112.5) == "ECBI: 100 → 112.5 (+12.5)")
        if case .failure(let e) = OfferMove.validate(["status": "completed", "measure": "SDQ", "baseline": "1e9", "final": "nan"]) {
            #expect(e["baseline"] != nil && e["final"] != nil)
        } else { Issue.record("absurd scores accepted") }
    }
}

struct ProgrammeTests {
    let today = Day(year: 2026, month: 11, day: 27)!

    @Test func familyNursePartnershipEligibility() {
        let edd = today + 280 - 20 * 7                       // 20 weeks pregnant today
        let eighteen = today.adding(months: -18 * 12 - 6)
        let ok = FNPEligibility.check(motherBorn: eighteen, expectedDelivery: edd, firstTimeMother: true, enrolOn: today)
        #expect(ok.eligible && ok.reasons[0].contains("20+0 weeks"))
        let late = FNPEligibility.check(motherBorn: eighteen, expectedDelivery: today + 280 - 29 * 7, firstTimeMother: true, enrolOn: today)
        #expect(!late.eligible && late.reasons[0].contains("29+0 weeks"))
        let twenty = FNPEligibility.check(motherBorn: today.adding(months: -21 * 12), expectedDelivery: edd, firstTimeMother: true, enrolOn: today)
        #expect(!twenty.eligible && twenty.reasons[0].contains("20 at her last menstrual period"))
        let second = FNPEligibility.check(motherBorn: eighteen, expectedDelivery: edd, firstTimeMother: false, enrolOn: today)
        #expect(!second.eligible)
        // 19 at LMP is eligible even if 20 by enrolment.
        let nineteen = FNPEligibility.check(motherBorn: (edd - 280).adding(months: -19 * 12 - 11), expectedDelivery: edd, firstTimeMother: true, enrolOn: today)
        #expect(nineteen.eligible)
    }

    /// FNP offered to a family outside its criteria needs the reason; inside them, or any other
    /// programme, needs none.
    @Test func offeringFNPOutsideItsCriteriaNeedsAReason() {
        let notEligible = FNPEligibility(eligible: false, reasons: ["FNP is for first-time mothers"])
        guard case .failure(let e) = ProgrammeOffer.validate(["programme": "fnp"], fnp: notEligible) else { Issue.record("accepted"); return }
        #expect(e["outsideCriteria"]?.contains("does not meet the Family Nurse Partnership criteria (FNP is for first-time mothers)") == true)
        guard case .failure = ProgrammeOffer.validate(["programme": "fnp"], fnp: nil) else { Issue.record("no pregnancy, accepted"); return }
        let why = try? ProgrammeOffer.validate(["programme": "fnp", "outsideCriteria": "Care leaver; FNP agreed to take her"], fnp: notEligible).get()
        #expect(why?.outsideCriteria == "Care leaver; FNP agreed to take her")
        let eligible = try? ProgrammeOffer.validate(["programme": "fnp"], fnp: FNPEligibility(eligible: true, reasons: [])).get()
        #expect(eligible?.programme.code == "fnp" && eligible?.outsideCriteria == nil)
        #expect((try? ProgrammeOffer.validate(["programme": "vig"], fnp: notEligible).get())?.outsideCriteria == nil)
    }

    @Test func offersMoveOnlyForward() {
        #expect(OfferStatus.offered.canMove(to: .enrolled) && OfferStatus.enrolled.canMove(to: .completed))
        #expect(!OfferStatus.declined.canMove(to: .enrolled) && !OfferStatus.offered.canMove(to: .completed))
        #expect(Programme.named("fnp")?.rating.evidenceBased == true && Programme.named("vig")?.rating.evidenceBased == false)
    }
}
