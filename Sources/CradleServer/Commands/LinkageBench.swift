import Foundation
import CradleCore

/// `cradle bench linkage [--children N]`: generates a health extract and a children's-centre
/// register about N children with the truth, links them, and prints accuracy, speed and
/// peak memory.
enum LinkageBench {
    static func run(children: Int, today: Day, print: (String) -> Void) {
        print("Cradle bench linkage — \(children) children")
        var started = Date()
        let extracts = LinkageExtracts.generate(children: children, seed: 7, today: today)
        let health = extracts.records.filter { $0.source == 0 }.count
        print(String(format: "Generated %d health and %d children's-centre records in %.1f s (%d without an NHS number)",
                     health, extracts.records.count - health, Date().timeIntervalSince(started),
                     extracts.records.filter { $0.nhsNumber == nil }.count))
        started = Date()
        let result = Linker().link(extracts.records)
        let seconds = Date().timeIntervalSince(started)
        let score = LinkageScore.score(personOf: result.personOf, truth: extracts.truth)
        let twins = twinsMerged(extracts, result)
        print(String(format: "Linked %d records in %.1f s (%.0f records/s): %d pairs compared, %d links (%d by NHS number), %d for review, EM %d iterations, match proportion %.3f, %d records in blocks too large to compare",
                     extracts.records.count, seconds, Double(extracts.records.count) / seconds, result.comparedPairs, result.links.count,
                     result.links.filter { $0.kind == .deterministic }.count, result.review.count, result.model.iterations, result.model.matchProportion,
                     result.skippedInLargeBlocks))
        print(String(format: "Precision %.4f  recall %.4f  F1 %.4f  (%d true pairs, %d predicted, %d correct)",
                     score.precision, score.recall, score.f1, score.truePairs, score.predictedPairs, score.correctPairs))
        print("Twins merged into one person: \(twins)")
        if ProcessInfo.processInfo.environment["LINK_DEBUG"] != nil {
            for c in Comparison.allCases {
                print(c.label + ": " + c.levels.indices.map { l in String(format: "%@ m=%.4f u=%.5f w=%.1f", c.levels[l], result.model.m[c.rawValue][l], result.model.u[c.rawValue][l], result.model.weights[c.rawValue][l]) }.joined(separator: " | "))
            }
            var byPerson: [Int32: [Int]] = [:]
            for (i, p) in result.personOf.enumerated() { byPerson[p, default: []].append(i) }
            var shown = 0
            for (_, recs) in byPerson where Set(recs.map { extracts.truth[$0] }).count > 1 && shown < 12 {
                shown += 1
                print("--")
                for i in recs { let x = extracts.records[i]; print("  t\(extracts.truth[i]) \(x.key) nhs=\(x.nhsNumber ?? "-") \(x.givenName) \(x.familyName) \(x.dateOfBirth?.iso ?? "-") \(x.sex?.rawValue ?? "-") \(x.postcode?.normalised ?? "-") m=\(x.motherGivenName ?? "-") \(x.motherDateOfBirth?.iso ?? "-")") }
            }
        }
        print(String(format: "Peak resident memory: %.0f MiB", peakMemoryMiB()))
        print("Targets: F1 ≥ 0.99 at 100,000 children; 1,000,000 linked in ≤ 60 s with peak memory ≤ 4 GiB; twins never merged.")
    }

    /// Twins put into one person: two children of one mother (as the health extract records
    /// her) with one birth date, in one person.
    static func twinsMerged(_ e: LinkageExtracts, _ r: LinkageResult) -> Int {
        var first: [Int32: LinkRecord] = [:]
        for (i, t) in e.truth.enumerated() where first[t] == nil { first[t] = e.records[i] }
        var childrenOf: [Int32: Set<Int32>] = [:]
        for (i, p) in r.personOf.enumerated() { childrenOf[p, default: []].insert(e.truth[i]) }
        var merged = 0
        for (_, kids) in childrenOf where kids.count > 1 {
            let births = kids.compactMap { first[$0] }.map { "\($0.familyName)|\($0.dateOfBirth?.iso ?? "")|\($0.motherGivenName ?? "")|\($0.motherDateOfBirth?.iso ?? "")" }
            if Set(births).count < births.count { merged += 1 }
        }
        return merged
    }

    static func peakMemoryMiB() -> Double {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return Double(usage.ru_maxrss) / 1024
    }
}
