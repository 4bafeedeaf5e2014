import Testing
@testable import CradleCore

struct HealthyChildScheduleTests {
    let born = Day(year: 2026, month: 1, day: 10)!

    @Test func windowsFollowTheProgramme() {
        let nbv = MandatedReview.newBirth.window(born: born, expected: nil)!
        #expect(nbv.from == born + 7 && nbv.to == born + 14)
        let six = MandatedReview.sixToEightWeeks.window(born: born, expected: nil)!
        #expect(six.from == born + 42 && six.to == born + 56)
        let twelve = MandatedReview.twelveMonths.window(born: born, expected: nil)!
        #expect(twelve.from == Day(year: 2026, month: 10, day: 10)! && twelve.to == Day(year: 2027, month: 1, day: 9)!)
        #expect(twelve.lateUntil == Day(year: 2027, month: 4, day: 9)!)
        let two = MandatedReview.twoYears.window(born: born, expected: nil)!
        #expect(two.from == Day(year: 2028, month: 1, day: 10)! && two.to == Day(year: 2028, month: 7, day: 9)!)
        // Antenatal: from 28 weeks of pregnancy, 12 weeks before the due date, until birth.
        let edd = Day(year: 2027, month: 3, day: 1)!
        let ante = MandatedReview.antenatal.window(born: nil, expected: edd)!
        #expect(ante.from == edd - 84 && ante.to == edd - 1)
        #expect(MandatedReview.newBirth.window(born: nil, expected: edd) == nil)
    }

    @Test func statusAtEachBoundary() {
        func status(_ today: Day, done: [MandatedReview: Day] = [:]) -> ReviewStatus {
            ReviewSchedule(born: born, expected: nil, done: done, today: today).entries.first { $0.review == .newBirth }!.status
        }
        #expect(status(born + 6) == .upcoming)
        #expect(status(born + 7) == .due)
        #expect(status(born + 14) == .due)
        #expect(status(born + 15) == .overdue(days: 1))
        #expect(status(born + 41) == .overdue(days: 27))
        #expect(status(born + 42) == .missed)
        #expect(status(born + 50, done: [.newBirth: born + 12]) == .done(on: born + 12, inWindow: true))
        #expect(status(born + 50, done: [.newBirth: born + 20]) == .done(on: born + 20, inWindow: false))
    }

    @Test func worklistHoldsOnlyDueAndOverdue() {
        let s = ReviewSchedule(born: born, expected: nil, done: [.newBirth: born + 10], today: born + 60)
        #expect(s.outstanding.map(\.review) == [.sixToEightWeeks])
        #expect(s.outstanding.first?.status == .overdue(days: 4))
        #expect(s.entries.first { $0.review == .twelveMonths }?.status == .upcoming)
    }

    @Test func theFirstAttendedReviewOfEachKindCounts() {
        let done = ReviewSchedule.firstDone(attended: [("new_birth_visit", "2026-01-25"), ("new_birth_visit", "2026-01-20"),
                                                       ("clinic", "2026-01-21"), ("review_6_8_weeks", "not a date")])
        #expect(done == [.newBirth: Day(year: 2026, month: 1, day: 20)!])
    }

    @Test func reviewsMapToContactTypesBothWays() {
        for r in MandatedReview.allCases { #expect(MandatedReview(contactType: r.contactType) == r) }
        #expect(MandatedReview(contactType: .clinic) == nil)
    }
}

struct QuarterTests {
    @Test func financialYearQuarters() {
        let q = Quarter(containing: Day(year: 2026, month: 11, day: 27)!)
        #expect(q == Quarter(year: 2026, number: 3))
        #expect(q.start == Day(year: 2026, month: 10, day: 1)! && q.end == Day(year: 2026, month: 12, day: 31)!)
        let q4 = Quarter(containing: Day(year: 2027, month: 2, day: 1)!)
        #expect(q4 == Quarter(year: 2026, number: 4))
        #expect(q4.start == Day(year: 2027, month: 1, day: 1)! && q4.end == Day(year: 2027, month: 3, day: 31)!)
        #expect(Quarter(year: 2026, number: 1).start == Day(year: 2026, month: 4, day: 1)!)
        #expect(q4.next == Quarter(year: 2027, number: 1) && Quarter(year: 2027, number: 1).previous == q4)
        #expect(q.description == "2026/27 Q3" && Quarter(code: "2026Q3") == q && Quarter(code: "2026Q5") == nil)
        // As the report's headers show it, and as people type it.
        for typed in ["2026/27 Q3", "2026/27Q3", " 2026-27 q3 ", "Q3 2026/27", "2026/2027 Q3", q.description] {
            #expect(Quarter(code: typed) == q, "\(typed)")
        }
        for bad in ["2026/28 Q3", "26/27 Q3", "2026 Q", "Q3", "2026/27 Q0", "2026Q3Q", "autumn 2026"] {
            #expect(Quarter(code: bad) == nil, "\(bad)")
        }
    }
}
