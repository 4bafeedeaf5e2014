/// A financial-year quarter (Q1 = April–June), as OHID reports health-visiting metrics.
public struct Quarter: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// The year the financial year starts in: 2026 is 2026/27.
    public var year: Int
    public var number: Int

    public init(year: Int, number: Int) { self.year = year; self.number = number }

    public init(containing d: Day) {
        let c = d.components
        let fy = c.month >= 4 ? c.year : c.year - 1
        self.init(year: fy, number: ((c.month + 8) % 12) / 3 + 1)
    }

    public var start: Day { Day(year: number == 4 ? year + 1 : year, month: [4, 7, 10, 1][number - 1], day: 1)! }
    public var end: Day { next.start - 1 }
    public var next: Quarter { number == 4 ? Quarter(year: year + 1, number: 1) : Quarter(year: year, number: number + 1) }
    public var previous: Quarter { number == 1 ? Quarter(year: year - 1, number: 4) : Quarter(year: year, number: number - 1) }
    public func contains(_ d: Day) -> Bool { d >= start && d <= end }

    public static func < (a: Quarter, b: Quarter) -> Bool { (a.year, a.number) < (b.year, b.number) }
    public var description: String { "\(year)/\(String(year + 1).suffix(2)) Q\(number)" }
    public var code: String { "\(year)Q\(number)" }

    /// A quarter as people write it: `2026Q2`, or as the report's headers show it, `2026/27 Q2`
    /// (also `2026-27 Q2`, `Q2 2026/27`, any case and spacing). The second year must follow the first.
    public init?(code text: String) {
        let t = String(text.uppercased().filter { !$0.isWhitespace })
        let year: Substring, number: Substring
        if t.hasPrefix("Q") {
            number = t.dropFirst().prefix(1); year = t.dropFirst(2)
        } else {
            let parts = t.split(separator: "Q", omittingEmptySubsequences: false)
            guard parts.count == 2 else { return nil }
            year = parts[0]; number = parts[1]
        }
        let years = year.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "/" || $0 == "-" })
        guard (1...2).contains(years.count), years[0].count == 4, let y = Int(years[0]), let n = Int(number),
              (1...4).contains(n), (1900...2200).contains(y) else { return nil }
        if years.count == 2 {
            let second = years[1]
            guard second.allSatisfy { $0.isNumber }, second.count == 2 || second.count == 4,
                  Int(second) == (second.count == 2 ? (y + 1) % 100 : y + 1) else { return nil }
        }
        self.init(year: y, number: n)
    }
}

/// What the timeliness metrics need to know about one child.
public struct ChildReviews: Sendable {
    public var born: Day
    /// When each review was first recorded as attended.
    public var done: [MandatedReview: Day]
    /// Whether the 2–2½ year review used ASQ-3, and its result if scored.
    public var twoYearUsedASQ3: Bool
    public var asq3: ASQ3Result?

    public init(born: Day, done: [MandatedReview: Day], twoYearUsedASQ3: Bool = false, asq3: ASQ3Result? = nil) {
        self.born = born; self.done = done; self.twoYearUsedASQ3 = twoYearUsedASQ3; self.asq3 = asq3
    }
}

/// OHID health-visiting metrics with their cohort rules (DOMAIN.md §3).
public enum TimelinessMetric: String, CaseIterable, Sendable {
    case c2 = "C2", c3 = "C3", c8i = "C8i", c4 = "C4", c5 = "C5", c6i = "C6i", c6ii = "C6ii"
    case c6iii = "C6iii", c6iv = "C6iv", c6v = "C6v", c6vi = "C6vi", c6vii = "C6vii", c6viii = "C6viii"

    public var label: String {
        switch self {
        case .c2: "New birth visit within 14 days"
        case .c3: "New birth visit after 14 days"
        case .c8i: "6–8 week review by 8 weeks"
        case .c4: "12-month review by 12 months"
        case .c5: "12-month review by 15 months"
        case .c6i: "2–2½ year review by 2½ years"
        case .c6ii: "2–2½ year review using ASQ-3"
        case .c6iii: "At or above expected level: communication"
        case .c6iv: "At or above expected level: gross motor"
        case .c6v: "At or above expected level: fine motor"
        case .c6vi: "At or above expected level: problem solving"
        case .c6vii: "At or above expected level: personal-social"
        case .c6viii: "At or above expected level in all five areas"
        }
    }

