/// ASQ-3 (DOMAIN.md §4): five areas of six items each, answered yes / sometimes / not yet.
public enum ASQArea: String, Vocabulary {
    case communication
    case grossMotor = "gross_motor"
    case fineMotor = "fine_motor"
    case problemSolving = "problem_solving"
    case personalSocial = "personal_social"

    public var label: String {
        switch self {
        case .communication: "Communication"
        case .grossMotor: "Gross motor"
        case .fineMotor: "Fine motor"
        case .problemSolving: "Problem solving"
        case .personalSocial: "Personal-social"
        }
    }
}

public enum ASQAnswer: String, Vocabulary {
    case yes, sometimes
    case notYet = "not_yet"

    public var label: String {
        switch self {
        case .yes: "Yes"
        case .sometimes: "Sometimes"
        case .notYet: "Not yet"
        }
    }

    public var points: Int {
        switch self {
        case .yes: 10
        case .sometimes: 5
        case .notYet: 0
        }
    }

    /// One letter per item for storage: Y, S, N, or "-" for an item left out.
    public var letter: Character {
        switch self {
        case .yes: "Y"
        case .sometimes: "S"
        case .notYet: "N"
        }
    }
}

/// An age in whole months and remaining days, as ASQ windows are written ("25 m 15 d").
public struct ASQAge: Sendable, Comparable, CustomStringConvertible {
    public var months: Int
    public var days: Int

    public init(months: Int, days: Int) { self.months = months; self.days = days }

    /// The age on `date` of a child born on `born`.
    public init(born: Day, on date: Day) {
        let m = born.wholeMonths(until: date)
        months = m
        days = date - born.adding(months: m)
    }

    public static func < (a: ASQAge, b: ASQAge) -> Bool { (a.months, a.days) < (b.months, b.days) }
    public var description: String { "\(months) months \(days) day\(days == 1 ? "" : "s")" }
}

public enum ASQ3 {
    public static let itemsPerArea = 6
    /// ASQ-3 treats 39 weeks as term (DOMAIN.md §4).
    public static let termWeeks = 39

    /// Which questionnaire covers which age (corrected where it applies).
    public static let windows: [(interval: Int, from: ASQAge, to: ASQAge)] = [
        (22, ASQAge(months: 21, days: 0), ASQAge(months: 22, days: 30)),
        (24, ASQAge(months: 23, days: 0), ASQAge(months: 25, days: 15)),
        (27, ASQAge(months: 25, days: 16), ASQAge(months: 28, days: 15)),
        (30, ASQAge(months: 28, days: 16), ASQAge(months: 31, days: 15)),
        (33, ASQAge(months: 31, days: 16), ASQAge(months: 34, days: 15)),
        (36, ASQAge(months: 34, days: 16), ASQAge(months: 38, days: 30)),
    ]
    /// The questionnaires Cradle scores: those of the 2–2½ year review.
    public static let supported = [24, 27, 30]

    /// Weeks to correct for: gestation rounded (up from 4 extra days, down to 3), and
    /// correction only for a child born 3 or more weeks before term.
    public static func weeksEarly(gestationWeeks: Int?, extraDays: Int = 0) -> Int {
        guard let g = gestationWeeks else { return 0 }
        let rounded = g + (extraDays >= 4 ? 1 : 0)
        let early = termWeeks - rounded
        return early >= 3 ? early : 0
    }

    /// The age to choose the questionnaire by: corrected for prematurity until the child is
    /// 2 years old by the calendar, chronological from then.
    public static func age(born: Day, gestationWeeks: Int?, extraDays: Int = 0, on date: Day) -> (age: ASQAge, correctedWeeks: Int) {
        let early = weeksEarly(gestationWeeks: gestationWeeks, extraDays: extraDays)
        if early > 0, date < born.adding(months: 24) {
            return (ASQAge(born: born + early * 7, on: date), early)
        }
        return (ASQAge(born: born, on: date), 0)
    }

    /// The questionnaire for an age, if any of the known windows covers it.
    public static func interval(for age: ASQAge) -> Int? {
        windows.first { age >= $0.from && age <= $0.to }?.interval
    }

    public struct WrongQuestionnaire: Error, Sendable, Equatable, CustomStringConvertible {
        public var description: String
    }

