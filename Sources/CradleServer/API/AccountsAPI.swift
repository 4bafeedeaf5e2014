import Vapor
import CradleCore

/// `/api/v1`: administrators manage accounts (they cannot read records): list them, add a
/// practitioner (who sets their own password through a one-time link), deactivate or
/// reactivate one, and lift a sign-in lockout.
enum AccountsAPI {
    struct Account: Encodable, Identified {
        var id: Int64, username: String, displayName: String, profession: String, organisationName: String, active: Bool
        /// Locked after failed sign-ins until this time (ISO 8601), when locked now.
        var lockedUntil: String?
    }
    struct NewAccount: Encodable {
        var id: Int64, username: String
        /// The one-time link for the practitioner to set their password; shown only now.
        var setupLink: String
    }

    static func account(_ a: AccountStore.Row, now: Double) -> Account {
        Account(id: a.id, username: a.username, displayName: a.displayName, profession: a.profession, organisationName: a.organisationName,
                active: a.active, lockedUntil: a.lockedUntil.flatMap { $0 > now ? ISO8601DateFormatter().string(from: Date(timeIntervalSince1970: $0)) : nil })
    }

    static func list(_ req: Request) async throws -> Response {
        try await req.authorize(.read, Resource(.accounts))
        let page = try APIPage.read(req)
        let now = Date().timeIntervalSince1970
        return try page.respond(try await AccountStore.page(page, on: req.sql).map { account($0, now: now) }, req)
    }

    static func create(_ req: Request) async throws -> Response {
        let fields = try req.jsonFields(as: .account)
        try await req.authorize(.create, Resource(.accounts))
        let input = try await AdminController.NewAccount.validate(fields, on: req.sql).orThrow()
        let made = try await input.create(req)
        let response = try json(NewAccount(id: made.id, username: input.username, setupLink: made.link), status: .created)
        response.headers.replaceOrAdd(name: .location, value: "/api/v1/accounts")
        return response
    }

    /// An administrator's change to account `id`, answered with the account as it now is.
    static func change(_ req: Request, _ input: APIInput?, _ save: (Int64, [String: String]) async throws -> Void) async throws -> Response {
        let id = try req.id()
        let fields = try input.map { try req.jsonFields(as: $0) } ?? [:]
        try await req.authorize(.update, Resource(.accounts))
        guard try await AccountStore.find(id, on: req.sql) != nil else { throw Abort(.notFound, reason: "No account \(id)") }
        try await save(id, fields)
        return try json(account(try await AccountStore.find(id, on: req.sql)!, now: Date().timeIntervalSince1970))
    }

    /// Deactivates (their tokens stop with them) or reactivates an account.
    static func setActive(_ req: Request) async throws -> Response {
        try await change(req, .accountActive) { id, fields in try await AccountStore.setActive(id, fields["active"] == "true", on: req.sql) }
    }

    static func unlock(_ req: Request) async throws -> Response {
        try await change(req, nil) { id, _ in try await AccountStore.unlock(id, on: req.sql) }
    }
}
