import Dispatch

/// The person index: records linked into people, taking new records one at a time. A new
/// record is scored against the records its blocking keys find, with the model the full run
/// estimated, and joins the best person, goes to review, or starts a new person. Nothing
/// already linked is recomputed or renumbered: a person's id is the index of its first
/// record, and stays.
public struct PersonIndex: Sendable {
    public enum Decision: Sendable, Equatable {
        case linked(person: Int32, candidate: Int32, weight: Double, kind: RecordLink.Kind)
        /// A new person for now; the pair is proposed for review.
        case review(newPerson: Int32, candidate: Int32, weight: Double)
        case newPerson(Int32)
    }

    let linker: Linker
    var records: PreparedRecords
    public private(set) var models: LinkModels
    public var model: MatchModel { models.child }
    public private(set) var personOf: [Int32]
    var members: [Int32: [Int32]] = [:]
    var personNHS: [Int32: Int64] = [:]
    /// Records by each blocking rule's key (the NHS number's rule finds the records with a
    /// number: the same number is the same person, whatever else blocking finds).
    var blocks: [KeyChains]
    /// The same blocks holding only records without an NHS number: all a record with one can
    /// link to by weight (two NHS numbers are never one person), so a birth feed, where every
    /// record has one, compares each new record with few others however large the index.
    var unnumbered: [KeyChains]
    /// Pattern weights for children (0) and adults (1).
    let tables: [[Double]]
    /// The records of the file being added, announced by `expect`, by each of `claimRules`'
    /// keys (a record added unannounced is a file alone).
    var announced = PersonIndex.noneAnnounced
    /// Pairs of people (by representative record) a person has said are two: never merged.
    var apart: Set<UInt64> = []
    /// People a record linked to besides the one it joined, to be merged by `settleBridges`
    /// once the whole file is in.
    var bridges: [Bridge] = []
    /// For each person, the strongest record added since the last settling that could link to
    /// it: a bridge to a person is made only by that record. Of two as strong, the first, unless
    /// only the later is a parent named on a record of a child the person's parent record is
    /// named on (`parentOfSameChild`).
    var strongestNew: [Int32: (weight: Double, record: Int32, sameChild: Bool)] = [:]
    /// Whether the last `add` proposed a bridge.
    public private(set) var lastProposedBridge = false
    /// The announced records being added, scored ahead (`CandidateScorer`), and the run after
    /// them, being scored meanwhile.
    var scoredNow: ScoredBatch?
    var scoredNext: ScoredBatch?
    /// Announced records scored in one run.
    var scoringRun = 1_024

    /// A record (`record`) that joined one person and links to another (`candidate`'s).
    struct Bridge {
        var record: Int32
        var candidate: Int32
        var person: Int32
    }

    /// Links `records` in one run and keeps what later records are scored against.
    public init(linking records: [LinkRecord], linker: Linker = Linker()) {
        let prepared = PreparedRecords(records, nicknames: linker.nicknames)
        let result = linker.link(prepared: prepared)
        self.linker = linker
        self.records = prepared
        models = result.models
        personOf = result.personOf
        tables = [linker.patternWeights(result.models.child), linker.patternWeights(result.models.adult)]
        blocks = Array(repeating: KeyChains(), count: BlockingRule.allCases.count)
        unnumbered = blocks
        index(0..<self.records.count)
        for i in 0..<self.records.count { remember(Int32(i)) }
    }

    /// An index restored from stored links: each record's person (as the index of one of its
    /// records), for each parent's record the record of the child whose row named them (-1
    /// for none), and the models that weighed them. Nothing is linked again.
    public init(records: [LinkRecord], personOf: [Int32], childOf: [Int32]? = nil, models: LinkModels, linker: Linker = Linker()) {
        precondition(records.count == personOf.count && (childOf?.count ?? records.count) == records.count)
        self.linker = linker
        self.records = PreparedRecords(records, nicknames: linker.nicknames)
        if let childOf { self.records.childOf = childOf }
        self.models = models
        self.personOf = personOf
        tables = [linker.patternWeights(models.child), linker.patternWeights(models.adult)]
        blocks = Array(repeating: KeyChains(), count: BlockingRule.allCases.count)
        unnumbered = blocks
        index(0..<self.records.count)
        for i in 0..<self.records.count { remember(Int32(i)) }
    }

    /// Records added so far (records announced by `expect` count once added).
    public var recordCount: Int { personOf.count }

    /// Prepares the records about to be added (a file's), so that how common a name is is
    /// judged on the whole file from its first record (the same files give the same weights in
    /// whichever order they come), and a record can see which of the file's later records is a
    /// candidate's own. Add exactly these records next, in this order.
    public mutating func expect(_ coming: [LinkRecord]) {
        precondition(recordCount == records.count, "the records announced before are not all added")
        let from = records.count
        announced = Self.noneAnnounced
        for r in coming { records.append(r) }
        index(from..<records.count)
        for j in from..<records.count {
            for (n, rule) in Self.claimRules.enumerated() {
                if let k = Self.claimKey(records, rule, j) { announced[n].insert(Int32(j), key: k) }
            }
        }
    }

