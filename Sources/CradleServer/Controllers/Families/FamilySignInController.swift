import Vapor
import CradleCore

/// A parent or carer signs in with a link mailed to the address their family registered: no
/// password to forget or guess. The answer to "send me a link" is the same whether or not the
/// address is registered, and every link works once, for 15 minutes.
enum FamilySignInController {
    static func form(_ req: Request) async throws -> Response {
        try await req.authorize(.read, Resource(.publicPage), purpose: .signIn)
        if req.actor.familyMember != nil { return .seeOther("/family") }
        return .html(FamilySignInViews.form(FormState(), layout: req.layout("Sign in to your family's record")))
    }

    static func send(_ req: Request) async throws -> Response {
        try await req.authorize(.create, Resource(.publicPage), purpose: .signIn)
        let limits = req.application.settings.rateLimits
        let busy = "Too many sign-in links have been asked for from here in the last hour. Please try again later."
        try await req.throttle([("family-link-address:\(req.clientAddress)", limits.familyLinksPerAddress)],
                               action: .create, resource: Resource(.ownAccount), message: busy)
        let fields = try req.formFields()
        guard let email = EmailAddress.normalised(fields["email"] ?? "") else {
            var e = FieldErrors()
            e.add("email", "Enter your email address, like name@example.com")
            return .html(FamilySignInViews.form(FormState(values: fields, errors: e), layout: req.layout("Sign in to your family's record")),
                         status: .unprocessableEntity)
        }
        try await req.throttle([("family-link-email:\(email)", limits.familyLinksPerEmail)], action: .create, resource: Resource(.ownAccount), message: busy)
        if let (account, token) = try await FamilyAccountStore.newLink(email: email, on: req.sql) {
            let settings = req.application.settings
            try settings.mailDrop.send(to: email, subject: "Your link to sign in to your family's record", body: """
                Hello \(account.givenName),

                Use this link to sign in to your family's record with \(settings.earlyHelp.authorityName). It works once, in the next 15 minutes:

                \(settings.publicURL)/family/sign-in/\(token)

                If you did not ask for it, you can ignore this email: nobody can sign in without the link.
                """)
            try await req.application.auditLog?.record(AuditEvent(
                actor: .family(account.member), action: .create, resource: Resource(.ownAccount, familyId: account.familyId), purpose: .signIn,
                decision: "allow", reason: "Sign-in link mailed to the family's registered address", path: req.url.path,
                detail: "family account \(account.id)"))
        } else {
            try await req.auditSignInRefusal("Family sign-in link asked for an address with no active family account", action: .create, detail: "email=\(email)")
        }
        return .html(FamilySignInViews.sent(email, layout: req.layout("Check your email")))
    }

    /// The link's page asks for one more click, so a mail scanner that opens links does not use it up.
    static func confirm(_ req: Request) async throws -> Response {
        try await req.authorize(.read, Resource(.publicPage), purpose: .signIn)
        let token = req.parameters.get("token") ?? ""
        return .html(FamilySignInViews.confirm(token: token, layout: req.layout("Sign in to your family's record")))
    }

    static func redeem(_ req: Request) async throws -> Response {
        try await req.authorize(.create, Resource(.publicPage), purpose: .signIn)
        let token = req.parameters.get("token") ?? ""
        guard let account = try await FamilyAccountStore.redeem(token, on: req.sql) else {
            try await req.auditSignInRefusal("Family sign-in link used, expired, unknown or for a closed account", action: .create)
            try await req.throttle([("family-bad-link:\(req.clientAddress)", req.application.settings.rateLimits.familyBadLinksPerAddress)],
                                   action: .create, resource: Resource(.ownAccount),
                                   message: "Too many sign-in links that did not work have been tried from here. Please wait 15 minutes, then ask for a new link.")
            return .html(FamilySignInViews.expired(layout: req.layout("This link does not work")), status: .gone)
        }
        // A fresh session id on sign-in, so a planted session cannot be carried into the family's record.
        if let old = req.session.id {
            try await req.application.sessions.driver.deleteSession(old, for: req).get()
            req.session.id = nil
        }
        req.session.data = SessionData()
        req.session.data["fam"] = String(account.id)
        req.session.data["seen"] = String(Int(Date().timeIntervalSince1970))
        req.session.data["client"] = SessionTimeout.fingerprint(req)
        _ = req.session.csrfToken
        try await req.application.auditLog?.record(AuditEvent(
            actor: .family(account.member), action: .create, resource: Resource(.ownAccount, familyId: account.familyId), purpose: .signIn,
            decision: "allow", reason: "Signed in with a mailed link", path: req.url.path, detail: "family account \(account.id)"))
        return .seeOther("/family")
    }
}
