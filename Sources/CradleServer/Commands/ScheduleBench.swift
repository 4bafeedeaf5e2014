import Foundation
import CradleCore

/// `cradle bench schedule`: computes every child's Healthy Child Programme schedule and each
/// team's worklist of due and overdue reviews, with the code the worklist page uses, for a
/// synthetic borough of N children held in memory (dates of birth over five years, reviews
/// done at the demo borough's rates and delays), and reports the time taken.
enum ScheduleBench {
    static let teams = 4

    typealias Child = (born: Day?, expected: Day?, done: [MandatedReview: Day])

    /// The children of each team.
    static func children(_ n: Int, today: Day, seed: UInt64 = 1) -> [[Child]] {
        var rng = SplitMix64(seed: seed)
        var out = Array(repeating: [Child](), count: teams)
        for i in 0..<n {
            if rng.chance(0.015) {
                out[i % teams].append((nil, today + rng.int(1...200), [:]))
                continue
            }
            let born = today - rng.int(0...1_825)
            var done: [MandatedReview: Day] = [:]
            for t in DemoBorough.reviewTimings {
                if let day = DemoBorough.reviewDay(t, rng: &rng), born + day <= today { done[t.review] = born + day }
            }
            out[i % teams].append((born, nil, done))
        }
        return out
    }

    struct Result {
        var seconds: Double
        var outstanding: Int
        var overdue: Int
        var perTeam: [Int]
    }

    static func run(_ byTeam: [[Child]], today: Day) -> Result {
        let start = DispatchTime.now().uptimeNanoseconds
        let lists = byTeam.map { ReviewSchedule.worklist($0, today: today) }
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        let overdue = lists.joined().filter { if case .overdue = $0.entry.status { true } else { false } }.count
        return Result(seconds: seconds, outstanding: lists.map(\.count).reduce(0, +), overdue: overdue, perTeam: lists.map(\.count))
    }
}
