/// A calendar date with no time zone: dates of birth, contact dates, review windows.
/// Stored and exchanged as ISO `YYYY-MM-DD`, which sorts correctly as text in any database.
public struct Day: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    /// Days since 1970-01-01.
    public let ordinal: Int

    public init(ordinal: Int) { self.ordinal = ordinal }

    public init?(year: Int, month: Int, day: Int) {
        guard (1...12).contains(month), day >= 1, day <= Day.daysIn(month: month, year: year) else { return nil }
        ordinal = Day.daysFromCivil(year, month, day)
    }

    /// Parses `YYYY-MM-DD`, or the UK form `DD/MM/YYYY` people type into forms.
    public init(_ text: String) throws(IdentifierError) {
        if let day = Day(iso: text.utf8) { self = day; return }
        let t = text.trimmingCharacters(in: .whitespaces)
        guard !t.isEmpty else { throw .empty("Date") }
        let parts: [Int?]
        let ymd: (Int?, Int?, Int?)
        if t.contains("-") {
            parts = t.split(separator: "-", omittingEmptySubsequences: false).map { Int($0) }
            guard parts.count == 3 else { throw .malformed("Date", "must be YYYY-MM-DD") }
            ymd = (parts[0], parts[1], parts[2])
        } else if t.contains("/") {
            parts = t.split(separator: "/", omittingEmptySubsequences: false).map { Int($0) }
            guard parts.count == 3 else { throw .malformed("Date", "must be DD/MM/YYYY") }
            ymd = (parts[2], parts[1], parts[0])
        } else { throw .malformed("Date", "must be YYYY-MM-DD") }
        guard let y = ymd.0, let m = ymd.1, let d = ymd.2, y >= 1900, y <= 2200,
              let day = Day(year: y, month: m, day: d) else {
            throw .malformed("Date", "is not a real calendar date")
        }
        self = day
    }

    public var components: (year: Int, month: Int, day: Int) { Day.civilFromDays(ordinal) }

    public var iso: String {
        let c = components
        guard (0...9999).contains(c.year) else { return String(format4: c.year) + "-" + String(format2: c.month) + "-" + String(format2: c.day) }
        // Ten ASCII bytes written in place: an import writes several dates for every row.
        return String(unsafeUninitializedCapacity: 10) { b in
            func put(_ v: Int, _ at: Int, _ width: Int) {
                var v = v
                for i in stride(from: at + width - 1, through: at, by: -1) { b[i] = UInt8(48 + v % 10); v /= 10 }
            }
            put(c.year, 0, 4); b[4] = UInt8(ascii: "-"); put(c.month, 5, 2); b[7] = UInt8(ascii: "-"); put(c.day, 8, 2)
            return 10
        }
    }

    /// `03/03/2025`: day first, as forms take a date.
    public var dayFirst: String {
        let c = components
        return String(format2: c.day) + "/" + String(format2: c.month) + "/" + String(format4: c.year)
    }

    /// `3 Mar 2025`.
    public var display: String {
        let c = components
        return "\(c.day) \(Day.monthNames[c.month - 1]) \(c.year)"
    }

    public var description: String { iso }

    public static func < (a: Day, b: Day) -> Bool { a.ordinal < b.ordinal }
    public static func + (a: Day, days: Int) -> Day { Day(ordinal: a.ordinal + days) }
    public static func - (a: Day, days: Int) -> Day { Day(ordinal: a.ordinal - days) }
    public static func - (a: Day, b: Day) -> Int { a.ordinal - b.ordinal }

    /// Adds calendar months, clamping the day to the month's end (31 Jan + 1 month = 28/29 Feb).
    public func adding(months: Int) -> Day {
        let c = components
        let total = c.year * 12 + (c.month - 1) + months
        let y = total / 12, m = total % 12 + 1
        return Day(year: y, month: m, day: min(c.day, Day.daysIn(month: m, year: y)))!
    }

    /// Whole months from `self` to `later` (how old a child born on `self` is on `later`).
    public func wholeMonths(until later: Day) -> Int {
        let a = components, b = later.components
        var months = (b.year - a.year) * 12 + (b.month - a.month)
        if b.day < a.day { months -= 1 }
        return months
    }

    public static let monthNames = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    static func isLeap(_ y: Int) -> Bool { (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 }
    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return isLeap(year) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    // Howard Hinnant's civil-date algorithms: exact for the proleptic Gregorian calendar.
    static func daysFromCivil(_ y0: Int, _ m: Int, _ d: Int) -> Int {
        let y = m <= 2 ? y0 - 1 : y0
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146097 + doe - 719468
    }

    static func civilFromDays(_ z0: Int) -> (Int, Int, Int) {
        let z = z0 + 719468
        let era = (z >= 0 ? z : z - 146096) / 146097
        let doe = z - era * 146097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp + (mp < 10 ? 3 : -9)
        return (yoe + era * 400 + (m <= 2 ? 1 : 0), m, d)
    }

    /// `YYYY-MM-DD` exactly, read from its bytes: every date a file or the store holds is in
    /// this form, and going through characters made reading them a tenth of an import.
    /// Anything else is nil, for the general parser to judge.
    init?<Bytes: Collection<UInt8>>(iso bytes: Bytes) {
        guard bytes.count == 10 else { return nil }
        var n = [Int](repeating: 0, count: 8), k = 0
        for (i, b) in bytes.enumerated() {
            if i == 4 || i == 7 { guard b == UInt8(ascii: "-") else { return nil }; continue }
            guard b >= 48 && b <= 57 else { return nil }
            n[k] = Int(b - 48); k += 1
        }
        let y = n[0] * 1000 + n[1] * 100 + n[2] * 10 + n[3]
        guard y >= 1900, y <= 2200, let day = Day(year: y, month: n[4] * 10 + n[5], day: n[6] * 10 + n[7]) else { return nil }
        self = day
    }

    public init(from decoder: any Decoder) throws {
        self = try Day(try decoder.singleValueContainer().decode(String.self))
    }
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer(); try c.encode(iso)
    }
}

extension String {
    init(format2 v: Int) { self = v < 10 ? "0\(v)" : "\(v)" }
    init(format4 v: Int) { self = zeroPadded(v, width: 4) }
}

func zeroPadded(_ v: Int, width: Int) -> String {
    let digits = "\(v)"
    return String(repeating: "0", count: Swift.max(0, width - digits.count)) + digits
}

extension StringProtocol {
    func trimmingCharacters(in set: WhitespaceSet) -> String {
        // Most values start and end with a printable ASCII character: nothing to trim, and no
        // need to ask Unicode what each character is.
        var s = Substring(self)
        if let f = s.utf8.first, let l = s.utf8.last, (0x21...0x7E).contains(f), (0x21...0x7E).contains(l) { return String(s) }
        while let f = s.first, f.isWhitespace { s.removeFirst() }
        while let l = s.last, l.isWhitespace { s.removeLast() }
        return String(s)
    }
}

enum WhitespaceSet { case whitespaces }