    /// Refuses a questionnaire that does not match the child's age, naming the right one.
    public static func check(interval chosen: Int, born: Day, gestationWeeks: Int?, on date: Day) -> WrongQuestionnaire? {
        let (age, corrected) = age(born: born, gestationWeeks: gestationWeeks, on: date)
        let right = interval(for: age)
        if right == chosen, supported.contains(chosen) { return nil }
        let ageText = "The child is \(age)" + (corrected > 0 ? " old corrected for \(corrected) weeks' prematurity" : " old")
        guard let right else {
            return WrongQuestionnaire(description: "\(ageText) on \(date.display): outside every ASQ-3 window Cradle knows (22 to 36 months); the 24, 27 and 30 month questionnaires cover 23 months 0 days to 31 months 15 days")
        }
        if !supported.contains(right) {
            return WrongQuestionnaire(description: "\(ageText) on \(date.display): use the \(right) month questionnaire, which Cradle does not score (it scores 24, 27 and 30)")
        }
        return WrongQuestionnaire(description: "\(ageText) on \(date.display): use the \(right) month questionnaire, not the \(chosen) month one")
    }
}

/// Where an area score falls.
public enum ASQBand: String, Vocabulary {
    case belowCutoff = "below_cutoff"
    case monitoring
    case onTrack = "on_track"
    case notScorable = "not_scorable"

    public var label: String {
        switch self {
        case .belowCutoff: "Below cut-off"
        case .monitoring: "Monitoring"
        case .onTrack: "On track"
        case .notScorable: "Not scorable (3 or more items missing)"
        }
    }
}

/// One area's result.
public struct ASQAreaScore: Sendable, Equatable {
    public var area: ASQArea
    public var answered: Int
    public var total: Int
    /// The score compared with the cut-off: the total, or with 1–2 items missing the
    /// ratio-adjusted total (total ÷ answered × 6); nil with 3 or more missing.
    public var score: Double?
    public var cutoff: Double
    public var band: ASQBand

    public var missing: Int { ASQ3.itemsPerArea - answered }
    public var atOrAboveExpected: Bool { band == .onTrack || band == .monitoring }
}

/// A scored questionnaire.
public struct ASQ3Result: Sendable, Equatable {
    public var interval: Int
    public var areas: [ASQAreaScore]

    /// OHID C6viii: at or above the expected level in all five areas (every area scorable).
    public var allFiveAtOrAbove: Bool { areas.count == 5 && areas.allSatisfy(\.atOrAboveExpected) }
    public var belowCutoff: [ASQArea] { areas.filter { $0.band == .belowCutoff }.map(\.area) }

    public subscript(area: ASQArea) -> ASQAreaScore? { areas.first { $0.area == area } }

    /// Scores answers (six per area, nil for an item left out) against the cut-offs.
    public static func score(interval: Int, answers: [ASQArea: [ASQAnswer?]], cutoffs: ASQCutoffs) -> ASQ3Result {
        let areas = ASQArea.allCases.map { area -> ASQAreaScore in
            let items = answers[area] ?? []
            let given = items.compactMap { $0 }
            let total = given.reduce(0) { $0 + $1.points }
            let limit = cutoffs[interval, area]
            let cut = limit?.cutoff ?? .nan
            guard ASQ3.itemsPerArea - given.count <= 2, let limit else {
                return ASQAreaScore(area: area, answered: given.count, total: total, score: nil, cutoff: cut, band: .notScorable)
            }
            let score = given.count == ASQ3.itemsPerArea ? Double(total) : Double(total) / Double(given.count) * Double(ASQ3.itemsPerArea)
            let band: ASQBand
            if score < limit.cutoff { band = .belowCutoff }
            else if let m = limit.monitoringBelow, score < m { band = .monitoring }
            else { band = .onTrack }
            return ASQAreaScore(area: area, answered: given.count, total: total, score: score, cutoff: limit.cutoff, band: band)
        }
        return ASQ3Result(interval: interval, areas: areas)
    }

    /// Answers stored as 30 letters, area by area (Y, S, N, or - for an item left out).
    public static func encode(_ answers: [ASQArea: [ASQAnswer?]]) -> String {
        String(ASQArea.allCases.flatMap { area in
            (0..<ASQ3.itemsPerArea).map { i in
                let items = answers[area] ?? []
                return i < items.count ? (items[i]?.letter ?? "-") : "-"
            }
        })
    }

    public static func decode(_ text: String) -> [ASQArea: [ASQAnswer?]] {
        let letters = Array(text)
        var out: [ASQArea: [ASQAnswer?]] = [:]
        for (a, area) in ASQArea.allCases.enumerated() {
            out[area] = (0..<ASQ3.itemsPerArea).map { i in
                let k = a * ASQ3.itemsPerArea + i
                guard k < letters.count else { return nil }
                return ASQAnswer.allCases.first { $0.letter == letters[k] }
            }
        }
        return out
    }
}
