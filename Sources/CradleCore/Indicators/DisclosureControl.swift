/// Small-number disclosure control for figures that leave Cradle (DOMAIN.md §6, the NHS
/// Digital method for sub-national counts): a count of 1–7 is shown as `*`, any other count is
/// rounded to the nearest 5, and zero stays 0. A percentage is computed from the rounded
/// numerator and denominator, and is `*` when either is suppressed.
public enum DisclosureControl {
    public enum Figure: Sendable, Equatable, CustomStringConvertible {
        case suppressed
        case value(Int)
        public var description: String {
            switch self {
            case .suppressed: "*"
            case .value(let v): String(v)
            }
        }
        public var number: Int? { if case .value(let v) = self { return v }; return nil }
    }

    public static func count(_ n: Int) -> Figure {
        precondition(n >= 0, "counts are not negative")
        if n == 0 { return .value(0) }
        if n <= 7 { return .suppressed }
        // Halves round up, as "nearest 5" is read in the published tables (13 → 15, 12 → 10).
        return .value((n + 2) / 5 * 5)
    }

    /// numerator / denominator as a whole percentage, from the controlled figures.
    public static func percentage(_ numerator: Int, of denominator: Int) -> String {
        guard count(numerator).number != nil, let d = count(denominator).number else { return "*" }
        guard d > 0, let p = percent(numerator, of: denominator) else { return "–" }
        return String(p) + "%"
    }

    /// numerator / denominator as a whole percentage of the controlled figures; nil when
    /// either is suppressed or the denominator is 0.
    public static func percent(_ numerator: Int, of denominator: Int) -> Int? {
        guard let n = count(numerator).number, let d = count(denominator).number, d > 0 else { return nil }
        return Int((Double(n) * 100 / Double(d)).rounded())
    }
}
