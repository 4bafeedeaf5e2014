/// A valid NHS number: ten digits whose tenth is the Modulus 11 check digit
/// (NHS Data Dictionary). Stored as the bare ten digits; shown in 3-3-4 groups.
public struct NHSNumber: Hashable, Sendable, Codable, CustomStringConvertible {
    /// The ten digits, no spaces.
    public let digits: String

    /// Parses user input, tolerating spaces and hyphens (`943 476 5919`, `943-476-5919`).
    public init(_ input: String) throws(IdentifierError) {
        // Checked from the bytes, not Characters: files and the store hold ten bare digits,
        // and an import reads two numbers a row.
        func isDigit(_ b: UInt8) -> Bool { b >= 48 && b <= 57 }
        let compact = input.utf8.allSatisfy(isDigit) ? input : input.filter { $0 != " " && $0 != "-" }
        guard !compact.isEmpty else { throw .empty("NHS number") }
        guard compact.utf8.count == 10, compact.utf8.allSatisfy(isDigit) else {
            throw .malformed("NHS number", "must be 10 digits")
        }
        let values = compact.utf8.map { Int($0 - 48) }
        guard let check = NHSNumber.checkDigit(forFirstNine: Array(values.prefix(9))) else {
            throw .malformed("NHS number", "is not a valid NHS number (no check digit is possible)")
        }
        guard check == values[9] else {
            throw .malformed("NHS number", "is not a valid NHS number (check digit does not match)")
        }
        digits = compact
    }

    /// The Modulus 11 check digit for nine digits, or nil when the result is 10
    /// (such numbers are never issued).
    public static func checkDigit(forFirstNine nine: [Int]) -> Int? {
        precondition(nine.count == 9)
        var sum = 0
        for (index, digit) in nine.enumerated() { sum += digit * (10 - index) }
        let check = 11 - (sum % 11)
        switch check {
        case 11: return 0
        case 10: return nil
        default: return check
        }
    }

    /// Builds a valid number from nine leading digits, or nil when no check digit exists.
    public static func make(firstNine: Int) -> NHSNumber? {
        precondition((0..<1_000_000_000).contains(firstNine))
        var n = firstNine
        var nine = [Int](repeating: 0, count: 9)
        for i in stride(from: 8, through: 0, by: -1) { nine[i] = n % 10; n /= 10 }
        guard let check = checkDigit(forFirstNine: nine) else { return nil }
        let text = nine.map { String($0) }.joined() + String(check)
        return try? NHSNumber(text)
    }

    /// `943 476 5919`.
    public var formatted: String {
        let d = Array(digits)
        return String(d[0..<3]) + " " + String(d[3..<6]) + " " + String(d[6..<10])
    }

    public var description: String { formatted }

    /// True for the 999 000 0000 – 999 999 9999 range, which validates but is never issued.
    public var isTestRange: Bool { digits.hasPrefix("999") }

    /// True for numbers no UK scheme issues: the 999 test range, and 000 000 0000 – 009 999 9999,
    /// below Scotland's CHI range (which starts 010 100 0000, a date of birth) and England's and
    /// Wales's ranges (DOMAIN.md §1). Synthetic data uses only these.
    public var isNeverIssued: Bool { isTestRange || digits.hasPrefix("00") }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        self = try NHSNumber(text)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(digits)
    }
}
