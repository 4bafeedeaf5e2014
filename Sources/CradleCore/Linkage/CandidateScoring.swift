import Dispatch

/// One record a new record is compared with, and what the comparison found: everything about
/// the pair that does not depend on what earlier records became.
struct ScoredCandidate: Sendable {
    var record: Int32
    var code: Int32
    var weight: Double
    var sameNHS: Bool
    var sameSource: Bool
    /// The pair may not link on weight alone (`PreparedRecords.barsLinking`).
    var barred: Bool
    /// Asked only of a pair strong enough to link: another record of the file is the
    /// candidate's own (`CandidateScorer.anotherRecordClaims`).
    var claimed: Bool
}

/// What scoring a record's candidates reads, none of which changes while a file's announced
/// records are added: the records, their blocks and the model's weights.
struct CandidateScorer: Sendable {
    let records: PreparedRecords
    let blocks: [KeyChains]
    let unnumbered: [KeyChains]
    /// The file's records by `PersonIndex.claimRules`' keys.
    let announced: [KeyChains]
    let tables: [[Double]]
    let models: LinkModels
    let linker: Linker

    /// Appends to `out` the records older than record `i` that its blocking keys find, each
    /// scored against it. Two NHS numbers are never one person, whatever else they share: a
    /// numbered record is compared with the records with its number and those with none. A
    /// child is never weighed against an adult, whatever they share (even a number).
    func score(_ i: Int, into out: inout [ScoredCandidate], seen: inout Set<Int32>) {
        seen.removeAll(keepingCapacity: true)
        let numbered = records.nhs[i] >= 0, adult = records.adult[i]
        let table = tables[adult ? 1 : 0], model = models[adult: adult]
        let me = Int32(i)
        for rule in BlockingRule.allCases where rule.key(records, i) != nil {
            let numberRule = rule == .nhsNumber
            let chains = numbered && !numberRule ? unnumbered[rule.rawValue] : blocks[rule.rawValue]
            guard numberRule || chains.older(me) <= BlockingRule.largestBlock else { continue }
            var j = chains.after(me)
            while j >= 0 {
                if records.adult[Int(j)] == adult && seen.insert(j).inserted {
                    let code = records.pattern(i, Int(j))
                    let weight = linker.weight(records, i, Int(j), code: code, table: table, model: model)
                    let barred = records.barsLinking(i, Int(j), code: code)
                    let sameNHS = numbered && records.nhs[i] == records.nhs[Int(j)]
                    let sameSource = records.source[i] == records.source[Int(j)]
                    let links = !barred && !sameNHS && weight >= linker.linksFrom(adult: adult, sameSource: sameSource)
                    out.append(ScoredCandidate(record: j, code: Int32(code), weight: weight, sameNHS: sameNHS, sameSource: sameSource, barred: barred,
                                               claimed: links && anotherRecordClaims(j, from: i, weight: weight)))
                }
                j = chains.after(j)
            }
        }
    }

    /// Whether another record of this file (before or after `i`), of `i`'s role, matches the
    /// candidate record better than `i` does, or holds its NHS number, and is another person
    /// than `i` (its file holds the two apart: two NHS numbers, a birth date no slip explains,
    /// another mother, a twin). The candidate is then that record's, and `i` only its
    /// look-alike: a child with no record in the candidate's source (most families never
    /// register at a centre) must not take the record of a child who has one, nor a mother
    /// another mother's of the same name and birth date. A mother's record that matches the
    /// candidate only as well as `i` does is still its own when her child's record matches the
    /// candidate's child's and `i`'s does not. Had the candidate's file come after
    /// this one, it would have joined the record that matches it best; so whichever file comes
    /// first, each record meets its own.
    func anotherRecordClaims(_ candidate: Int32, from i: Int, weight: Double) -> Bool {
        let y = Int(candidate)
        let adult = records.adult[i]
        let table = tables[adult ? 1 : 0], model = models[adult: adult]
        // No record can match the candidate better than the candidate matches itself; a mother's
        // record may match it as well (every field the candidate gives agrees) and be her child's.
        let best = linker.weight(records, y, y, code: records.pattern(y, y), table: table, model: model)
        guard weight < best || (adult && weight == best && records.childOf[y] >= 0) else { return false }
        for (n, rule) in PersonIndex.claimRules.enumerated() {
            guard let k = PersonIndex.claimKey(records, rule, y), announced[n].count(k) <= BlockingRule.largestBlock else { continue }
            var j = announced[n].first(k)
            while j >= 0 {
                defer { j = announced[n].after(j) }
                guard j != Int32(i) else { continue }
                // A record with the candidate's NHS number is the candidate's own, whatever it weighs.
                if records.nhs[Int(j)] >= 0 && records.nhs[Int(j)] == records.nhs[y] {
                    if records.twoChildren([Int32(i)], [j]) { return true }
                    continue
                }
                let code = records.pattern(Int(j), y)
                guard !records.barsLinking(Int(j), y, code: code) else { continue }
                let theirs = linker.weight(records, Int(j), y, code: code, table: table, model: model)
                if theirs > weight || (theirs == weight && adult && namedForOneChild(Int(j), y) && !namedForOneChild(i, y)),
                   records.twoChildren([Int32(i)], [j]) { return true }
            }
        }
        return false
    }

    /// Whether parents' records `a` and `b` are named on records of children that link.
    func namedForOneChild(_ a: Int, _ b: Int) -> Bool {
        let x = Int(records.childOf[a]), y = Int(records.childOf[b])
        guard x >= 0, y >= 0 else { return false }
        let code = records.pattern(x, y)
        return !records.barsLinking(x, y, code: code) && linker.weight(records, x, y, code: code, table: tables[0], model: models.child) >= linker.autoLink
    }

    /// Scores every record of `range` on a thread of its own; `wait` gives the result.
    func start(_ range: Range<Int>) -> ScoredBatch {
        let batch = ScoredBatch(range)
        DispatchQueue.global(qos: .userInitiated).async {
            var seen: Set<Int32> = []
            var starts = [0], scored: [ScoredCandidate] = []
            starts.reserveCapacity(range.count + 1)
            for i in range {
                score(i, into: &scored, seen: &seen)
                starts.append(scored.count)
            }
            batch.starts = starts
            batch.scored = scored
            batch.ready.signal()
        }
        return batch
    }
}

/// A run of announced records scored ahead of their turn, while the records before them are
/// being decided: scoring, most of a record's linking, needs nothing those decisions change.
final class ScoredBatch: @unchecked Sendable {
    let range: Range<Int>
    /// Record `range.lowerBound + k`'s candidates are `scored[starts[k]..<starts[k + 1]]`.
    /// Written by the scoring thread before it signals `ready`, read only after `wait`.
    fileprivate var starts: [Int] = []
    fileprivate var scored: [ScoredCandidate] = []
    fileprivate let ready = DispatchSemaphore(value: 0)
    private var waited = false

    init(_ range: Range<Int>) { self.range = range }

    /// Waits until the batch is scored.
    func wait() {
        if !waited { ready.wait(); waited = true }
    }

    /// Record `i`'s candidates (`i` in `range`, after `wait`).
    func candidates(_ i: Int) -> ArraySlice<ScoredCandidate> {
        let k = i - range.lowerBound
        return scored[starts[k]..<starts[k + 1]]
    }
}
