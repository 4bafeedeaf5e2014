import Vapor
import CradleCore

/// A new practitioner's one-time link: they choose their own first password, which no
/// administrator ever knows. The link works once, until it expires.
enum AccountSetup {
    static let lifetime: TimeInterval = 72 * 3600

    static func form(_ req: Request) async throws -> Response {
        try await req.authorize(.read, Resource(.publicPage), purpose: .signIn)
        let token = try req.parameters.require("token")
        guard let account = try await AccountStore.bySetupToken(token, on: req.sql) else { throw gone }
        return .html(AccountSetupView.render(username: account.username, action: "/account/setup/\(token)", form: FormState(),
                                             layout: req.layout("Set up your account")))
    }

    static func complete(_ req: Request) async throws -> Response {
        try await req.authorize(.update, Resource(.publicPage), purpose: .signIn)
        let token = try req.parameters.require("token")
        guard let account = try await AccountStore.bySetupToken(token, on: req.sql) else {
            try await req.auditSignInRefusal("Account set-up link unknown, used or expired", action: .update)
            throw gone
        }
        let fields = try req.formFields()
        var errors = FieldErrors()
        let new = fields["new"] ?? ""
        for p in PasswordPolicy.problems(new, username: account.username) { errors.add("new", p) }
        if new != fields["confirm"] { errors.add("confirm", "The two passwords do not match") }
        guard errors.isEmpty else {
            return .html(AccountSetupView.render(username: account.username, action: "/account/setup/\(token)", form: FormState(errors: errors),
                                                 layout: req.layout("Set up your account")), status: .unprocessableEntity)
        }
        guard try await AccountStore.completeSetup(account.id, token: token, hash: try await req.password.async.hash(new), on: req.sql) else { throw gone }
        return .seeOther("/sign-in")
    }

    static var gone: Abort {
        Abort(.notFound, reason: "This set-up link has been used or has expired. Ask your administrator for a new account link.")
    }
}
