import Dispatch
#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif

/// One accepted or proposed link between two records.
public struct RecordLink: Sendable, Equatable {
    public enum Kind: String, Sendable { case deterministic, probabilistic }
    public var a: Int32
    public var b: Int32
    public var weight: Double
    public var kind: Kind
}

/// One comparison's part in a pair's weight: the level the pair reached and what it weighs.
public struct ComparisonWeight: Sendable, Equatable, Codable {
    public var comparison: Comparison
    public var level: String
    public var weight: Double
    public init(comparison: Comparison, level: String, weight: Double) { self.comparison = comparison; self.level = level; self.weight = weight }
}

/// What a linkage run found.
public struct LinkageResult: Sendable {
    /// For each record, its person: the smallest record index in its cluster.
    public var personOf: [Int32]
    public var links: [RecordLink]
    /// Pairs between the review and auto-link thresholds that are worth a person's look
    /// (`PreparedRecords.worthReview`), or blocked from linking by a rule (two NHS numbers),
    /// for a person to decide.
    public var review: [RecordLink]
    public var models: LinkModels
    /// The children's model.
    public var model: MatchModel { models.child }
    public var comparedPairs: Int
    public var skippedInLargeBlocks: Int
}

/// Probabilistic record linkage (Fellegi–Sunter) with deterministic NHS-number links:
/// block, compare, estimate m by EM (u from random pairs), score with term-frequency
/// adjustment for names, and cluster the links above the threshold.
public struct Linker: Sendable {
    public var nicknames: Nicknames
    /// Weight (bits) at or above which a pair links automatically.
    public var autoLink: Double
    /// Weight at or above which a pair goes to review.
    public var reviewFrom: Double
    public var randomPairs: Int
    public var seed: UInt64

    /// The weight at which two children's records from one source link. A source holds one
    /// record a child, nearly, so a pair within it starts with far lower odds of being one
    /// child than a pair across sources: 12 bits more (1 in 4,096) stand for that.
    public var sameSourceChildLink: Double { autoLink + 12 }

    /// The weight at which two adults' records from one source link: 8 bits more than across
    /// sources. A mother is named on every one of her children's rows, so a source holds many
    /// pairs of one mother, but it also holds every other mother born that day with a name
    /// like hers; a pair that falls short links through a record from another source, which
    /// places each of them (`PersonIndex.settleBridges`).
    public var sameSourceAdultLink: Double { autoLink + 8 }

    /// The weight at or above which this pair links on its own.
    func linksFrom(adult: Bool, sameSource: Bool) -> Double {
        sameSource ? (adult ? sameSourceAdultLink : sameSourceChildLink) : autoLink
    }

    /// The weight at or above which this pair is proposed for review: within one source, a
    /// child's pair only when as strong as a link across sources.
    func proposesFrom(adult: Bool, sameSource: Bool) -> Double { sameSource && !adult ? autoLink : reviewFrom }

    public init(nicknames: Nicknames = .standard, autoLink: Double = 12, reviewFrom: Double = 8, randomPairs: Int = 500_000, seed: UInt64 = 1) {
        self.nicknames = nicknames; self.autoLink = autoLink; self.reviewFrom = reviewFrom; self.randomPairs = randomPairs; self.seed = seed
    }

    public func link(_ records: [LinkRecord]) -> LinkageResult {
        link(prepared: PreparedRecords(records, nicknames: nicknames))
    }

