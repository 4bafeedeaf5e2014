#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif

/// The Fellegi–Sunter model: for each comparison level, m (how often true matches show it)
/// and u (how often non-matches do). A pair's weight is the sum of log2(m/u) over its levels;
/// exact name agreement is weighed by how common the name is (term frequency).
public struct MatchModel: Sendable, Equatable, Codable {
    public var m: [[Double]]
    public var u: [[Double]]
    /// The share of candidate pairs that are matches, estimated with m.
    public var matchProportion: Double
    public var iterations: Int

    /// log2(m/u) per comparison and level; missing levels weigh nothing. Monotone in agreement:
    /// a level never weighs less than a farther one (levels run closest first), so a closer
    /// name or date can never score below a farther one, whatever the estimate made of a
    /// sparse level.
    public var weights: [[Double]] {
        Comparison.allCases.map { c in
            var w = (0..<c.levels.count).map { l in l == c.missingLevel ? 0 : log2(max(m[c.rawValue][l], 1e-6) / max(u[c.rawValue][l], 1e-9)) }
            var floor = -Double.infinity
            for l in stride(from: w.count - 1, through: 0, by: -1) where l != c.missingLevel {
                w[l] = max(w[l], floor)
                floor = w[l]
            }
            return w
        }
    }

    /// u from random pairs (nearly all non-matches); m starting from typical agreement rates.
    static func start(u: [[Double]]) -> MatchModel {
        let m: [[Double]] = Comparison.allCases.map { c in
            let n = c.levels.count
            var v = [Double](repeating: 0.02, count: n)
            v[0] = 0.9
            return v.map { $0 / v.reduce(0, +) }
        }
        return MatchModel(m: m, u: u, matchProportion: 0.1, iterations: 0)
    }

    /// Estimates m and the match proportion by expectation–maximisation over one blocking
    /// rule's pattern counts, with u held at the random-pair estimate. No labels are used. The
    /// comparisons the rule blocked on agree for nearly every pair it made, so they say nothing
    /// here and are left out (`fixed`); their m comes from another rule.
    static func estimate(patternCounts: [Int], u: [[Double]], fixed: Set<Comparison>, maxIterations: Int = 60) -> MatchModel {
        var model = start(u: u)
        let free = Comparison.allCases.filter { !fixed.contains($0) }.map(\.rawValue)
        let patterns = patternCounts.indices.filter { patternCounts[$0] > 0 }.map { (Pattern.decode($0), Double(patternCounts[$0])) }
        let total = patterns.reduce(0) { $0 + $1.1 }
        guard total > 0 else { return model }
        for it in 1...maxIterations {
            var mNew = model.m.map { $0.map { _ in 1e-6 } }
            var matches = 0.0
            for (levels, n) in patterns {
                var lm = log(model.matchProportion), lu = log(1 - model.matchProportion)
                for c in free { lm += log(max(model.m[c][levels[c]], 1e-12)); lu += log(max(model.u[c][levels[c]], 1e-12)) }
                let p = 1 / (1 + exp(lu - lm))
                matches += p * n
                for c in free { mNew[c][levels[c]] += p * n }
            }
            var m = model.m
            for c in free { m[c] = mNew[c].map { $0 / mNew[c].reduce(0, +) } }
            let proportion = min(max(matches / total, 1e-6), 1 - 1e-6)
            let change = free.map { c in zip(m[c], model.m[c]).map { abs($0 - $1) }.max() ?? 0 }.max() ?? 0
            model = MatchModel(m: m, u: u, matchProportion: proportion, iterations: it)
            if change < 1e-5 { break }
        }
        return model
    }

    /// One model from several rules' estimates: each comparison's m is the mean over the rules
    /// that did not block on it.
    static func combine(_ runs: [(model: MatchModel, fixed: Set<Comparison>)], u: [[Double]]) -> MatchModel {
        var m = start(u: u).m
        for c in Comparison.allCases {
            let estimates = runs.filter { !$0.fixed.contains(c) }.map { $0.model.m[c.rawValue] }
            guard !estimates.isEmpty else { continue }
            m[c.rawValue] = (0..<c.levels.count).map { l in estimates.map { $0[l] }.reduce(0, +) / Double(estimates.count) }
        }
        let proportion = runs.map(\.model.matchProportion).reduce(0, +) / Double(max(1, runs.count))
        return MatchModel(m: m, u: u, matchProportion: proportion, iterations: runs.map(\.model.iterations).max() ?? 0)
    }

    /// Whether the model has a value for every level of every comparison (a model stored before
    /// a comparison gained a level has not).
    public var fitsComparisons: Bool {
        m.count == Comparison.allCases.count && u.count == m.count
            && Comparison.allCases.allSatisfy { m[$0.rawValue].count == $0.levels.count && u[$0.rawValue].count == $0.levels.count }
    }
}

/// An index's match models: children and adults are weighed apart, each estimated on pairs of
/// its own role, and the sources whose records they were estimated from.
public struct LinkModels: Sendable, Equatable, Codable {
    public var child: MatchModel
    public var adult: MatchModel
    /// The small numbers of the sources the models learned from (0 is Cradle itself).
    public var sources: [Int]

    public init(child: MatchModel, adult: MatchModel, sources: [Int]) { self.child = child; self.adult = adult; self.sources = sources }

    /// One model for both roles.
    public init(_ both: MatchModel) { self.init(child: both, adult: both, sources: []) }

    public subscript(adult adult: Bool) -> MatchModel { adult ? self.adult : child }

    public var fitsComparisons: Bool { child.fitsComparisons && adult.fitsComparisons }

    enum CodingKeys: String, CodingKey { case child, adult, sources }

    /// Reads the models as stored, or a single model stored before roles were weighed apart.
    public init(from decoder: any Decoder) throws {
        if let c = try? decoder.container(keyedBy: CodingKeys.self), c.contains(.child) {
            self.init(child: try c.decode(MatchModel.self, forKey: .child), adult: try c.decode(MatchModel.self, forKey: .adult),
                      sources: try c.decodeIfPresent([Int].self, forKey: .sources) ?? [])
        } else {
            self.init(try MatchModel(from: decoder))
        }
    }
}
