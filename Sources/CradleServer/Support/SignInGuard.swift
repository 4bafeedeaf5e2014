import Vapor
import SQLKit
import CradleCore

/// Checks a username and password, locking the account for a while after repeated failures
/// so that passwords cannot be guessed, and recording every failure in the audit trail.
enum SignInGuard {
    static let maximumFailures = 5
    static let lockout: TimeInterval = 15 * 60

    enum Outcome { case signedIn(PractitionerQueries.Row), refused(String) }

    static func check(username: String, password: String, on req: Request) async throws -> Outcome {
        let now = Date().timeIntervalSince1970
        guard let row = try await PractitionerQueries.byUsername(username, on: req.sql), row.active else {
            try await audit(req, username: username, reason: "Unknown or inactive username")
            return .refused("Username or password is not right")
        }
        if let until = row.lockedUntil, until > now {
            try await audit(req, username: username, actor: row, reason: "Sign-in while locked")
            let minutes = Int(((until - now) / 60).rounded(.up))
            return .refused("This account is locked after \(maximumFailures) failed sign-ins. Try again in \(minutes) minute\(minutes == 1 ? "" : "s"), or ask an administrator.")
        }
        guard try await req.password.async.verify(password, created: row.passwordHash) else {
            let failures = row.failedSignIns + 1
            let lock = failures >= maximumFailures ? now + lockout : nil
            try await req.sql.raw("""
                UPDATE practitioners SET failed_sign_ins = \(bind: lock == nil ? failures : 0), locked_until = \(bind: lock)
                WHERE id = \(bind: row.id)
                """).run()
            try await audit(req, username: username, actor: row, reason: lock == nil ? "Wrong password (\(failures) of \(maximumFailures))" : "Wrong password; account locked")
            return .refused(lock == nil ? "Username or password is not right" : "Username or password is not right. The account is now locked for 15 minutes.")
        }
        if row.failedSignIns > 0 || row.lockedUntil != nil {
            try await req.sql.raw("UPDATE practitioners SET failed_sign_ins = 0, locked_until = NULL WHERE id = \(bind: row.id)").run()
        }
        return .signedIn(row)
    }

    static func audit(_ req: Request, username: String, actor row: PractitionerQueries.Row? = nil, reason: String) async throws {
        let actor = row.map { Actor(practitionerId: $0.id, profession: Profession(rawValue: $0.profession), organisationId: $0.organisationId) } ?? .anonymous
        try await req.auditSignInRefusal(reason, actor: actor, action: .create, detail: "username=\(username)")
    }
}
