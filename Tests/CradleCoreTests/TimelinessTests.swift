import Testing
@testable import CradleCore

/// A fixed cohort worked by hand against the OHID cohort rules.
struct TimelinessTests {
    let q = Quarter(year: 2026, number: 2)   // 1 Jul – 30 Sep 2026

    func day(_ y: Int, _ m: Int, _ d: Int) -> Day { Day(year: y, month: m, day: d)! }

    @Test func newBirthVisitsCountChildrenWhoTurned30DaysInTheQuarter() {
        let children = [
            ChildReviews(born: day(2026, 6, 1), done: [.newBirth: day(2026, 6, 12)]),   // turns 30 d on 1 Jul: in; day 11 → C2
            ChildReviews(born: day(2026, 6, 2), done: [.newBirth: day(2026, 6, 16)]),   // day 14 exactly → C2
            ChildReviews(born: day(2026, 6, 3), done: [.newBirth: day(2026, 6, 18)]),   // day 15 → C3
            ChildReviews(born: day(2026, 7, 10), done: [:]),                            // turns 30 d 9 Aug: in, no visit
            ChildReviews(born: day(2026, 5, 31), done: [.newBirth: day(2026, 6, 5)]),   // turns 30 d 30 Jun: previous quarter
            ChildReviews(born: day(2026, 9, 1), done: [.newBirth: day(2026, 9, 10)]),   // turns 30 d 1 Oct: next quarter
        ]
        let r = TimelinessReport(children: children, groups: { _ in ["All"] }, quarters: [q])
        #expect(r["All", q, .c2] == .init(numerator: 2, denominator: 4))
        #expect(r["All", q, .c3] == .init(numerator: 1, denominator: 4))
        #expect(r["All", q, .c2].percent == 50)
    }

    @Test func sixToEightWeekAndTwelveMonthCohorts() {
        let children = [
            ChildReviews(born: day(2026, 5, 10), done: [.sixToEightWeeks: day(2026, 7, 5)]),    // 8 wk = 5 Jul: on the day → C8i
            ChildReviews(born: day(2026, 5, 11), done: [.sixToEightWeeks: day(2026, 7, 7)]),    // day 57 → not C8i
            ChildReviews(born: day(2025, 8, 15), done: [.twelveMonths: day(2026, 8, 14)]),      // turns 12 m 15 Aug; done the day before → C4
            ChildReviews(born: day(2025, 7, 20), done: [.twelveMonths: day(2026, 7, 20)]),      // done on the birthday: not "by 12 months"
            // C5: turned 15 months in the quarter; reviews in earlier quarters and before 12 months count.
            ChildReviews(born: day(2025, 5, 1), done: [.twelveMonths: day(2026, 1, 20)]),       // 15 m = 1 Aug 2026, review long before → C5
            ChildReviews(born: day(2025, 4, 2), done: [.twelveMonths: day(2026, 7, 1)]),        // 15 m = 2 Jul; 1 Jul is before → C5
            ChildReviews(born: day(2025, 4, 3), done: [:]),                                     // 15 m = 3 Jul, none
        ]
        let r = TimelinessReport(children: children, groups: { _ in ["All"] }, quarters: [q])
        #expect(r["All", q, .c8i] == .init(numerator: 1, denominator: 2))
        #expect(r["All", q, .c4] == .init(numerator: 1, denominator: 2))
        #expect(r["All", q, .c5] == .init(numerator: 2, denominator: 3))
    }

    @Test func twoYearReviewAndASQOutcomes() {
        let cut = ASQCutoffs.standard
        func asq(_ comm: String) -> ASQ3Result {
            var a: [ASQArea: [ASQAnswer?]] = [:]
            for area in ASQArea.allCases { a[area] = Array(repeating: .yes, count: 6) }
            a[.communication] = Array(comm).map { ch in ASQAnswer.allCases.first { $0.letter == ch } }
            return ASQ3Result.score(interval: 27, answers: a, cutoffs: cut)
        }
        // Cohort: aged 2½ years within Q2 2026, i.e. born 1 Jan – 31 Mar 2024.
        let children = [
            ChildReviews(born: day(2024, 1, 10), done: [.twoYears: day(2026, 4, 1)], twoYearUsedASQ3: true, asq3: asq("YYYYYY")),
            ChildReviews(born: day(2024, 2, 10), done: [.twoYears: day(2026, 5, 1)], twoYearUsedASQ3: true, asq3: asq("NNNNNN")),  // comm 0 < 24.02
            ChildReviews(born: day(2024, 3, 10), done: [.twoYears: day(2026, 6, 1)], twoYearUsedASQ3: true, asq3: asq("YYY---")),  // comm not scorable
            ChildReviews(born: day(2024, 3, 20), done: [.twoYears: day(2026, 6, 1)], twoYearUsedASQ3: false),
            ChildReviews(born: day(2024, 3, 25), done: [.twoYears: day(2026, 9, 26)], twoYearUsedASQ3: true, asq3: asq("YYYYYY")), // after 2½: not on time
            ChildReviews(born: day(2024, 3, 31), done: [:]),
            ChildReviews(born: day(2023, 12, 31), done: [.twoYears: day(2026, 1, 1)]),       // 2½ on 30 Jun: previous quarter
        ]
        let r = TimelinessReport(children: children, groups: { _ in ["All"] }, quarters: [q])
        #expect(r["All", q, .c6i] == .init(numerator: 4, denominator: 6))
        #expect(r["All", q, .c6ii] == .init(numerator: 3, denominator: 6))
        // Communication: 3 scored-or-attempted ASQs on time, one not scorable → denominator 2.
        #expect(r["All", q, .c6iii] == .init(numerator: 1, denominator: 2))
        #expect(r["All", q, .c6iv] == .init(numerator: 3, denominator: 3))
        // All five: every on-time ASQ-3 counts in the denominator; only the first passes all.
        #expect(r["All", q, .c6viii] == .init(numerator: 1, denominator: 3))
    }

