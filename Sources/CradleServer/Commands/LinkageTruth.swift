import Foundation
import CradleCore

extension LinkageBench {
    /// Who each row of the bench's files is (`file,record_id,person,identifiable`: the person as
    /// `c…` for a child, `m…` for a mother; identifiable when the row has a name and a date of
    /// birth), and the pairs of twins.
    struct Truth {
        var personOf: [String: String] = [:]
        var identifiable: Set<String> = []
        var twins: Set<[String]>

        init(file: URL, twins: Set<[String]>) throws {
            self.twins = twins
            let rows = try CSVReader.records(String(contentsOf: file, encoding: .utf8))
            for r in rows.dropFirst() where r.count >= 3 {
                personOf["\(r[0]),\(r[1])"] = r[2]
                if r.count < 4 || r[3] == "1" { identifiable.insert("\(r[0]),\(r[1])") }
            }
        }

        /// Truth rows that are not in the store: all of them, and those with a name and a date of birth.
        func missing(from stored: [String: String]) -> (all: Int, identifiable: Int) {
            let gone = personOf.keys.filter { stored[$0] == nil }
            return (gone.count, gone.filter { identifiable.contains($0) }.count)
        }

        struct Pairs {
            var truePairs = 0, predictedPairs = 0, correctPairs = 0
            var precision: Double { predictedPairs == 0 ? 1 : Double(correctPairs) / Double(predictedPairs) }
            var recall: Double { truePairs == 0 ? 1 : Double(correctPairs) / Double(truePairs) }
            var f1: Double { precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall) }
        }

        struct Score {
            var children = Pairs(), mothers = Pairs()
            /// Stored people holding a child's record and an adult's.
            var childWithAdult = 0
            /// Stored people holding two or more children's records of different children, and of those, twins.
            var childrenMerged = 0, twinsMerged = 0
        }

        /// Pairwise precision and recall over every truth row (a row missing from the store
        /// links to nothing), for children and mothers apart.
        func score(_ stored: [String: String]) -> Score {
            func c2(_ n: Int) -> Int { n * (n - 1) / 2 }
            var s = Score()
            var truthSize: [String: Int] = [:]
            for (_, p) in personOf { truthSize[p, default: 0] += 1 }
            for (p, n) in truthSize { if p.hasPrefix("c") { s.children.truePairs += c2(n) } else { s.mothers.truePairs += c2(n) } }
            var byPerson: [String: [String]] = [:]
            for (record, person) in stored { if let t = personOf[record] { byPerson[person, default: []].append(t) } }
            for (_, members) in byPerson {
                let kids = members.filter { $0.hasPrefix("c") }, adults = members.filter { $0.hasPrefix("m") }
                if !kids.isEmpty && !adults.isEmpty { s.childWithAdult += 1 }
                s.children.predictedPairs += c2(kids.count)
                s.mothers.predictedPairs += c2(adults.count)
                var counts: [String: Int] = [:]
                for m in members { counts[m, default: 0] += 1 }
                for (t, n) in counts { if t.hasPrefix("c") { s.children.correctPairs += c2(n) } else { s.mothers.correctPairs += c2(n) } }
                let distinct = Set(kids).sorted()
                if distinct.count > 1 {
                    s.childrenMerged += 1
                    var twin = false
                    for x in distinct.indices { for y in distinct.indices where y > x && twins.contains([distinct[x], distinct[y]].sorted()) { twin = true } }
                    if twin { s.twinsMerged += 1 }
                }
            }
            return s
        }
    }
}
