/// A wall-clock time in the local authority's time zone, to the minute. The front door's
/// clock counts hours as staff see them on the office clock, so a clock change does not
/// add or remove an hour from a family's 48. Stored as `YYYY-MM-DDTHH:MM`, which sorts as text.
public struct LocalTime: Hashable, Comparable, Sendable, CustomStringConvertible {
    public var day: Day
    /// Minutes since midnight, 0..<1440.
    public var minute: Int

    public init(day: Day, minute: Int) {
        let carry = minute >= 0 ? minute / 1440 : -((1439 - minute) / 1440)
        self.day = day + carry
        self.minute = minute - carry * 1440
    }

    public init(day: Day, hour: Int, minute: Int = 0) { self.init(day: day, minute: hour * 60 + minute) }

    /// Parses `YYYY-MM-DDTHH:MM` (seconds, if present, are ignored) or `YYYY-MM-DD HH:MM`.
    public init?(_ text: String) {
        let parts = text.split { $0 == "T" || $0 == " " }
        guard parts.count == 2, let day = try? Day(String(parts[0])) else { return nil }
        let hm = parts[1].split(separator: ":")
        guard hm.count >= 2, let h = Int(hm[0]), let m = Int(hm[1]), (0..<24).contains(h), (0..<60).contains(m) else { return nil }
        self.init(day: day, hour: h, minute: m)
    }

    /// Minutes since 1970-01-01 00:00 on the local clock.
    public var totalMinutes: Int { day.ordinal * 1440 + minute }
    public var iso: String { day.iso + "T" + String(format2: minute / 60) + ":" + String(format2: minute % 60) }
    /// `27 Nov 2026 14:05`.
    public var display: String { day.display + " " + String(format2: minute / 60) + ":" + String(format2: minute % 60) }
    public var description: String { iso }

    public static func < (a: LocalTime, b: LocalTime) -> Bool { a.totalMinutes < b.totalMinutes }
    public static func + (a: LocalTime, minutes: Int) -> LocalTime { LocalTime(day: a.day, minute: a.minute + minutes) }
    /// Minutes from `b` to `a`.
    public static func - (a: LocalTime, b: LocalTime) -> Int { a.totalMinutes - b.totalMinutes }
}

extension Day {
    /// 0 = Monday … 6 = Sunday (1970-01-01 was a Thursday).
    public var weekday: Int { ((ordinal % 7) + 7 + 3) % 7 }
    public var isWeekend: Bool { weekday >= 5 }
}
