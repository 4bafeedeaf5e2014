import Testing
import Foundation
@testable import CradleCore

struct ASQ3Tests {
    func answers(_ per: [ASQArea: String]) -> [ASQArea: [ASQAnswer?]] {
        var out: [ASQArea: [ASQAnswer?]] = [:]
        for area in ASQArea.allCases {
            out[area] = Array(per[area] ?? "YYYYYY").map { ch in ASQAnswer.allCases.first { $0.letter == ch } }
        }
        return out
    }

    @Test func itemPointsAndFullAreas() {
        // 24 months, communication cut-off 25.17: Y S N Y S N = 10+5+0+10+5+0 = 30 → on track.
        let r = ASQ3Result.score(interval: 24, answers: answers([.communication: "YSNYSN"]), cutoffs: .standard)
        #expect(r[.communication]?.total == 30)
        #expect(r[.communication]?.score == 30)
        #expect(r[.communication]?.band == .onTrack)
        #expect(r[.grossMotor]?.score == 60)
        #expect(r.allFiveAtOrAbove)
    }

    @Test func scoresAtTheCutoffAreAtTheExpectedLevelAndJustBelowAreNot() {
        // 27 months gross motor cut-off 28.01: 30 is above, 25 is below.
        let above = ASQ3Result.score(interval: 27, answers: answers([.grossMotor: "YYYNNN"]), cutoffs: .standard)
        #expect(above[.grossMotor]?.score == 30 && above[.grossMotor]?.band == .onTrack)
        let below = ASQ3Result.score(interval: 27, answers: answers([.grossMotor: "YYSNNN"]), cutoffs: .standard)
        #expect(below[.grossMotor]?.score == 25 && below[.grossMotor]?.band == .belowCutoff)
        #expect(!below.allFiveAtOrAbove)
        #expect(below.belowCutoff == [.grossMotor])
        // A cut-off exactly met is at the expected level (CSDS band 2: cutoff ≤ score).
        let exact = ASQCutoffs(limits: [24: Dictionary(uniqueKeysWithValues: ASQArea.allCases.map { ($0, ASQCutoffs.Limit(cutoff: 30)) })])
        let met = ASQ3Result.score(interval: 24, answers: answers([.communication: "YYYNNN"]), cutoffs: exact)
        #expect(met[.communication]?.band == .onTrack)
    }

    @Test func missingItemsAreAdjustedUpToTwoAndNotScoredFromThree() {
        // One missing: 5 answered, total 40 → 40 / 5 × 6 = 48.
        let one = ASQ3Result.score(interval: 30, answers: answers([.fineMotor: "YYYYN-"]), cutoffs: .standard)
        #expect(one[.fineMotor]?.answered == 5 && one[.fineMotor]?.score == 48)
        // Two missing: 4 answered, total 15 → 15 / 4 × 6 = 22.5; fine motor 30 m cut-off 19.25 → on track.
        let two = ASQ3Result.score(interval: 30, answers: answers([.fineMotor: "YSN--N"]), cutoffs: .standard)
        #expect(two[.fineMotor]?.score == 22.5 && two[.fineMotor]?.band == .onTrack)
        // Unadjusted 15 would have been below 19.25: the adjustment matters.
        #expect(15 < ASQCutoffs.standard[30, .fineMotor]!.cutoff)
        // Three missing: not scorable, and not counted at the expected level.
        let three = ASQ3Result.score(interval: 30, answers: answers([.fineMotor: "YYY---"]), cutoffs: .standard)
        #expect(three[.fineMotor]?.score == nil && three[.fineMotor]?.band == .notScorable)
        #expect(!three.allFiveAtOrAbove)
    }

    @Test func monitoringBandWhenTheZoneIsConfigured() {
        let limits = Dictionary(uniqueKeysWithValues: ASQArea.allCases.map { ($0, ASQCutoffs.Limit(cutoff: 25, monitoringBelow: 35)) })
        let c = ASQCutoffs(limits: [24: limits])
        let score = { (s: String) in ASQ3Result.score(interval: 24, answers: self.answers([.communication: s]), cutoffs: c)[.communication]!.band }
        #expect(score("YYNNNN") == .belowCutoff)   // 20
        #expect(score("YYSNNN") == .monitoring)    // 25: at the cut-off, below 35
        #expect(score("YYYNNN") == .monitoring)    // 30
        #expect(score("YYYSNN") == .onTrack)       // 35
        #expect(!ASQCutoffs.standard.hasMonitoringZone && c.hasMonitoringZone)
    }

    @Test func answersRoundTripThroughStorage() {
        let a = answers([.communication: "YSN-YS", .personalSocial: "------"])
        let text = ASQ3Result.encode(a)
        #expect(text.count == 30 && text.hasPrefix("YSN-YS"))
        #expect(ASQ3Result.decode(text) == a)
    }

    @Test func shippedCutoffsMatchTheDataFile() throws {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../data/asq3_cutoffs.csv")
        let file = try String(contentsOf: url, encoding: .utf8)
        #expect(try ASQCutoffs.parse(csv: file) == ASQCutoffs.standard)
        #expect(ASQCutoffs.standard[24, .communication]?.cutoff == 25.17)
        #expect(ASQCutoffs.standard[30, .communication]?.cutoff == 33.30)
        #expect(ASQCutoffs.standard[27, .grossMotor]?.snomed == "953281000000107")
    }