    /// The run on records already prepared (the person index keeps them for later records).
    func link(prepared r: PreparedRecords) -> LinkageResult {
        let u = randomPairU(r)
        let (pairs, patterns, ruleCounts, skipped) = comparePairs(r)
        // Children and adults are estimated apart, each on pairs of its own role; a role with
        // no pairs to learn from (a file of children alone) borrows the other's model.
        let estimated = [false, true].map { adult -> MatchModel? in
            let counts = ruleCounts[adult ? 1 : 0]
            guard counts.contains(where: { $0.contains { $0 > 0 } }) else { return nil }
            let runs = BlockingRule.allCases.compactMap { rule in
                rule.trainingFixes.map { fixed in (model: MatchModel.estimate(patternCounts: counts[rule.rawValue], u: u[adult ? 1 : 0], fixed: fixed), fixed: fixed) }
            }
            return MatchModel.combine(runs, u: u[adult ? 1 : 0])
        }
        let fallback = estimated[0] ?? estimated[1] ?? MatchModel.start(u: u[0])
        let models = LinkModels(child: estimated[0] ?? fallback, adult: estimated[1] ?? fallback,
                                sources: Set(r.source.map(Int.init)).sorted())
        let tables = [patternWeights(models.child), patternWeights(models.adult)]

        var links: [RecordLink] = [], review: [RecordLink] = []
        for (k, pair) in pairs.enumerated() {
            let i = Int(pair >> 32), j = Int(pair & 0xFFFF_FFFF)
            let code = Int(patterns[k])
            let w = weight(r, i, j, code: code, table: tables[r.adult[i] ? 1 : 0], model: models[adult: r.adult[i]])
            let barred = r.barsLinking(i, j, code: code)
            let sameNHS = r.nhs[i] >= 0 && r.nhs[i] == r.nhs[j]
            let differentNHS = r.nhs[i] >= 0 && r.nhs[j] >= 0 && r.nhs[i] != r.nhs[j]
            if sameNHS {
                links.append(RecordLink(a: Int32(i), b: Int32(j), weight: w, kind: .deterministic))
            } else if w >= linksFrom(adult: r.adult[i], sameSource: r.source[i] == r.source[j]) && !differentNHS && !barred {
                links.append(RecordLink(a: Int32(i), b: Int32(j), weight: w, kind: .probabilistic))
            } else if w >= reviewFrom && r.worthReview(i, j, code: code) {
                review.append(RecordLink(a: Int32(i), b: Int32(j), weight: w, kind: .probabilistic))
            }
        }
        let (personOf, refused) = cluster(r, links: links)
        return LinkageResult(personOf: personOf, links: links.filter { !refused.contains(Int64($0.a) << 32 | Int64($0.b)) },
                             review: review + links.filter { refused.contains(Int64($0.a) << 32 | Int64($0.b)) },
                             models: models, comparedPairs: pairs.count, skippedInLargeBlocks: skipped)
    }

    /// Why two records scored what they did: each comparison's level and weight (with the
    /// name-frequency adjustment), for the review page's waterfall. Weights are computed with
    /// `model`, from a run over the same records.
    public func explain(_ records: [LinkRecord], _ a: Int, _ b: Int, model: MatchModel) -> [ComparisonWeight] {
        explain(PreparedRecords(records, nicknames: nicknames), a, b, model: model)
    }

    func explain(_ r: PreparedRecords, _ a: Int, _ b: Int, model: MatchModel) -> [ComparisonWeight] {
        let w = model.weights
        return r.levels(a, b).enumerated().map { c, l in
            let comparison = Comparison.allCases[c]
            var weight = w[c][l]
            if l == 0, comparison == .givenName { weight += max(adjustment(r.givenCounts[Int(r.given[a])], r.count, model.u[c][0]), w[c][1] - w[c][0]) }
            if l == 0, comparison == .familyName { weight += max(adjustment(r.familyCounts[Int(r.family[a])], r.count, model.u[c][0]), w[c][1] - w[c][0]) }
            return ComparisonWeight(comparison: comparison, level: comparison.levels[l], weight: weight)
        }
    }

    /// u for children and for adults: how often each level occurs between random records of
    /// the role (almost all non-matches).
    func randomPairU(_ r: PreparedRecords) -> [[[Double]]] {
        var rng = SplitMix64(seed: seed)
        var counts = [false, true].map { _ in Comparison.allCases.map { [Double](repeating: 1, count: $0.levels.count) } }
        if r.count > 1 {
            for _ in 0..<randomPairs {
                let i = Int(rng.next() % UInt64(r.count)), j = Int(rng.next() % UInt64(r.count))
                if i == j || r.adult[i] != r.adult[j] { continue }
                let role = r.adult[i] ? 1 : 0
                for (c, l) in r.levels(i, j).enumerated() { counts[role][c][l] += 1 }
            }
        }
        return counts.map { $0.map { row in row.map { $0 / row.reduce(0, +) } } }
    }