    /// The blocking rules a person's own record nearly always shares with their record in
    /// another source (a child's full name when the birth date is missing or a year out and the
    /// family moved), by which the file's other records are found (`CandidateScorer.anotherRecordClaims`).
    static let claimRules: [BlockingRule] = [.birthDateAndFamilyInitial, .familyYearAndGivenInitial, .postcodeAndGivenInitial, .fullName]
    static let noneAnnounced = Array(repeating: KeyChains(), count: claimRules.count)

    /// A record's key under one of `claimRules`, with its role in the top bit (which no rule's
    /// key uses): a record looks only among records of its own role.
    static func claimKey(_ records: PreparedRecords, _ rule: BlockingRule, _ i: Int) -> UInt64? {
        rule.key(records, i).map { records.adult[i] ? $0 | 1 << 63 : $0 }
    }

    /// Remembers that two people (by representative record) are two, so that no record ever
    /// merges them.
    public mutating func keepApart(_ a: Int32, _ b: Int32) { apart.insert(Self.pair(a, b)) }

    static func pair(_ a: Int32, _ b: Int32) -> UInt64 { UInt64(UInt32(min(a, b))) << 32 | UInt64(UInt32(max(a, b))) }

    /// Why records `a` and `b` score what they do, from the index's own prepared records and
    /// name counts: the comparisons' weights sum to the pair's weight.
    public func explain(_ a: Int32, _ b: Int32) -> [ComparisonWeight] {
        linker.explain(records, Int(a), Int(b), model: models[adult: records.adult[Int(a)]])
    }

    /// Puts records in the blocks. A file's records go in when it is announced, ahead of
    /// their turn: each walks only the records older than itself. Each rule's blocks are
    /// their own, so a large run is shared between two workers by rule.
    mutating func index(_ range: Range<Int>) {
        final class Slot: @unchecked Sendable {
            var blocks: KeyChains, unnumbered: KeyChains
            init(_ b: KeyChains, _ u: KeyChains) { blocks = b; unnumbered = u }
        }
        let slots = zip(blocks, unnumbered).map(Slot.init)
        // Each slot holds the only copy while the workers write.
        blocks = []; unnumbered = []
        let records = self.records
        let workers = range.count >= 2_000 ? 2 : 1
        DispatchQueue.concurrentPerform(iterations: workers) { w in
            for rule in BlockingRule.allCases where rule.rawValue % workers == w {
                let slot = slots[rule.rawValue]
                for i in range {
                    guard let k = rule.key(records, i) else { continue }
                    slot.blocks.insert(Int32(i), key: k)
                    if records.nhs[i] >= 0 { slot.unnumbered.mark(Int32(i), key: k) } else { slot.unnumbered.insert(Int32(i), key: k) }
                }
            }
        }
        blocks = slots.map(\.blocks); unnumbered = slots.map(\.unnumbered)
    }

    /// Records a record's person.
    mutating func remember(_ i: Int32) {
        let person = personOf[Int(i)]
        members[person, default: []].append(i)
        if records.nhs[Int(i)] >= 0 && personNHS[person] == nil { personNHS[person] = records.nhs[Int(i)] }
    }

    var scorer: CandidateScorer {
        CandidateScorer(records: records, blocks: blocks, unnumbered: unnumbered, announced: announced, tables: tables, models: models, linker: linker)
    }

    /// Announced record `i`'s candidates, scored ahead, with the run after it started
    /// meanwhile: nothing the scoring thread reads changes until the file's records are all
    /// added, as `expect` asks.
    mutating func candidates(_ i: Int) -> ArraySlice<ScoredCandidate> {
        if let now = scoredNow, now.range.contains(i) { return now.candidates(i) }
        let end = records.count
        let size = scoringRun
        let run = { (from: Int) in from..<min(end, from + size) }
        let now = scoredNext.flatMap { $0.range.contains(i) ? $0 : nil } ?? scorer.start(run(i))
        now.wait()
        scoredNow = now
        let after = now.range.upperBound
        scoredNext = after < end ? scorer.start(run(after)) : nil
        return now.candidates(i)
    }

    /// The best-scoring record of one person the new record was compared with.
    struct Candidate {
        var person: Int32
        var record: Int32
        var weight: Double
        var sameNHS: Bool
        /// The pair's pattern, whether it is within one source, and the new record's role.
        var code: Int
        var sameSource: Bool
        var adult: Bool
        /// The pair may not link on weight alone (`PreparedRecords.barsLinking`).
        var barred: Bool
        /// Another record of the file is the candidate's own (`CandidateScorer.anotherRecordClaims`).
        var claimed: Bool