    @Test func malformedCutoffFilesAreRefusedNamingTheRow() {
        #expect(throws: ASQCutoffs.ParseError.self) { try ASQCutoffs.parse(csv: "") }
        do {
            _ = try ASQCutoffs.parse(csv: "interval_months,domain,cutoff\n24,communication,25\n24,walking,30\n")
            Issue.record("accepted an unknown domain")
        } catch { #expect(error.description == "row 3: unknown domain 'walking'") }
        do {
            _ = try ASQCutoffs.parse(csv: "interval_months,domain,cutoff\n24,communication,75\n")
            Issue.record("accepted a cut-off over 60")
        } catch { #expect(error.description.contains("row 2")) }
    }
}

struct ASQ3AgeTests {
    let born = Day(year: 2024, month: 1, day: 15)!

    @Test func ageInMonthsAndDays() {
        #expect(ASQAge(born: born, on: Day(year: 2026, month: 1, day: 15)!) == ASQAge(months: 24, days: 0))
        #expect(ASQAge(born: born, on: Day(year: 2026, month: 2, day: 14)!) == ASQAge(months: 24, days: 30))
        #expect(ASQAge(born: born, on: Day(year: 2025, month: 12, day: 14)!) == ASQAge(months: 22, days: 29))
    }

    @Test func questionnaireWindowBoundaries() {
        #expect(ASQ3.interval(for: ASQAge(months: 22, days: 30)) == 22)
        #expect(ASQ3.interval(for: ASQAge(months: 23, days: 0)) == 24)
        #expect(ASQ3.interval(for: ASQAge(months: 25, days: 15)) == 24)
        #expect(ASQ3.interval(for: ASQAge(months: 25, days: 16)) == 27)
        #expect(ASQ3.interval(for: ASQAge(months: 28, days: 15)) == 27)
        #expect(ASQ3.interval(for: ASQAge(months: 28, days: 16)) == 30)
        #expect(ASQ3.interval(for: ASQAge(months: 31, days: 15)) == 30)
        #expect(ASQ3.interval(for: ASQAge(months: 31, days: 16)) == 33)
        #expect(ASQ3.interval(for: ASQAge(months: 40, days: 0)) == nil)
    }

    @Test func prematurityCorrectionRules() {
        #expect(ASQ3.weeksEarly(gestationWeeks: 40) == 0)
        #expect(ASQ3.weeksEarly(gestationWeeks: 37) == 0)          // 2 weeks early: no correction
        #expect(ASQ3.weeksEarly(gestationWeeks: 36) == 3)          // 3 weeks before 39-week term
        #expect(ASQ3.weeksEarly(gestationWeeks: 36, extraDays: 3) == 3)  // rounded down
        #expect(ASQ3.weeksEarly(gestationWeeks: 36, extraDays: 4) == 0)  // rounded up to 37
        #expect(ASQ3.weeksEarly(gestationWeeks: 30) == 9)
        #expect(ASQ3.weeksEarly(gestationWeeks: nil) == 0)
    }

    @Test func correctedAgeChoosesTheQuestionnaireUntilTwoYears() {
        // Born at 30 weeks (9 weeks early). At 23 m 12 d by the calendar the corrected age is
        // 21 m 9 d: the 22 month questionnaire, not the 24.
        let date = Day(year: 2025, month: 12, day: 27)!   // 23 m 12 d
        let (age, weeks) = ASQ3.age(born: born, gestationWeeks: 30, on: date)
        #expect(weeks == 9)
        #expect(age == ASQAge(born: born + 63, on: date))
        #expect(ASQ3.interval(for: age) == 22)
        let refusal = ASQ3.check(interval: 24, born: born, gestationWeeks: 30, on: date)
        #expect(refusal?.description.contains("use the 22 month questionnaire") == true)
        #expect(refusal?.description.contains("corrected for 9 weeks") == true)
        // From 2 years by the calendar, no correction: at 24 m 10 d the 24 month questionnaire.
        let later = Day(year: 2026, month: 1, day: 25)!
        #expect(ASQ3.age(born: born, gestationWeeks: 30, on: later).correctedWeeks == 0)
        #expect(ASQ3.check(interval: 24, born: born, gestationWeeks: 30, on: later) == nil)
    }

    @Test func theWrongQuestionnaireNamesTheRightOne() {
        let date = Day(year: 2026, month: 5, day: 1)!   // 27 m 16 d
        #expect(ASQ3.check(interval: 27, born: born, gestationWeeks: 40, on: date) == nil)
        let wrong = ASQ3.check(interval: 24, born: born, gestationWeeks: 40, on: date)
        #expect(wrong?.description.contains("use the 27 month questionnaire, not the 24 month one") == true)
        let tooOld = ASQ3.check(interval: 30, born: born, gestationWeeks: 40, on: Day(year: 2027, month: 6, day: 1)!)
        #expect(tooOld?.description.contains("outside every ASQ-3 window") == true)
    }
}

struct ASQSE2Tests {
    @Test func noCutoffIsShippedAndTheResultSaysSo() {
        let r = ASQSE2Result.score(interval: 24, total: 40, cutoffs: .standard)
        #expect(r.band == .noCutoff && r.label.contains("No cut-off configured"))
    }

    @Test func configuredCutoffsBandTheTotal() {
        let c = ASQSE2Cutoffs(cutoffs: [24: 50])
        #expect(ASQSE2Result.score(interval: 24, total: 55, cutoffs: c).band == .aboveCutoff)
        #expect(ASQSE2Result.score(interval: 24, total: 50, cutoffs: c).band == .belowCutoff)
        #expect(ASQSE2Result.score(interval: 30, total: 90, cutoffs: c).band == .noCutoff)
    }

    @Test func scoresFormatWithoutTrailingZeros() {
        #expect(formatScore(25.17) == "25.17" && formatScore(33.30) == "33.3" && formatScore(30) == "30" && formatScore(22.5) == "22.5")
        #expect(formatScore(28.01) == "28.01")
    }
}
