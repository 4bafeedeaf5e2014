import Testing
@testable import CradleCore

struct PasswordPolicyTests {
    @Test func longUncommonPasswordsPass() {
        #expect(PasswordPolicy.problems("correct horse battery", username: "health.visitor").isEmpty)
    }

    @Test func shortCommonAndPersonalPasswordsAreRefusedWithReasons() {
        #expect(PasswordPolicy.problems("short1", username: "x").contains("Password must be at least 12 characters"))
        #expect(PasswordPolicy.problems("Password2024!", username: "x").contains { $0.hasPrefix("Password is too common") })
        #expect(PasswordPolicy.problems("liverpool1234", username: "x").contains { $0.hasPrefix("Password is too common") })
        #expect(PasswordPolicy.problems("midwife-rocks-2026", username: "midwife").contains("Password must not contain your username"))
        #expect(PasswordPolicy.problems("abababababababab", username: "x").contains("Password must not repeat one or two characters"))
    }
}

struct RateLimitTests {
    @Test func aKeyIsRefusedPastItsLimitAndLetThroughAsTheWindowSlides() {
        var c = SlidingWindowCounter()
        let rule = RateLimit(limit: 3, window: 60)
        var allowed: [Bool] = []
        for t in [0.0, 1, 2, 10] { allowed.append(c.allow("a", rule, now: t)) }
        #expect(allowed == [true, true, true, false])
        let other = c.allow("b", rule, now: 10)
        #expect(other, "another key has its own count")
        let early = c.allow("a", rule, now: 59.5)
        #expect(!early)
        let later = c.allow("a", rule, now: 60.5)
        #expect(later, "the first request has left the window")
        c.prune(now: 1_000, longestWindow: 60)
        let afterPrune = c.allow("a", rule, now: 1_000)
        #expect(afterPrune)
    }
}
