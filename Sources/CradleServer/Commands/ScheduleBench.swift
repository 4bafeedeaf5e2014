import Foundation
import CradleCore

/// `cradle bench schedule`: computes every child's Healthy Child Programme schedule and each
/// team's list of due and overdue reviews, for a synthetic borough of N children held in
/// memory (dates of birth over five years, reviews done at the rates and delays the demo
/// borough uses), and reports the time taken.
enum ScheduleBench {
    struct Child {
        var born: Day?
        var expected: Day?
        var done: [MandatedReview: Day]
        var team: Int
    }

    static func children(_ n: Int, today: Day, seed: UInt64 = 1) -> [Child] {
        var rng = SplitMix64(seed: seed)
        var out: [Child] = []
        out.reserveCapacity(n)
        for i in 0..<n {
            if rng.chance(0.015) {
                out.append(Child(born: nil, expected: today + rng.int(1...200), done: [:], team: i % 4))
                continue
            }
            let born = today - rng.int(0...1_825)
            var done: [MandatedReview: Day] = [:]
            for (review, onTime, late) in [(MandatedReview.newBirth, 10...14, 15...30), (.sixToEightWeeks, 42...56, 57...84),
                                           (.twelveMonths, 270...365, 366...456), (.twoYears, 730...912, 913...1_000)] {
                let roll = rng.unit()
                let day = roll < 0.8 ? rng.int(onTime) : roll < 0.92 ? rng.int(late) : Int.max
                if day != Int.max, born + day <= today { done[review] = born + day }
            }
            out.append(Child(born: born, expected: nil, done: done, team: i % 4))
        }
        return out
    }

    struct Result {
        var children: Int
        var seconds: Double
        var outstanding: Int
        var overdue: Int
        var perTeam: [Int]
    }

    /// Schedules for everyone, then each team's worklist sorted most urgent first.
    static func run(_ children: [Child], today: Day) -> Result {
        let start = DispatchTime.now().uptimeNanoseconds
        var lists = Array(repeating: [(Day, Int, MandatedReview)](), count: 4)
        var overdue = 0
        for (i, c) in children.enumerated() {
            let s = ReviewSchedule(born: c.born, expected: c.expected, done: c.done, today: today)
            for e in s.outstanding {
                lists[c.team].append((e.window.to, i, e.review))
                if case .overdue = e.status { overdue += 1 }
            }
        }
        for t in lists.indices { lists[t].sort { ($0.0, $0.1) < ($1.0, $1.1) } }
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        return Result(children: children.count, seconds: seconds, outstanding: lists.map(\.count).reduce(0, +), overdue: overdue,
                      perTeam: lists.map(\.count))
    }
}
