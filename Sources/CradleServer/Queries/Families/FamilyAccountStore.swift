import Foundation
import SQLKit
import CradleCore

/// Parents' and carers' accounts, and the one-time links that sign them in.
enum FamilyAccountStore {
    struct Account: Codable, Sendable {
        var id: Int64
        var familyId: Int64
        var personId: Int64
        var email: String
        var active: Bool
        var createdAt: String
        var lastViewedAt: String?
        var givenName: String
        var familyName: String

        var member: FamilyMember { FamilyMember(accountId: id, personId: personId, familyId: familyId) }
    }

    /// How long a sign-in link works.
    static let linkLifetime: TimeInterval = 15 * 60

    static let columns: SQLQueryString = """
        SELECT a.id, a.family_id, a.person_id, a.email, a.active, a.created_at, a.last_viewed_at, p.given_name, p.family_name
        FROM family_accounts a JOIN people p ON p.id = a.person_id
        """

    static func account(_ id: Int64, on db: any SQLDatabase) async throws -> Account? {
        try await db.raw(columns + " WHERE a.id = \(bind: id)").first(decoding: Account.self, with: rowDecoder)
    }

    static func accounts(ofFamily family: Int64, on db: any SQLDatabase) async throws -> [Account] {
        try await db.raw(columns + " WHERE a.family_id = \(bind: family) ORDER BY a.id").all(decoding: Account.self, with: rowDecoder)
    }

    /// Gives an adult of the family access by the email address they gave. An address already
    /// registered to anyone is refused: one address signs in to one family.
    static func register(family: Int64, person: Int64, email: String, by practitioner: Int64?, on db: any SQLDatabase) async throws -> Int64 {
        guard try await db.raw("SELECT id FROM family_accounts WHERE email = \(bind: email)").first() == nil else {
            throw InvalidInput("email", "\(email) is already registered for family access")
        }
        return try await db.insert(into: "family_accounts")
            .columns("family_id", "person_id", "email", "active", "created_by", "created_at")
            .values(SQLBind(family), SQLBind(person), SQLBind(email), SQLBind(true), SQLBind(practitioner), SQLBind(ISO8601DateFormatter.now))
            .returning("id").first(decodingColumn: "id", as: Int64.self)!
    }

    /// Stops or restarts an account; false when the family has no such account.
    static func setActive(_ id: Int64, family: Int64, _ active: Bool, on db: any SQLDatabase) async throws -> Bool {
        !(try await db.raw("""
            UPDATE family_accounts SET active = \(bind: active) WHERE id = \(bind: id) AND family_id = \(bind: family) RETURNING id
            """).all()).isEmpty
    }

    /// A new sign-in link for the active account holding this address; nil when there is none.
    static func active(email: String, on db: any SQLDatabase) async throws -> Account? {
        try await db.raw(columns + " WHERE a.email = \(bind: email) AND a.active = \(bind: true)").first(decoding: Account.self, with: rowDecoder)
    }

    static func newLink(email: String, now: Date = Date(), on db: any SQLDatabase) async throws -> (account: Account, token: String)? {
        guard let account = try await active(email: email, on: db) else { return nil }
        let token = Tokens.random()
        try await db.insert(into: "family_sign_in_links").columns("account_id", "token_hash", "expires_at")
            .values(SQLBind(account.id), SQLBind(Tokens.hash(token)), SQLBind(Int64(now.timeIntervalSince1970 + linkLifetime))).run()
        return (account, token)
    }

    /// Uses a link once: the account it signs in to, if the link is unused, unexpired and its
    /// account still active. One statement marks it used, so two tabs cannot both use it.
    static func redeem(_ token: String, now: Date = Date(), on db: any SQLDatabase) async throws -> Account? {
        guard let accountId = try await db.raw("""
            UPDATE family_sign_in_links SET used_at = \(bind: ISO8601DateFormatter.now)
            WHERE token_hash = \(bind: Tokens.hash(token)) AND used_at IS NULL AND expires_at > \(bind: Int64(now.timeIntervalSince1970))
            RETURNING account_id
            """).first(decodingColumn: "account_id", as: Int64.self) else { return nil }
        return try await account(accountId, on: db).flatMap { $0.active ? $0 : nil }
    }

    /// The active account an identity provider's claims name: the one whose parent has that
    /// NHS number, or else the one registered to that email address if the provider verified it.
    static func account(nhsNumber: String?, verifiedEmail: String?, on db: any SQLDatabase) async throws -> Account? {
        if let nhs = nhsNumber.flatMap({ try? NHSNumber($0) }),
           let a = try await db.raw(columns + " WHERE p.nhs_number = \(bind: nhs.digits) AND a.active = \(bind: true)").first(decoding: Account.self, with: rowDecoder) {
            return a
        }
        guard let email = verifiedEmail.flatMap(EmailAddress.normalised) else { return nil }
        return try await active(email: email, on: db)
    }

    static func markViewed(_ id: Int64, on db: any SQLDatabase) async throws {
        try await db.raw("UPDATE family_accounts SET last_viewed_at = \(bind: ISO8601DateFormatter.now) WHERE id = \(bind: id)").run()
    }

    /// When anyone in the family last looked at their record, for the practitioners' page.
    static func lastViewed(family: Int64, on db: any SQLDatabase) async throws -> String? {
        try await db.raw("SELECT MAX(last_viewed_at) AS seen FROM family_accounts WHERE family_id = \(bind: family)")
            .first(decodingColumn: "seen", as: String?.self) ?? nil
    }
}
