import Vapor
import SQLKit
import CradleCore

/// Administrators manage accounts (they cannot read records): add practitioners, deactivate
/// or reactivate them, and lift a sign-in lockout.
enum AdminController {
    static func list(_ req: Request) async throws -> Response {
        try await req.authorize(.read, Resource(.accounts))
        return .html(try await render(req, FormState(values: ["profession": Profession.healthVisitor.rawValue])))
    }

    static func render(_ req: Request, _ form: FormState, setupLink: (username: String, url: String)? = nil) async throws -> String {
        AdminView.render(try await AccountStore.all(on: req.sql), organisations: try await Directory.organisations(on: req.sql),
                         form: form, setupLink: setupLink, now: Date().timeIntervalSince1970, layout: req.layout("Accounts"))
    }

    static func create(_ req: Request) async throws -> Response {
        try await req.authorize(.create, Resource(.accounts))
        let fields = try req.formFields()
        let account: NewAccount
        switch try await NewAccount.validate(fields, on: req.sql) {
        case .failure(let errors): return .html(try await render(req, FormState(values: fields, errors: errors)), status: .unprocessableEntity)
        case .success(let a): account = a
        }
        let made = try await account.create(req)
        return .html(try await render(req, FormState(values: ["profession": account.profession.rawValue]), setupLink: (account.username, made.link)),
                     status: .created)
    }

    /// A practitioner's account as an administrator adds it: a free username, a name, a
    /// profession and an organisation (which the store checks is known).
    struct NewAccount {
        var username: String, name: String, profession: Profession, organisation: Int64

        static func validate(_ fields: [String: String], on db: any SQLDatabase) async throws -> Result<NewAccount, FieldErrors> {
            var r = FieldReader(fields)
            let username = r.text("username", label: "Username", max: 60)?.lowercased()
            let name = r.text("displayName", label: "Name", max: 120)
            let profession = r.choice("profession", label: "Profession", as: Profession.self)
            let organisation = r.identifier("organisationId", label: "Organisation")
            if let u = username, u.contains(where: { !($0.isLetter || $0.isNumber || $0 == "." || $0 == "-") }) {
                r.errors.add("username", "Username may contain only letters, digits, dots and hyphens")
            }
            if let u = username, try await PractitionerQueries.byUsername(u, on: db) != nil { r.errors.add("username", "Username \(u) is taken") }
            guard r.errors.isEmpty, let username, let name, let profession, let organisation else { return .failure(r.errors) }
            return .success(NewAccount(username: username, name: name, profession: profession, organisation: organisation))
        }

        /// Stores the account with no password the administrator chose or saw, and returns its
        /// id and the one-time setup link for the practitioner.
        func create(_ req: Request) async throws -> (id: Int64, link: String) {
            let token = Tokens.random()
            let unusable = try await req.password.async.hash(Tokens.random())
            let id = try await AccountStore.create(username: username, name: name, profession: profession, organisation: organisation, hash: unusable,
                                          setupToken: Tokens.hash(token), setupExpires: Date().timeIntervalSince1970 + AccountSetup.lifetime, on: req.sql)
            return (id, "/account/setup/\(token)")
        }
    }

    static func setActive(_ req: Request) async throws -> Response {
        let id = try req.id()
        try await req.authorize(.update, Resource(.accounts))
        let active = (try req.formFields()["active"] ?? "") == "true"
        try await AccountStore.setActive(id, active, on: req.sql)
        req.flash(active ? "Account reactivated" : "Account deactivated")
        return .seeOther("/admin/accounts")
    }

    static func unlock(_ req: Request) async throws -> Response {
        let id = try req.id()
        try await req.authorize(.update, Resource(.accounts))
        try await AccountStore.unlock(id, on: req.sql)
        req.flash("Account unlocked")
        return .seeOther("/admin/accounts")
    }
}
