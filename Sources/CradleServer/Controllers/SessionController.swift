import Vapor
import CradleCore

/// Signing in and out of the web app.
enum SessionController {
    static func form(_ req: Request) async throws -> Response {
        try await req.authorize(.read, Resource(.publicPage), purpose: .signIn)
        if req.signedIn != nil { return .seeOther(req.landing()) }
        return .html(SignInView.render(FormState(), layout: req.layout("Sign in")))
    }

    static func signIn(_ req: Request) async throws -> Response {
        try await req.authorize(.create, Resource(.publicPage), purpose: .signIn)
        let fields = try req.formFields()
        let username = fields["username"]?.trimmingCharacters(in: .whitespaces) ?? ""
        let password = fields["password"] ?? ""
        let row: PractitionerQueries.Row
        switch try await SignInGuard.check(username: username, password: password, on: req) {
        case .signedIn(let r): row = r
        case .refused(let why):
            var e = FieldErrors()
            e.add("username", why)
            return .html(SignInView.render(FormState(values: ["username": username], errors: e), layout: req.layout("Sign in")),
                         status: .unauthorized)
        }
        try await req.startSession("pid", row.id)
        // Home sends the now signed-in person to their own start page.
        return .seeOther("/")
    }

    static func signOut(_ req: Request) async throws -> Response {
        try await req.authorize(.update, Resource(.ownAccount), purpose: .signIn)
        let family = req.actor.familyMember != nil
        req.session.destroy()
        return .seeOther(family ? "/family/sign-in" : "/sign-in")
    }

    static func home(_ req: Request) async throws -> Response {
        try await req.authorize(.read, Resource(.publicPage))
        return .seeOther(req.landing())
    }
}