    @Test func childrenCountInEachOfTheirGroups() {
        let children = [
            ChildReviews(born: day(2026, 6, 10), done: [.newBirth: day(2026, 6, 20)]),
            ChildReviews(born: day(2026, 6, 11), done: [:]),
        ]
        let r = TimelinessReport(children: children, groups: { i in ["All", i == 0 ? "North" : "South"] }, quarters: [q, q.next])
        #expect(r["All", q, .c2] == .init(numerator: 1, denominator: 2))
        #expect(r["North", q, .c2] == .init(numerator: 1, denominator: 1))
        #expect(r["South", q, .c2] == .init(numerator: 0, denominator: 1))
        #expect(r["All", q.next, .c2] == .init(numerator: 0, denominator: 0))
    }
}

struct PathwayAndJourneyTests {
    @Test func belowCutoffAreasAndConcernsProposeTheirPathways() {
        var a: [ASQArea: [ASQAnswer?]] = [:]
        for area in ASQArea.allCases { a[area] = Array(repeating: .yes, count: 6) }
        a[.communication] = Array(repeating: .notYet, count: 6)
        let asq = ASQ3Result.score(interval: 24, answers: a, cutoffs: .standard)
        let routes = AssessmentPathway.standard.proposals(asq: asq, asqSE: nil, concerns: [.parentalMentalHealth, .communication])
        #expect(routes.map(\.concern) == [.communication, .parentalMentalHealth])
        #expect(routes[0].nextSteps.contains { $0.contains("WellComm") } && routes[0].nextSteps.contains { $0.contains("speech and language") })
        #expect(routes[1].nextSteps.contains("Perinatal mental-health pathway"))
        let se = ASQSE2Result.score(interval: 24, total: 80, cutoffs: ASQSE2Cutoffs(cutoffs: [24: 50]))
        #expect(AssessmentPathway.standard.proposals(asq: nil, asqSE: se, concerns: []).map(\.pathway) == ["Social, emotional and behavioural"])
        #expect(AssessmentPathway.standard.proposals(asq: nil, asqSE: nil, concerns: []).isEmpty)
    }

    @Test func pathwayStagesCoverPregnancyToFive() {
        let p = AssessmentPathway.standard
        #expect(p.stages.count == 8)
        #expect(p.stage(atAgeDays: -30)?.number == 1 && p.stage(atAgeDays: 800)?.number == 7 && p.stage(atAgeDays: 1_500)?.number == 8)
        for c in Concern.allCases { #expect(p.route(for: c) != nil, "no route for \(c)") }
    }

    @Test func familyJourneyRatingsAreOneToTen() throws {
        let today = Day(year: 2026, month: 11, day: 27)!
        let ok = try FamilyJourney.validate(["rating0": "3", "rating2": "8", "priority0": "on", "goodAt": "We laugh a lot"], today: today).get()
        #expect(ok.ratings == ["Money": 3, "Relationships": 8] && ok.priorities == ["Money"] && ok.goodAt == "We laugh a lot")
        guard case .failure(let e) = FamilyJourney.validate(["rating0": "11", "priority1": "on"], today: today) else {
            Issue.record("accepted 11"); return
        }
        #expect(e["rating0"]?.contains("between 1 and 10") == true)
        #expect(e["priority1"]?.contains("rate this area") == true)
        guard case .failure(let none) = FamilyJourney.validate([:], today: today) else { Issue.record("accepted nothing"); return }
        #expect(none["rating0"] == "Rate at least one area of family life")
    }
}
