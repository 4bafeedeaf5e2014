/// Which days the front door's clock runs on. Cheshire West triages within 48 hours; whether
/// a weekend or a bank holiday stops the clock is the local authority's choice.
public struct TriageCalendar: Codable, Sendable, Equatable {
    public var hours: Int
    public var weekendsCount: Bool
    public var bankHolidaysCount: Bool
    public var bankHolidays: [Day]
    /// Warn when this many counted hours or fewer remain.
    public var warnHoursBefore: Int

    public init(hours: Int = 48, weekendsCount: Bool = false, bankHolidaysCount: Bool = false,
                bankHolidays: [Day] = TriageCalendar.englandAndWales, warnHoursBefore: Int = 12) {
        self.hours = hours; self.weekendsCount = weekendsCount; self.bankHolidaysCount = bankHolidaysCount
        self.bankHolidays = bankHolidays; self.warnHoursBefore = warnHoursBefore
    }

    /// Bank holidays in England and Wales, 2025–2027 (gov.uk/bank-holidays), with the
    /// substitute days when Christmas or Boxing Day falls at a weekend.
    public static let englandAndWales: [Day] = [
        "2025-01-01", "2025-04-18", "2025-04-21", "2025-05-05", "2025-05-26", "2025-08-25", "2025-12-25", "2025-12-26",
        "2026-01-01", "2026-04-03", "2026-04-06", "2026-05-04", "2026-05-25", "2026-08-31", "2026-12-25", "2026-12-28",
        "2027-01-01", "2027-03-26", "2027-03-29", "2027-05-03", "2027-05-31", "2027-08-30", "2027-12-27", "2027-12-28",
    ].map { try! Day($0) }

    /// Whether the clock runs on this day.
    public func counts(_ day: Day) -> Bool {
        if !weekendsCount && day.isWeekend { return false }
        if !bankHolidaysCount && bankHolidays.contains(day) { return false }
        return true
    }

    /// Counted minutes between two times: whole stopped days are skipped.
    public func countedMinutes(from start: LocalTime, to end: LocalTime) -> Int {
        guard start < end else { return 0 }
        var total = 0
        var day = start.day
        while day <= end.day {
            if counts(day) {
                let from = day == start.day ? start.minute : 0
                let to = day == end.day ? end.minute : 1440
                total += max(0, to - from)
            }
            day = day + 1
        }
        return total
    }

    /// When `hours` counted hours from `received` run out. A request made on a stopped day
    /// starts its clock at the next counted midnight.
    public func deadline(from received: LocalTime) -> LocalTime {
        var remaining = hours * 60
        var t = received
        // A year of stopped days would be a misconfiguration; stop looking after that.
        for _ in 0..<366 {
            if counts(t.day) {
                let left = 1440 - t.minute
                if remaining <= left { return t + remaining }
                remaining -= left
            }
            t = LocalTime(day: t.day + 1, minute: 0)
        }
        return t
    }

    /// Where a request stands against its clock at `now`.
    public func status(received: LocalTime, triagedAt: LocalTime?, now: LocalTime) -> TriageClockStatus {
        let due = deadline(from: received)
        if let done = triagedAt { return done <= due ? .triagedInTime : .triagedLate(minutesLate: countedMinutes(from: due, to: done)) }
        if now >= due { return .breached(minutesOver: countedMinutes(from: due, to: now)) }
        let left = countedMinutes(from: now, to: due)
        return left <= warnHoursBefore * 60 ? .dueSoon(minutesLeft: left) : .onTrack(minutesLeft: left)
    }
}

public enum TriageClockStatus: Sendable, Equatable {
    case onTrack(minutesLeft: Int)
    case dueSoon(minutesLeft: Int)
    case breached(minutesOver: Int)
    case triagedInTime
    case triagedLate(minutesLate: Int)

    public var label: String {
        switch self {
        case .onTrack(let m): "\(TriageClockStatus.hours(m)) left"
        case .dueSoon(let m): "Due soon: \(TriageClockStatus.hours(m)) left"
        case .breached(let m): "Breached by \(TriageClockStatus.hours(m))"
        case .triagedInTime: "Triaged within the time"
        case .triagedLate(let m): "Triaged \(TriageClockStatus.hours(m)) late"
        }
    }

    /// A short token for styling: ok, warn or late.
    public var tone: String {
        switch self {
        case .onTrack, .triagedInTime: "ok"
        case .dueSoon: "warn"
        case .breached, .triagedLate: "late"
        }
    }

    /// `5 h 20 min`, in counted time.
    static func hours(_ minutes: Int) -> String {
        let h = minutes / 60, m = minutes % 60
        if h == 0 { return "\(m) min" }
        return m == 0 ? "\(h) h" : "\(h) h \(m) min"
    }
}
