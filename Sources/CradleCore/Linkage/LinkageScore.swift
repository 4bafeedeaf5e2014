/// Pairwise accuracy of a linkage against the truth: of the record pairs put in one person,
/// how many are one child (precision); of the pairs that are one child, how many were put
/// together (recall).
public struct LinkageScore: Sendable, Equatable {
    public var truePairs: Int
    public var predictedPairs: Int
    public var correctPairs: Int

    public var precision: Double { predictedPairs == 0 ? 1 : Double(correctPairs) / Double(predictedPairs) }
    public var recall: Double { truePairs == 0 ? 1 : Double(correctPairs) / Double(truePairs) }
    public var f1: Double { precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall) }

    public static func score(personOf: [Int32], truth: [Int32]) -> LinkageScore {
        func pairs<K: Hashable>(_ keys: [K]) -> Int {
            var sizes: [K: Int] = [:]
            for k in keys { sizes[k, default: 0] += 1 }
            return sizes.values.reduce(0) { $0 + $1 * ($1 - 1) / 2 }
        }
        let both = zip(personOf, truth).map { Int64($0) << 32 | Int64($1) }
        return LinkageScore(truePairs: pairs(truth), predictedPairs: pairs(personOf), correctPairs: pairs(both))
    }
}
