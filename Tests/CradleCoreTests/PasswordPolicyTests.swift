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
