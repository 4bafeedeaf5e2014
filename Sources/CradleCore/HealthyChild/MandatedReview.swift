/// The five Healthy Child Programme reviews every family is offered (DOMAIN.md §3), and the
/// windows Cradle schedules them in.
public enum MandatedReview: String, Vocabulary, Comparable {
    case antenatal
    case newBirth = "new_birth"
    case sixToEightWeeks = "six_to_eight_weeks"
    case twelveMonths = "twelve_months"
    case twoYears = "two_years"

    public var label: String {
        switch self {
        case .antenatal: "Antenatal health-promoting review"
        case .newBirth: "New birth visit"
        case .sixToEightWeeks: "6–8 week review"
        case .twelveMonths: "12-month review"
        case .twoYears: "2–2½ year review"
        }
    }

    /// The contact type that records this review.
    public var contactType: ContactType {
        switch self {
        case .antenatal: .antenatalReview
        case .newBirth: .newBirthVisit
        case .sixToEightWeeks: .review6to8Weeks
        case .twelveMonths: .review12Months
        case .twoYears: .review2Years
        }
    }

    public init?(contactType: ContactType) {
        guard let r = MandatedReview.allCases.first(where: { $0.contactType == contactType }) else { return nil }
        self = r
    }

    public static func < (a: MandatedReview, b: MandatedReview) -> Bool {
        allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)!
    }

    /// When the review is due, when it becomes overdue, and the last day it is still worth
    /// doing late (after which it drops off the worklist and counts as missed).
    public struct Window: Sendable, Equatable {
        public var from: Day
        public var to: Day
        public var lateUntil: Day
    }

    /// The window for a child born on `born`, or expected on `expected` (antenatal only).
    /// - Antenatal: from 28 weeks of pregnancy (12 weeks before the due date) until birth.
    /// - New birth visit: days 7–14 (OHID "aged 1–2 weeks"; C2 counts visits within 14 days);
    ///   still worth doing until the 6–8 week review is due.
    /// - 6–8 weeks: days 42–56 (C8i counts reviews by 8 weeks); late until 12 weeks.
    /// - 12 months: from 9 months until the day before turning 12 months (C4); late until 15 months (C5).
    /// - 2–2½ years: from 24 months until the day before turning 30 months (C6i); late until 3 years.
    public func window(born: Day?, expected: Day?) -> Window? {
        switch self {
        case .antenatal:
            guard let due = expected ?? born else { return nil }
            let end = (born ?? due) - 1
            return Window(from: due - 84, to: end, lateUntil: end)
        case .newBirth:
            guard let b = born else { return nil }
            return Window(from: b + 7, to: b + 14, lateUntil: b + 41)
        case .sixToEightWeeks:
            guard let b = born else { return nil }
            return Window(from: b + 42, to: b + 56, lateUntil: b + 83)
        case .twelveMonths:
            guard let b = born else { return nil }
            return Window(from: b.adding(months: 9), to: b.adding(months: 12) - 1, lateUntil: b.adding(months: 15) - 1)
        case .twoYears:
            guard let b = born else { return nil }
            return Window(from: b.adding(months: 24), to: b.adding(months: 30) - 1, lateUntil: b.adding(months: 36) - 1)
        }
    }
}

/// Where one review stands for one child on a given day.
public enum ReviewStatus: Sendable, Equatable {
    case upcoming
    case due
    case overdue(days: Int)
    case done(on: Day, inWindow: Bool)
    case missed

    public var label: String {
        switch self {
        case .upcoming: "Upcoming"
        case .due: "Due"
        case .overdue(let d): "Overdue by \(d) day\(d == 1 ? "" : "s")"
        case .done(let on, let inWindow): "Done \(on.display)" + (inWindow ? "" : " (outside the window)")
        case .missed: "Missed"
        }
    }

    /// Whether it belongs on a worklist today.
    public var isOutstanding: Bool {
        switch self {
        case .due, .overdue: true
        default: false
        }
    }
}

/// A child's Healthy Child Programme schedule: each review's window and status.
public struct ReviewSchedule: Sendable, Equatable {
    public struct Entry: Sendable, Equatable {
        public var review: MandatedReview
        public var window: MandatedReview.Window
        public var status: ReviewStatus
    }

    public var entries: [Entry]

    /// `done` holds the date each review was recorded as attended (the earliest, if twice).
    public init(born: Day?, expected: Day?, done: [MandatedReview: Day], today: Day) {
        entries = MandatedReview.allCases.compactMap { review in
            guard let w = review.window(born: born, expected: expected) else { return nil }
            return Entry(review: review, window: w, status: Self.status(w, done: done[review], today: today))
        }
    }

    /// The first day each review was done, from the type and date of contacts recorded as
    /// attended (other contact types are ignored).
    public static func firstDone(attended: [(type: String, date: String)]) -> [MandatedReview: Day] {
        var out: [MandatedReview: Day] = [:]
        for (type, date) in attended {
            guard let review = ContactType(rawValue: type).flatMap(MandatedReview.init(contactType:)), let day = try? Day(date) else { continue }
            out[review] = min(out[review] ?? day, day)
        }
        return out
    }

    static func status(_ w: MandatedReview.Window, done: Day?, today: Day) -> ReviewStatus {
        if let d = done { return .done(on: d, inWindow: d >= w.from && d <= w.to) }
        if today < w.from { return .upcoming }
        if today <= w.to { return .due }
        if today <= w.lateUntil { return .overdue(days: today - w.to) }
        return .missed
    }

    public var outstanding: [Entry] { entries.filter { $0.status.isOutstanding } }

    /// A worklist: every due and overdue review of these children, most urgent first (by the
    /// day its window closes; overdue windows have closed already), with the index of the child.
    public static func worklist(_ children: [(born: Day?, expected: Day?, done: [MandatedReview: Day])], today: Day)
        -> [(child: Int, entry: Entry)] {
        var items: [(child: Int, entry: Entry)] = []
        for (i, c) in children.enumerated() {
            for e in ReviewSchedule(born: c.born, expected: c.expected, done: c.done, today: today).outstanding { items.append((i, e)) }
        }
        return items.sorted { ($0.entry.window.to, $0.child) < ($1.entry.window.to, $1.child) }
    }
}