        /// Whether the pair may link on its weight: not barred, and as strong as its sources
        /// ask (`Linker.linksFrom`).
        func linkable(_ linker: Linker) -> Bool { !barred && weight >= linker.linksFrom(adult: adult, sameSource: sameSource) }

        var givenDiffers: Bool { Pattern.level(code, .givenName) == Comparison.givenDifferent }
        /// Same birth date, a different given name, and the same family name or mother: the
        /// pattern of a twin.
        var twinLike: Bool {
            givenDiffers && Pattern.level(code, .dateOfBirth) == 0 && (Pattern.level(code, .familyName) == 0 || Pattern.level(code, .mother) <= 1)
        }
    }

    /// Adds one record and says what became of it. The people its blocking keys find are
    /// tried strongest first: it joins the first it may belong to (never two NHS numbers in
    /// one person, never a second child of one source, never a different given name or, for a
    /// child, birth date), and otherwise is proposed for review against the strongest it might
    /// be (a twin only when nobody else is; never a brother or sister,
    /// `PreparedRecords.worthReview`), or starts a person of its own.
    public mutating func add(_ record: LinkRecord) -> Decision {
        let i = recordCount
        let scored: ArraySlice<ScoredCandidate>
        if i == records.count {
            records.append(record)
            announced = Self.noneAnnounced
            index(i..<i + 1)
            var one: [ScoredCandidate] = [], seen: Set<Int32> = []
            scorer.score(i, into: &one, seen: &seen)
            scored = one[...]
        } else {
            scored = candidates(i)
        }
        let mine = records.nhs[i]
        let adult = records.adult[i]
        var best: [Int32: Candidate] = [:]
        for s in scored {
            let j = s.record
            let c = Candidate(person: personOf[Int(j)], record: j, weight: s.weight, sameNHS: s.sameNHS, code: Int(s.code),
                              sameSource: s.sameSource, adult: adult, barred: s.barred, claimed: s.claimed)
            // A person is weighed by the record that lets it link, where one does: a stronger record
            // of the new record's own source, short of that source's bar, does not hide a
            // record from another source that links.
            if let b = best[c.person], (b.sameNHS ? 1 : 0, b.linkable(linker) ? 1 : 0, b.weight, -b.record) >= (c.sameNHS ? 1 : 0, c.linkable(linker) ? 1 : 0, c.weight, -c.record) { continue }
            best[c.person] = c
        }
        for c in best.values where c.weight >= linker.autoLink && !c.barred {
            let sameChild = parentOfSameChild(Int32(i), c.person)
            if let s = strongestNew[c.person], s.weight > c.weight || (s.weight == c.weight && (s.sameChild || !sameChild)) { continue }
            strongestNew[c.person] = (c.weight, Int32(i), sameChild)
        }
        var ranked = best.values.sorted { ($0.sameNHS ? 1 : 0, $0.weight, -$0.person) > ($1.sameNHS ? 1 : 0, $1.weight, -$1.person) }
        let me = Int32(i)
        // Between two people it matches equally, a parent's record joins the one holding a
        // parent named on a record of its child's person; otherwise a record joins the one its
        // own source has not already placed apart from it (for an adult, in another home: a
        // source's mother has a record for each child): had its source's file come first, the
        // other would have been that person's only match.
        func preference(_ person: Int32) -> (Int, Int) { (parentOfSameChild(me, person) ? 1 : 0, ownSourceHoldsApart(me, person) ? 0 : 1) }
        if ranked.count > 1, !ranked[0].sameNHS, ranked[0].weight == ranked[1].weight, preference(ranked[1].person) > preference(ranked[0].person) {
            ranked.swapAt(0, 1)
        }
        var decision = Decision.newPerson(me)
        // A twin is proposed only when no other person is (a baby named after the birth
        // record was made looks like one).
        var twinProposal: Decision? = nil
        for c in ranked {
            if c.sameNHS {
                decision = .linked(person: c.person, candidate: c.record, weight: c.weight, kind: .deterministic)
                break
            }
            let theirs = personNHS[c.person] ?? -1
            let conflict = mine >= 0 && theirs >= 0 && theirs != mine
            // A pair one source already holds as two children (twins, siblings) is not
            // linked; it is proposed only when it is as strong as a link and the names agree
            // (a source's own duplicate with a slip in the name).
            let heldApart = records.twoChildren([me], members[c.person] ?? [])
            if c.weight >= linker.linksFrom(adult: adult, sameSource: c.sameSource) && !conflict && !c.barred && !heldApart {
                // A look-alike of someone whose own record is elsewhere in the file: neither
                // linked nor proposed.
                if c.claimed { continue }
                decision = .linked(person: c.person, candidate: c.record, weight: c.weight, kind: .probabilistic)
                break
            }
            guard case .newPerson = decision, c.weight >= linker.proposesFrom(adult: adult, sameSource: c.sameSource),
                  records.worthReview(i, Int(c.record), code: c.code) else { continue }
            if !heldApart || (c.weight >= linker.autoLink && !c.givenDiffers) {
                let proposal = Decision.review(newPerson: me, candidate: c.record, weight: c.weight)
                if !c.twinLike { decision = proposal } else if twinProposal == nil { twinProposal = proposal }
            }
        }
        if case .newPerson = decision, let twinProposal { decision = twinProposal }
        var joined: Int32? = nil
        if case .linked(let person, _, _, _) = decision { joined = person }
        personOf.append(joined ?? me)
        remember(me)
        lastProposedBridge = false
        if let joined { proposeBridges(from: me, into: joined, ranked) }
        return decision
    }

