import Dispatch

extension RandomAccessCollection where Index == Int, Self: Sendable {
    /// `map` on two workers, each taking one half in order; the result is in the collection's
    /// order. For large transformations of independent elements (rows of a file): small
    /// collections are mapped on the calling thread.
    public func parallelMap<T>(minimum: Int = 2_000, _ transform: @Sendable (Element) -> T) -> [T] {
        let workers = count >= minimum ? 2 : 1
        guard workers > 1 else { return map(transform) }
        let out = ParallelParts<T>(workers)
        let size = (count + workers - 1) / workers
        DispatchQueue.concurrentPerform(iterations: workers) { w in
            let from = startIndex + w * size, to = Swift.min(endIndex, from + size)
            out.parts[w] = from < to ? self[from..<to].map(transform) : []
        }
        return Array(out.parts.joined())
    }
}

/// Each worker's share of a `parallelMap`, written by that worker alone.
private final class ParallelParts<T>: @unchecked Sendable {
    var parts: [[T]]
    init(_ n: Int) { parts = Array(repeating: [], count: n) }
}