    /// The ASQ-3 area an outcome metric counts, for C6iii–C6vii.
    public var area: ASQArea? {
        switch self {
        case .c6iii: .communication
        case .c6iv: .grossMotor
        case .c6v: .fineMotor
        case .c6vi: .problemSolving
        case .c6vii: .personalSocial
        default: nil
        }
    }

    /// The day that puts a child in the quarter's cohort.
    /// - C2/C3: turned 30 days, so that late visits are still captured.
    /// - C8i: turned 8 weeks. C4: turned 12 months. C5: turned 15 months.
    /// - C6: aged 2½ years within the quarter.
    public func cohortDay(born: Day) -> Day {
        switch self {
        case .c2, .c3: born + 30
        case .c8i: born + 56
        case .c4: born.adding(months: 12)
        case .c5: born.adding(months: 15)
        default: born.adding(months: 30)
        }
    }

    /// Whether the child counts in the denominator (given they are in the cohort) and the numerator.
    public func counts(_ c: ChildReviews) -> (inDenominator: Bool, inNumerator: Bool) {
        let b = c.born
        switch self {
        case .c2: return (true, c.done[.newBirth].map { $0 <= b + 14 } ?? false)
        case .c3: return (true, c.done[.newBirth].map { $0 > b + 14 } ?? false)
        case .c8i: return (true, c.done[.sixToEightWeeks].map { $0 <= b + 56 } ?? false)
        case .c4: return (true, c.done[.twelveMonths].map { $0 < b.adding(months: 12) } ?? false)
        // Reviews done before 12 months, or in earlier quarters, count too.
        case .c5: return (true, c.done[.twelveMonths].map { $0 < b.adding(months: 15) } ?? false)
        case .c6i: return (true, twoYearOnTime(c))
        case .c6ii: return (true, twoYearOnTime(c) && c.twoYearUsedASQ3)
        case .c6viii:
            guard twoYearOnTime(c), let r = c.asq3 else { return (false, false) }
            return (true, r.allFiveAtOrAbove)
        default:
            // Domain outcomes: children whose review used a scored ASQ-3.
            guard twoYearOnTime(c), let r = c.asq3, let area, let s = r[area], s.band != .notScorable else { return (false, false) }
            return (true, s.atOrAboveExpected)
        }
    }

    private func twoYearOnTime(_ c: ChildReviews) -> Bool {
        c.done[.twoYears].map { $0 < c.born.adding(months: 30) } ?? false
    }
}

/// Numerators and denominators per group and quarter.
public struct TimelinessReport: Sendable {
    public struct Key: Hashable, Sendable { public var group: String; public var quarter: Quarter; public var metric: TimelinessMetric }
    public struct Count: Sendable, Equatable {
        public var numerator = 0
        public var denominator = 0
        public var percent: Double? { denominator == 0 ? nil : 100 * Double(numerator) / Double(denominator) }
    }

    public var counts: [Key: Count] = [:]
    public var quarters: [Quarter]

    /// `groups(child)` names every group a child counts in (for example "All", its locality
    /// and its team); each child is counted once per group.
    public init(children: [ChildReviews], groups: (Int) -> [String], quarters: [Quarter]) {
        self.quarters = quarters
        guard let first = quarters.min(), let last = quarters.max() else { return }
        for (i, child) in children.enumerated() {
            let names = groups(i)
            for metric in TimelinessMetric.allCases {
                let day = metric.cohortDay(born: child.born)
                guard day >= first.start, day <= last.end else { continue }
                let q = Quarter(containing: day)
                guard quarters.contains(q) else { continue }
                let (den, num) = metric.counts(child)
                guard den else { continue }
                for g in names {
                    let k = Key(group: g, quarter: q, metric: metric)
                    counts[k, default: Count()].denominator += 1
                    if num { counts[k, default: Count()].numerator += 1 }
                }
            }
        }
    }

    public subscript(group: String, quarter: Quarter, metric: TimelinessMetric) -> Count {
        counts[Key(group: group, quarter: quarter, metric: metric)] ?? Count()
    }
}
