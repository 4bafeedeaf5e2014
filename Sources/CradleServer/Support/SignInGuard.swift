import Vapor
import SQLKit
import CradleCore

/// Checks a username and password, locking the account for a while after repeated failures
/// so that passwords cannot be guessed, and recording every failure in the audit trail.
enum SignInGuard {
    static let maximumFailures = 5
    static let lockout: TimeInterval = 15 * 60

    enum Outcome { case signedIn(PractitionerQueries.Row), refused(String) }

    /// One answer to every refusal, so it never tells whether a username exists or is locked.
    static let refusal = "Username or password is not right. After \(maximumFailures) wrong attempts an account is locked for 15 minutes; an administrator can unlock it."

    /// What an unknown username's password is checked against: every attempt costs the same
    /// bcrypt, so timing does not tell a real username from a made-up one.
    static let standIn = (try? Bcrypt.hash("no account has this password", cost: 10)) ?? ""

    static func check(username: String, password: String, on req: Request) async throws -> Outcome {
        let now = Date().timeIntervalSince1970
        let account = try await PractitionerQueries.byUsername(username, on: req.sql).flatMap { $0.active ? $0 : nil }
        let matches = try await req.password.async.verify(password, created: account?.passwordHash ?? standIn)
        guard let account else {
            try await audit(req, username: username, reason: "Unknown or inactive username")
            return .refused(refusal)
        }
        if matches {
            // Cleared only if not locked now: a right password inside a burst of wrong ones,
            // or while locked, is refused like any other.
            let cleared = try await req.sql.raw("""
                UPDATE practitioners SET failed_sign_ins = 0, locked_until = NULL
                WHERE id = \(bind: account.id) AND (locked_until IS NULL OR locked_until <= \(bind: now)) RETURNING id
                """).first(decodingColumn: "id", as: Int64.self)
            if cleared != nil { return .signedIn(account) }
            try await audit(req, username: username, actor: account, reason: "Sign-in while locked")
            return .refused(refusal)
        }
        // Counted in the database, one statement per failure, so parallel attempts cannot
        // each read the same count and all stay under the limit.
        struct Counted: Decodable { var failedSignIns: Int; var lockedUntil: Double? }
        let counted = try await req.sql.raw("""
            UPDATE practitioners SET failed_sign_ins = failed_sign_ins + 1,
                locked_until = CASE WHEN failed_sign_ins + 1 >= \(bind: maximumFailures) THEN \(bind: now + lockout) ELSE locked_until END
            WHERE id = \(bind: account.id) RETURNING failed_sign_ins, locked_until
            """).first(decoding: Counted.self, with: rowDecoder)
        let failures = counted?.failedSignIns ?? 0
        let locked = (counted?.lockedUntil ?? 0) > now
        try await audit(req, username: username, actor: account,
                        reason: locked ? "Wrong password (\(failures) in a row); account locked" : "Wrong password (\(failures) of \(maximumFailures))")
        return .refused(refusal)
    }

    static func audit(_ req: Request, username: String, actor row: PractitionerQueries.Row? = nil, reason: String) async throws {
        let actor = row.map { Actor(practitionerId: $0.id, profession: Profession(rawValue: $0.profession), organisationId: $0.organisationId) } ?? .anonymous
        try await req.auditSignInRefusal(reason, actor: actor, action: .create, detail: "username=\(username)")
    }
}
