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
    public private(set) var model: MatchModel
    public private(set) var personOf: [Int32]
    var members: [Int32: [Int32]] = [:]
    var personNHS: [Int32: Int64] = [:]
    var blocks: [[UInt64: [Int32]]]
    /// The same blocks holding only records without an NHS number: all a record with one can
    /// link to by weight (two NHS numbers are never one person), so a birth feed, where every
    /// record has one, compares each new record with few others however large the index.
    var unnumbered: [[UInt64: [Int32]]]
    /// Records by NHS number: the same number is the same person, whatever blocking finds.
    var byNHS: [Int64: [Int32]] = [:]
    let table: [Double]

    /// Links `records` in one run and keeps what later records are scored against.
    public init(linking records: [LinkRecord], linker: Linker = Linker()) {
        let prepared = PreparedRecords(records, nicknames: linker.nicknames)
        let result = linker.link(prepared: prepared)
        self.linker = linker
        self.records = prepared
        model = result.model
        personOf = result.personOf
        table = linker.patternWeights(result.model)
        blocks = Array(repeating: [:], count: BlockingRule.allCases.count)
        unnumbered = blocks
        for i in 0..<self.records.count { remember(Int32(i)) }
    }

    /// An index restored from stored links: each record's person (as the index of one of its
    /// records) and the model that weighed them. Nothing is linked again.
    public init(records: [LinkRecord], personOf: [Int32], model: MatchModel, linker: Linker = Linker()) {
        precondition(records.count == personOf.count)
        self.linker = linker
        self.records = PreparedRecords(records, nicknames: linker.nicknames)
        self.model = model
        self.personOf = personOf
        table = linker.patternWeights(model)
        blocks = Array(repeating: [:], count: BlockingRule.allCases.count)
        unnumbered = blocks
        for i in 0..<self.records.count { remember(Int32(i)) }
    }

    public var recordCount: Int { records.count }

    /// Why records `a` and `b` score what they do, from the index's own prepared records and
    /// name counts: the comparisons' weights sum to the pair's weight.
    public func explain(_ a: Int32, _ b: Int32) -> [ComparisonWeight] {
        linker.explain(records, Int(a), Int(b), model: model)
    }

    mutating func remember(_ i: Int32) {
        let person = personOf[Int(i)]
        members[person, default: []].append(i)
        if records.nhs[Int(i)] >= 0 && personNHS[person] == nil { personNHS[person] = records.nhs[Int(i)] }
        let numbered = records.nhs[Int(i)] >= 0
        if numbered { byNHS[records.nhs[Int(i)], default: []].append(i) }
        for rule in BlockingRule.allCases {
            guard let k = rule.key(records, Int(i)) else { continue }
            blocks[rule.rawValue][k, default: []].append(i)
            if !numbered { unnumbered[rule.rawValue][k, default: []].append(i) }
        }
    }

    /// Adds one record and says what became of it.
    public mutating func add(_ record: LinkRecord) -> Decision {
        records.append(record)
        let i = records.count - 1
        var best: (person: Int32, weight: Double, candidate: Int32, sameNHS: Bool, givenDiffers: Bool)? = nil
        var seen: Set<Int32> = []
        let mine = records.nhs[i]
        // Two NHS numbers are never one person, whatever else they share: a numbered record is
        // scored against the records with its number and those with none.
        let searched = mine >= 0 ? unnumbered : blocks
        var candidates: [[Int32]] = mine >= 0 ? [byNHS[mine] ?? []] : []
        for rule in BlockingRule.allCases {
            guard let k = rule.key(records, i), let found = searched[rule.rawValue][k], found.count <= BlockingRule.largestBlock else { continue }
            candidates.append(found)
        }
        let adult = records.adult[i]
        for found in candidates {
            // A child is never weighed against an adult, whatever they share (even a number).
            for j in found where records.adult[Int(j)] == adult && seen.insert(j).inserted {
                let code = records.pattern(i, Int(j))
                let w = linker.weight(records, i, Int(j), code: code, table: table, model: model)
                let sameNHS = mine >= 0 && mine == records.nhs[Int(j)]
                // The same NHS number wins; otherwise the strongest weight.
                if best == nil || (sameNHS && !best!.sameNHS) || (sameNHS == best!.sameNHS && w > best!.weight) {
                    best = (personOf[Int(j)], w, j, sameNHS, Pattern.level(code, .givenName) == 5)
                }
            }
        }
        let me = Int32(i)
        var decision = Decision.newPerson(me)
        if let b = best {
            let theirs = personNHS[b.person] ?? -1
            let conflict = mine >= 0 && theirs >= 0 && theirs != mine
            let heldApart = records.twoChildren([me], members[b.person] ?? [])
            if b.sameNHS {
                decision = .linked(person: b.person, candidate: b.candidate, weight: b.weight, kind: .deterministic)
            } else if b.weight >= linker.autoLink && !conflict && !b.givenDiffers && !heldApart {
                decision = .linked(person: b.person, candidate: b.candidate, weight: b.weight, kind: .probabilistic)
            } else if b.weight >= linker.reviewFrom && !heldApart {
                // A pair one source already holds as two children (twins, siblings) is not
                // worth a person's time: they are two.
                decision = .review(newPerson: me, candidate: b.candidate, weight: b.weight)
            }
        }
        if case .linked(let person, _, _, _) = decision { personOf.append(person) } else { personOf.append(me) }
        remember(me)
        return decision
    }
}