    /// Every blocked pair once, with its pattern; the blocks are shared between cores.
    /// `ruleCounts` is by role (children, adults), then rule, then pattern.
    func comparePairs(_ r: PreparedRecords) -> (pairs: [UInt64], patterns: [UInt32], ruleCounts: [[[Int]]], skipped: Int) {
        var work: [(BlockingRule, ArraySlice<Int32>)] = []
        var skipped = 0
        for rule in BlockingRule.allCases {
            let b = rule.blocks(r)
            skipped += b.skipped
            work += b.blocks.map { (rule, $0) }
        }
        let blocks = work
        let training = BlockingRule.allCases.filter { $0.trainingFixes != nil }
        let workers = 2
        final class Box: @unchecked Sendable { var pairs: [[UInt64]]; var patterns: [[UInt32]]; var counts: [[[[Int]]]]
            init(_ n: Int) { pairs = Array(repeating: [], count: n); patterns = Array(repeating: [], count: n); counts = Array(repeating: [], count: n) } }
        let out = Box(workers)
        DispatchQueue.concurrentPerform(iterations: workers) { w in
            var pairs: [UInt64] = [], patterns: [UInt32] = []
            var counts = [[[Int]]](repeating: [[Int]](repeating: [Int](repeating: 0, count: Comparison.patternCount), count: BlockingRule.allCases.count), count: 2)
            var k = w
            while k < blocks.count {
                let (rule, block) = blocks[k]
                for x in block.indices {
                    for y in block.index(after: x)..<block.endIndex {
                        var i = Int(block[x]), j = Int(block[y])
                        if i > j { swap(&i, &j) }
                        if r.adult[i] != r.adult[j] || rule.earlierRuleGroups(r, i, j) { continue }
                        let code = r.pattern(i, j)
                        pairs.append(UInt64(i) << 32 | UInt64(j))
                        patterns.append(UInt32(code))
                        // Training sees every pair a rule groups, not only those no earlier
                        // rule took: otherwise a later rule's pairs are the leftovers.
                        let role = r.adult[i] ? 1 : 0
                        for t in training where t.key(r, i) == t.key(r, j) { counts[role][t.rawValue][code] += 1 }
                    }
                }
                k += workers
            }
            out.pairs[w] = pairs; out.patterns[w] = patterns; out.counts[w] = counts
        }
        let ruleCounts = (0..<2).map { role in
            BlockingRule.allCases.map { rule in
                (0..<Comparison.patternCount).map { p in out.counts.reduce(0) { $0 + $1[role][rule.rawValue][p] } }
            }
        }
        return (Array(out.pairs.joined()), Array(out.patterns.joined()), ruleCounts, skipped)
    }

    func patternWeights(_ model: MatchModel) -> [Double] {
        let w = model.weights
        return (0..<Comparison.patternCount).map { code in
            Pattern.decode(code).enumerated().reduce(0) { $0 + w[$1.offset][$1.element] }
        }
    }

    /// A pair's weight: the pattern's weight, with exact names adjusted for how common they
    /// are (agreement on a rare name says more than on a common one: the exact level's u
    /// becomes this name's own frequency).
    func weight(_ r: PreparedRecords, _ i: Int, _ j: Int, code: Int, table: [Double], model: MatchModel) -> Double {
        var w = table[code]
        // However common an exact name is, it never weighs less than the next level down
        // (a nickname, a near spelling): the same pair with that level is `code` one stride on.
        if Pattern.level(code, .givenName) == 0 {
            let next = table[code + Pattern.strides[Comparison.givenName.rawValue]] - table[code]
            w += max(adjustment(r.givenCounts[Int(r.given[i])], r.count, model.u[Comparison.givenName.rawValue][0]), next)
        }
        if Pattern.level(code, .familyName) == 0 {
            let next = table[code + Pattern.strides[Comparison.familyName.rawValue]] - table[code]
            w += max(adjustment(r.familyCounts[Int(r.family[i])], r.count, model.u[Comparison.familyName.rawValue][0]), next)
        }
        return w
    }

    func adjustment(_ uses: Int, _ total: Int, _ u: Double) -> Double {
        uses > 0 ? max(-8, min(8, log2(u / (Double(uses) / Double(max(1, total)))))) : 0
    }

    /// Union-find over the links, strongest first. A link is refused (and goes to review)
    /// when it would put two NHS numbers in one person, or two children one source holds apart.
    func cluster(_ r: PreparedRecords, links: [RecordLink]) -> (personOf: [Int32], refused: Set<Int64>) {
        var parent = (0..<r.count).map { Int32($0) }
        var nhs = r.nhs
        var members: [[Int32]] = (0..<r.count).map { [Int32($0)] }
        func find(_ x: Int32) -> Int32 {
            var x = x
            while parent[Int(x)] != x { parent[Int(x)] = parent[Int(parent[Int(x)])]; x = parent[Int(x)] }
            return x
        }
        var refused: Set<Int64> = []
        let ordered = links.sorted { ($0.kind == .deterministic ? 1 : 0, $0.weight) > ($1.kind == .deterministic ? 1 : 0, $1.weight) }
        for l in ordered {
            let a = find(l.a), b = find(l.b)
            if a == b { continue }
            let na = nhs[Int(a)], nb = nhs[Int(b)]
            if (na >= 0 && nb >= 0 && na != nb) || (l.kind == .probabilistic && r.twoChildren(members[Int(a)], members[Int(b)])) {
                refused.insert(Int64(l.a) << 32 | Int64(l.b)); continue
            }
            let (root, child) = a < b ? (a, b) : (b, a)
            parent[Int(child)] = root
            nhs[Int(root)] = na >= 0 ? na : nb
            members[Int(root)] += members[Int(child)]
            members[Int(child)] = []
        }
        return ((0..<r.count).map { find(Int32($0)) }, refused)
    }
}
