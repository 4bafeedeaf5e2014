/// How many requests one key (an address, a user, everyone) may make in a sliding window.
public struct RateLimit: Sendable, Equatable, Codable {
    public var limit: Int
    /// Seconds.
    public var window: Double

    public init(limit: Int, window: Double) { self.limit = limit; self.window = window }
}

/// Counts requests per key over a sliding window: a request is allowed when fewer than
/// `limit` of that key's requests fall in the last `window` seconds. Refused requests do
/// not count, so a client that backs off gets through again.
public struct SlidingWindowCounter: Sendable {
    private var seen: [String: [Double]] = [:]

    public init() {}

    public mutating func allow(_ key: String, _ rule: RateLimit, now: Double) -> Bool {
        var times = (seen[key] ?? []).filter { now - $0 < rule.window }
        guard times.count < rule.limit else { seen[key] = times; return false }
        times.append(now)
        seen[key] = times
        return true
    }

    /// Forgets keys with nothing in their window, so the table does not grow without end.
    public mutating func prune(now: Double, longestWindow: Double) {
        seen = seen.filter { $0.value.contains { now - $0 < longestWindow } }
    }
}
