/// ASQ:SE-2 (DOMAIN.md §4): one total score, higher meaning more concern. Cut-offs are held
/// as data per questionnaire; none is shipped for the 24 and 30 month questionnaires because
/// none was found, and the result then says so rather than guessing.
public struct ASQSE2Cutoffs: Sendable, Equatable {
    public var cutoffs: [Int: Double]
    public init(cutoffs: [Int: Double]) { self.cutoffs = cutoffs }
    public static let standard = ASQSE2Cutoffs(cutoffs: [:])
}

public struct ASQSE2Result: Sendable, Equatable {
    public enum Band: String, Sendable {
        case aboveCutoff = "above_cutoff"
        case belowCutoff = "below_cutoff"
        case noCutoff = "no_cutoff"
    }

    public var interval: Int
    public var total: Int
    public var cutoff: Double?
    public var band: Band

    public var label: String {
        switch band {
        case .aboveCutoff: "Above the cut-off (\(formatScore(cutoff!))): refer for further assessment"
        case .belowCutoff: "Below the cut-off (\(formatScore(cutoff!)))"
        case .noCutoff: "No cut-off configured for the \(interval) month questionnaire (none was found to ship); judge against the published table"
        }
    }

    public static func score(interval: Int, total: Int, cutoffs: ASQSE2Cutoffs) -> ASQSE2Result {
        guard let c = cutoffs.cutoffs[interval] else { return ASQSE2Result(interval: interval, total: total, cutoff: nil, band: .noCutoff) }
        return ASQSE2Result(interval: interval, total: total, cutoff: c, band: Double(total) > c ? .aboveCutoff : .belowCutoff)
    }
}

/// A score to two decimals without trailing zeros ("25.17", "33.3", "30").
public func formatScore(_ x: Double) -> String {
    let h = Int((x * 100).rounded())
    var s = "\(h / 100)." + (h % 100 < 10 ? "0" : "") + "\(h % 100)"
    while s.hasSuffix("0") { s.removeLast() }
    if s.hasSuffix(".") { s.removeLast() }
    return s
}
