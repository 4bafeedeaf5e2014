import Vapor
import NIOConcurrencyHelpers
import CradleCore

/// The limits a council sets on its busiest doors: the public help form (per address and
/// overall) and search (per practitioner). Counted in this server's memory: behind a load
/// balancer each server applies them to what reaches it.
public struct RateLimitSettings: Sendable, Equatable {
    public var helpPerAddress = RateLimit(limit: 5, window: 3_600)
    public var helpOverall = RateLimit(limit: 300, window: 3_600)
    public var searchPerUser = RateLimit(limit: 60, window: 60)
    /// Family sign-in links: mailed to one address, asked for from one network address, and
    /// links that did not work, tried from one network address (as guessing practitioners'
    /// passwords is stopped after five).
    public var familyLinksPerEmail = RateLimit(limit: 5, window: 3_600)
    public var familyLinksPerAddress = RateLimit(limit: 20, window: 3_600)
    public var familyBadLinksPerAddress = RateLimit(limit: 5, window: 900)
    public init() {}
}

final class RateLimiter: Sendable {
    private let counter = NIOLockedValueBox((SlidingWindowCounter(), pruned: 0.0))

    func allow(_ key: String, _ rule: RateLimit, now: Double = Date().timeIntervalSince1970) -> Bool {
        counter.withLockedValue { state in
            if now - state.pruned > 600 {
                state.0.prune(now: now, longestWindow: 86_400)
                state.pruned = now
            }
            return state.0.allow(key, rule, now: now)
        }
    }
}

struct RateLimiterKey: StorageKey { typealias Value = RateLimiter }

extension Application {
    /// Made by `configure`, before requests arrive, so concurrent requests never race to make it.
    var rateLimiter: RateLimiter {
        if let r = storage[RateLimiterKey.self] { return r }
        let r = RateLimiter()
        storage[RateLimiterKey.self] = r
        return r
    }
}

extension Request {
    /// Refuses the request with 429, a message a person can act on and a deny entry in the
    /// audit trail when any of `limits` is spent; otherwise counts it.
    func throttle(_ limits: [(key: String, rule: RateLimit)], action: CradleCore.Action, resource: Resource, message: String) async throws {
        for (key, rule) in limits where !application.rateLimiter.allow(key, rule) {
            try await auditRefusal(action, resource, reason: "Rate limit: more than \(rule.limit) in \(Int(rule.window)) seconds (\(key.split(separator: ":").first ?? ""))",
                                   detail: key)
            throw Abort(.tooManyRequests, headers: ["Retry-After": String(Int(rule.window))], reason: message)
        }
    }

    /// A practitioner's searches, page and API alike.
    func throttleSearch() async throws {
        let rule = application.settings.rateLimits.searchPerUser
        try await throttle([("search-user:\(actor.practitionerId ?? -1)", rule)], action: .search, resource: Resource(.searchResult),
                           message: "You have searched more than \(rule.limit) times in \(Int(rule.window)) seconds. Wait a minute and search again; if you need to search in bulk, ask your records team.")
    }

    /// The address the request came from (the connection's; a proxy in front must be trusted
    /// to pass it on as the connection address).
    var clientAddress: String { remoteAddress?.ipAddress ?? "unknown" }
}
