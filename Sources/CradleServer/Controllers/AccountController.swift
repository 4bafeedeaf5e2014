import Vapor
import SQLKit
import CradleCore

/// Your own account: change your password; make and revoke personal API tokens.
enum AccountController {
    static func page(_ req: Request) async throws -> Response {
        try await req.authorize(.read, Resource(.ownAccount))
        return .html(try await render(req, form: FormState()))
    }

    static func render(_ req: Request, form: FormState, newToken: String? = nil, confirmation: String? = nil) async throws -> String {
        let me = try req.requireSignedIn()
        let tokens = try await PractitionerQueries.tokens(of: me.actor.practitionerId!, on: req.sql)
        return AccountView.render(me, tokens: tokens, today: req.today, form: form, newToken: newToken, confirmation: confirmation, layout: req.layout("Your account"))
    }

    static func changePassword(_ req: Request) async throws -> Response {
        try await req.authorize(.update, Resource(.ownAccount))
        let me = try req.requireSignedIn()
        let fields = try req.formFields()
        var errors = FieldErrors()
        let row = try await PractitionerQueries.byUsername(me.username, on: req.sql)!
        if !(try await req.password.async.verify(fields["current"] ?? "", created: row.passwordHash)) {
            errors.add("current", "Your current password is not right")
        }
        let new = fields["new"] ?? ""
        for p in PasswordPolicy.problems(new, username: me.username) { errors.add("new", p) }
        if new != fields["confirm"] { errors.add("confirm", "The two new passwords do not match") }
        guard errors.isEmpty else {
            return .html(try await render(req, form: FormState(errors: errors)), status: .unprocessableEntity)
        }
        let hash = try await req.password.async.hash(new)
        try await req.sql.raw("UPDATE practitioners SET password_hash = \(bind: hash) WHERE id = \(bind: me.actor.practitionerId!)").run()
        try await SessionStore.endOthers(of: me.actor.practitionerId!, keeping: req.session.id, on: req.sql)
        return .html(try await render(req, form: FormState(), confirmation: "Your password has been changed, and you have been signed out everywhere else."))
    }

    static func createToken(_ req: Request) async throws -> Response {
        try await req.authorize(.create, Resource(.ownAccount))
        let me = try req.requireSignedIn()
        let name = (try req.formFields()["name"] ?? "").trimmingCharacters(in: .whitespaces)
        guard !name.isEmpty, name.count <= 100 else {
            var e = FieldErrors(); e.add("name", "Name the token (what will use it), in 100 characters or fewer")
            return .html(try await render(req, form: FormState(errors: e)), status: .unprocessableEntity)
        }
        let token = try await PractitionerQueries.createToken(for: me.actor.practitionerId!, name: name, today: req.today, on: req.sql)
        return .html(try await render(req, form: FormState(), newToken: token))
    }

    static func revokeToken(_ req: Request) async throws -> Response {
        let id = try req.id()
        try await req.authorize(.update, Resource(.ownAccount))
        let me = try req.requireSignedIn()
        try await PractitionerQueries.revokeToken(id, owner: me.actor.practitionerId!, on: req.sql)
        req.flash("Token revoked")
        return .seeOther("/account")
    }
}
