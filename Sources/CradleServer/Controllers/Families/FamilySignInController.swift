import Vapor
import CradleCore

/// A parent or carer signs in with a link mailed to the address their family registered: no
/// password to forget or guess. The answer to "send me a link" is the same whether or not the
/// address is registered, and every link works once, for 15 minutes.
enum FamilySignInController {
    static func form(_ req: Request) async throws -> Response {
        try await req.authorize(.read, Resource(.publicPage), purpose: .signIn)
        if req.actor.familyMember != nil { return .seeOther("/family") }
        return .html(FamilySignInViews.form(FormState(), ways: ways(req), layout: req.layout("Sign in to your family's record")))
    }

    /// How this council lets families sign in: a mailed link, an identity provider, or both.
    static func ways(_ req: Request) -> FamilySignInViews.Ways {
        FamilySignInViews.Ways(emailLinks: req.application.settings.familyEmailLinks, provider: req.application.familyOIDC?.settings.name)
    }

    static func send(_ req: Request) async throws -> Response {
        try await req.authorize(.create, Resource(.publicPage), purpose: .signIn)
        guard req.application.settings.familyEmailLinks else { throw Abort(.notFound, reason: "Families sign in with \(ways(req).provider ?? "their identity provider") here") }
        let limits = req.application.settings.rateLimits
        let busy = "Too many sign-in links have been asked for from here in the last hour. Please try again later."
        try await req.throttle([("family-link-address:\(req.clientAddress)", limits.familyLinksPerAddress)],
                               action: .create, resource: Resource(.ownAccount), message: busy)
        let fields = try req.formFields()
        guard let email = EmailAddress.normalised(fields["email"] ?? "") else {
            var e = FieldErrors()
            e.add("email", "Enter your email address, like name@example.com")
            return .html(FamilySignInViews.form(FormState(values: fields, errors: e), ways: ways(req), layout: req.layout("Sign in to your family's record")),
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
            try await audit(req, account, "Sign-in link mailed to the family's registered address")
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
        try await begin(req, account, how: "Signed in with a mailed link")
        return .seeOther("/family")
    }

    /// Sends the family to their identity provider, remembering in their session what the
    /// answer must carry back.
    static func providerStart(_ req: Request) async throws -> Response {
        try await req.authorize(.read, Resource(.publicPage), purpose: .signIn)
        guard let oidc = req.application.familyOIDC else { throw Abort(.notFound) }
        let start = oidc.start(redirect: callback(req))
        req.session.data["oidc"] = [start.state, start.nonce, start.verifier].joined(separator: " ")
        return .seeOther(start.url)
    }

    static func providerCallback(_ req: Request) async throws -> Response {
        try await req.authorize(.create, Resource(.publicPage), purpose: .signIn)
        guard let oidc = req.application.familyOIDC else { throw Abort(.notFound) }
        let sent = (req.session.data["oidc"] ?? "").split(separator: " ").map(String.init)
        req.session.data["oidc"] = nil
        let query = (try? req.query.decode([String: String].self)) ?? [:]
        do {
            guard sent.count == 3, let state = query["state"], constantTimeEqual(state, sent[0]) else {
                throw FamilyOIDC.Refused(description: "the answer does not belong to a sign-in started in this browser")
            }
            if let error = query["error"] { throw FamilyOIDC.Refused(description: "\(oidc.settings.name) answered \(error)") }
            guard let code = query["code"], !code.isEmpty else { throw FamilyOIDC.Refused(description: "the answer carries no code") }
            let claims = try await oidc.claims(code: code, verifier: sent[2], nonce: sent[1], redirect: callback(req), client: req.client)
            guard let account = try await FamilyAccountStore.account(nhsNumber: claims.nhs_number,
                                                                     verifiedEmail: claims.email_verified == true ? claims.email : nil, on: req.sql) else {
                throw FamilyOIDC.Refused(description: "no open family access for this person")
            }
            try await begin(req, account, how: "Signed in with \(oidc.settings.name)")
            return .seeOther("/family")
        } catch let refused as FamilyOIDC.Refused {
            try await req.auditSignInRefusal("Family sign-in with \(oidc.settings.name) refused: \(refused.description)", action: .create)
            try await req.throttle([("family-bad-link:\(req.clientAddress)", req.application.settings.rateLimits.familyBadLinksPerAddress)],
                                   action: .create, resource: Resource(.ownAccount),
                                   message: "Too many sign-ins that did not work have been tried from here. Please wait 15 minutes.")
            return .html(FamilySignInViews.refused(refused.description, provider: oidc.settings.name, layout: req.layout("We could not sign you in")),
                         status: .unauthorized)
        }
    }

    static func callback(_ req: Request) -> String { req.application.settings.publicURL + "/family/sign-in/oidc/callback" }

    /// Starts the family's session, under the same idle and absolute limits as practitioners',
    /// and records how they signed in.
    static func begin(_ req: Request, _ account: FamilyAccountStore.Account, how: String) async throws {
        try await req.startSession("fam", account.id)
        try await audit(req, account, how)
    }

    /// A step of a family's sign-in that went through, in the trail under their account.
    static func audit(_ req: Request, _ account: FamilyAccountStore.Account, _ reason: String) async throws {
        try await req.application.auditLog?.record(AuditEvent(
            actor: .family(account.member), action: .create, resource: Resource(.ownAccount, familyId: account.familyId), purpose: .signIn,
            decision: "allow", reason: reason, path: req.url.path, detail: "family account \(account.id)"))
    }
}
