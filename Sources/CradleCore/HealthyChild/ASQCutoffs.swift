/// ASQ-3 cut-offs held as data: per questionnaire and area, the cut-off (2 SD below the mean)
/// and, where known, the top of the monitoring zone (1 SD below the mean). The shipped values
/// are `data/asq3_cutoffs.csv`; monitoring thresholds were not found for these questionnaires
/// (DOMAIN.md §4), so the shipped table has none and pages say so.
public struct ASQCutoffs: Sendable, Equatable {
    public struct Limit: Sendable, Equatable {
        public var cutoff: Double
        public var monitoringBelow: Double?
        public var snomed: String?
    }

    public var limits: [Int: [ASQArea: Limit]]

    public init(limits: [Int: [ASQArea: Limit]]) { self.limits = limits }

    public subscript(interval: Int, area: ASQArea) -> Limit? { limits[interval]?[area] }

    public var hasMonitoringZone: Bool { limits.values.contains { $0.values.contains { $0.monitoringBelow != nil } } }

    public struct ParseError: Error, Sendable, CustomStringConvertible {
        public var description: String
    }

    /// Reads the CSV: interval_months, domain, cutoff, snomed_ct_concept, window_from,
    /// window_to, and an optional monitoring_below column.
    public static func parse(csv: String) throws(ParseError) -> ASQCutoffs {
        var lines = csv.split(whereSeparator: \.isNewline).map { String($0) }.filter { !$0.isEmpty }
        guard !lines.isEmpty else { throw ParseError(description: "the cut-off file is empty") }
        let header = lines.removeFirst().split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        func column(_ name: String) throws(ParseError) -> Int {
            guard let i = header.firstIndex(of: name) else { throw ParseError(description: "the cut-off file has no \(name) column") }
            return i
        }
        let iInterval = try column("interval_months"), iDomain = try column("domain"), iCutoff = try column("cutoff")
        let iSnomed = header.firstIndex(of: "snomed_ct_concept"), iMonitor = header.firstIndex(of: "monitoring_below")
        var limits: [Int: [ASQArea: Limit]] = [:]
        for (n, line) in lines.enumerated() {
            let f = line.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
            let row = n + 2
            guard f.count == header.count else { throw ParseError(description: "row \(row): expected \(header.count) fields, found \(f.count)") }
            guard let interval = Int(f[iInterval]) else { throw ParseError(description: "row \(row): interval_months '\(f[iInterval])' is not a number") }
            guard let area = ASQArea(rawValue: f[iDomain]) else { throw ParseError(description: "row \(row): unknown domain '\(f[iDomain])'") }
            guard let cutoff = Double(f[iCutoff]), (0...60).contains(cutoff) else {
                throw ParseError(description: "row \(row): cutoff '\(f[iCutoff])' is not a score from 0 to 60")
            }
            var monitoring: Double? = nil
            if let i = iMonitor, !f[i].isEmpty {
                guard let m = Double(f[i]), m > cutoff, m <= 60 else {
                    throw ParseError(description: "row \(row): monitoring_below '\(f[i])' must be above the cut-off and at most 60")
                }
                monitoring = m
            }
            limits[interval, default: [:]][area] = Limit(cutoff: cutoff, monitoringBelow: monitoring, snomed: iSnomed.map { f[$0] })
        }
        return ASQCutoffs(limits: limits)
    }

    /// The shipped cut-offs: a copy of `data/asq3_cutoffs.csv` (a test keeps the two equal).
    public static let standard: ASQCutoffs = try! parse(csv: standardCSV)

    public static let standardCSV = """
        interval_months,domain,cutoff,snomed_ct_concept,window_from,window_to
        24,communication,25.17,953211000000100,23m0d,25m15d
        24,gross_motor,38.07,953231000000108,23m0d,25m15d
        24,fine_motor,35.16,953221000000106,23m0d,25m15d
        24,problem_solving,29.78,953241000000104,23m0d,25m15d
        24,personal_social,31.54,953251000000101,23m0d,25m15d
        27,communication,24.02,953261000000103,25m16d,28m15d
        27,gross_motor,28.01,953281000000107,25m16d,28m15d
        27,fine_motor,18.42,953271000000105,25m16d,28m15d
        27,problem_solving,27.62,953291000000109,25m16d,28m15d
        27,personal_social,25.31,953301000000108,25m16d,28m15d
        30,communication,33.30,953311000000105,28m16d,31m15d
        30,gross_motor,36.14,953331000000102,28m16d,31m15d
        30,fine_motor,19.25,953321000000104,28m16d,31m15d
        30,problem_solving,27.08,953341000000106,28m16d,31m15d
        30,personal_social,32.01,953351000000109,28m16d,31m15d

        """
}