    /// Whether a parent's record `i` and a record of `person` are both named on records of one
    /// child: a mother is told from another woman of her name and birthday by her child. The
    /// child's record comes before the parent's, so it is already placed.
    func parentOfSameChild(_ i: Int32, _ person: Int32) -> Bool {
        let child = records.childOf[Int(i)]
        guard child >= 0 else { return false }
        let childsPerson = personOf[Int(child)]
        return (members[person] ?? []).contains { m in
            let theirs = records.childOf[Int(m)]
            return theirs >= 0 && personOf[Int(theirs)] == childsPerson
        }
    }

    /// Whether a person holds a record of `i`'s source that may not link with `i`: for an
    /// adult, one at another postcode (not one whose postcode is unknown).
    func ownSourceHoldsApart(_ i: Int32, _ person: Int32) -> Bool {
        let adult = records.adult[Int(i)]
        return (members[person] ?? []).contains { m in
            guard records.source[Int(m)] == records.source[Int(i)] else { return false }
            let code = records.pattern(Int(i), Int(m))
            return (!adult || Pattern.level(code, .postcode) == 3) && records.barsLinking(Int(i), Int(m), code: code)
        }
    }

    /// A record that links to two people shows they are one when it agrees with both on the
    /// birth date and links to each on its own, as a whole-file run would have clustered them,
    /// so a source's own two copies of a child come together whichever file came first. The
    /// merge waits for the end of the file: a later record of the file may be the other
    /// person's better match (its own record, where this one is a look-alike).
    mutating func proposeBridges(from me: Int32, into kept: Int32, _ ranked: [Candidate]) {
        for c in ranked where c.person != kept && c.weight >= linker.autoLink && !c.barred && !c.sameNHS {
            bridges.append(Bridge(record: me, candidate: c.record, person: c.person))
            lastProposedBridge = true
        }
    }

    /// Merges the people the file's records showed to be one (`proposeBridges`): the other
    /// person into the one the record joined, when the record is the strongest of the file's
    /// for that person and nothing keeps them apart: two NHS numbers, two children one source
    /// holds apart, a pair a person split, or a person entered in Cradle by hand (theirs is for
    /// a person to merge). Each of the two people's records would have joined the record's
    /// person had their file come after it, so the merge gives what the other order gives.
    /// Returns each merge (people by representative record) with the record that showed it.
    public mutating func settleBridges() -> [(kept: Int32, merged: Int32, record: Int32)] {
        defer { bridges = []; strongestNew = [:] }
        var out: [(kept: Int32, merged: Int32, record: Int32)] = []
        for b in bridges where strongestNew[b.person]?.record == b.record {
            let kept = personOf[Int(b.record)], other = personOf[Int(b.candidate)]
            guard kept != other, let theirs = members[other], let mine = members[kept] else { continue }
            let (x, y) = (personNHS[kept] ?? -1, personNHS[other] ?? -1)
            if x >= 0 && y >= 0 && x != y { continue }
            if apart.contains(Self.pair(kept, other)) || records.twoChildren(mine, theirs) { continue }
            if (mine + theirs).contains(where: { records.source[Int($0)] == 0 }) { continue }
            for m in theirs { personOf[Int(m)] = kept }
            members[kept] = mine + theirs
            members[other] = nil
            if x < 0 && y >= 0 { personNHS[kept] = y }
            personNHS[other] = nil
            if !apart.isEmpty {
                apart = Set(apart.map { p in
                    let (a, c) = (Int32(truncatingIfNeeded: p >> 32), Int32(truncatingIfNeeded: p & 0xFFFF_FFFF))
                    return a == other ? Self.pair(kept, c) : c == other ? Self.pair(a, kept) : p
                })
            }
            out.append((kept, other, b.record))
        }
        return out
    }
}
