import Vapor
import Crypto
import SQLKit
import CradleCore

/// Finds who is asking: a bearer token on the API, the session cookie on pages.
struct ActorMiddleware: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        if request.isAPI {
            if let bearer = request.headers.bearerAuthorization {
                if let oidc = request.application.oidc, OIDCVerifier.looksLikeJWT(bearer.token) {
                    request.storage[SignedInKey.self] = try await signedIn(jwt: bearer.token, oidc, request)
                } else if SystemClientStore.tokenPrefixes.contains(where: bearer.token.hasPrefix) {
                    request.storage[SystemClientKey.self] = try await SystemClientStore.byToken(bearer.token, on: request.sql)
                } else {
                    request.storage[SignedInKey.self] = try await PractitionerQueries.byToken(bearer.token, today: request.today, on: request.sql)
                }
            }
        } else if let id = request.session.data["fam"].flatMap(Int64.init), try await SessionTimeout.stillActive(request) {
            // A parent or carer: their account, while it is still active.
            if let account = try await FamilyAccountStore.account(id, on: request.sql), account.active {
                request.storage[SignedInKey.self] = SignedIn(actor: .family(account.member), displayName: "\(account.givenName) \(account.familyName)",
                                                             username: account.email)
            }
        } else if let id = request.session.data["pid"].flatMap(Int64.init), try await SessionTimeout.stillActive(request) {
            let cache = request.application.practitionerCache
            if let known = cache.get(id) {
                request.storage[SignedInKey.self] = known
            } else if let fresh = try await PractitionerQueries.signedIn(id: id, on: request.sql) {
                cache.put(fresh, for: id)
                request.storage[SignedInKey.self] = fresh
            }
        }
        return try await next.respond(to: request)
    }
}

/// The practitioner an identity provider's token names; a refused token is recorded and
/// leaves the request unsigned (so the policy answers "sign in").
func signedIn(jwt: String, _ oidc: OIDCVerifier, _ request: Request) async throws -> SignedIn? {
    do {
        let username = try await oidc.username(from: jwt)
        guard let row = try await PractitionerQueries.byUsername(username, on: request.sql),
              let s = PractitionerQueries.signedIn(from: row) else {
            throw OIDCVerifier.Refused(description: "no active practitioner \(username)")
        }
        return try await PractitionerQueries.withTeams(s, on: request.sql)
    } catch let refused as OIDCVerifier.Refused {
        try await request.auditSignInRefusal("Bearer JWT refused: \(refused.description)")
        return nil
    }
}

/// Sessions end after 30 minutes without use (and, in SessionStore, 8 hours after sign-in).
enum SessionTimeout {
    static let idle: TimeInterval = 30 * 60

    /// Deletes the session now: the sessions middleware only deletes on a successful response,
    /// and this request is about to be refused.
    static func end(_ request: Request) async throws {
        if let id = request.session.id { try await request.application.sessions.driver.deleteSession(id, for: request).get() }
        request.session.destroy()
    }

    /// Which browser a session was signed in from (a hash of its User-Agent).
    static func fingerprint(_ request: Request) -> String {
        String(Tokens.hash(request.headers.first(name: .userAgent) ?? "").prefix(16))
    }

    static func stillActive(_ request: Request) async throws -> Bool {
        let now = Date().timeIntervalSince1970
        if let client = request.session.data["client"], client != fingerprint(request) {
            try await request.auditSignInRefusal("Session cookie presented by a different browser (replayed); session ended",
                                                 detail: request.session.data["pid"].map { "practitioner=\($0)" })
            try await end(request)
            return false
        }
        guard let seen = request.session.data["seen"].flatMap(Double.init), now - seen < idle else {
            try await end(request)
            return false
        }
        // Write the session back at most once a minute, not on every page.
        if now - seen > 60 { request.session.data["seen"] = String(Int(now)) }
        return true
    }
}

extension Request {
    /// Starts a signed-in session: a fresh session id, so a planted one cannot be carried into
    /// the account, holding `who` (`pid` for a practitioner, `fam` for a family account) and
    /// what the idle limit and the browser check need.
    func startSession(_ key: String, _ id: Int64) async throws {
        if let old = session.id {
            try await application.sessions.driver.deleteSession(old, for: self).get()
            session.id = nil
        }
        session.data = SessionData()
        session.data[key] = String(id)
        session.data["seen"] = String(Int(Date().timeIntervalSince1970))
        session.data["client"] = SessionTimeout.fingerprint(self)
        _ = session.csrfToken
    }
}

/// Every state-changing page request must carry the session's CSRF token in `_csrf`.
struct CSRFMiddleware: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        guard !request.isAPI, request.method != .GET, request.method != .HEAD else {
            return try await next.respond(to: request)
        }
        // A body larger than its first part (an upload, a long note) arrives in parts; the token
        // is inside it, so gather it first, to the limit the routes allow.
        if request.body.data == nil {
            let multipart = request.headers.contentType?.type == "multipart"
            let max = multipart ? ImportLimits.maxFile.value : request.application.routes.defaultMaxBodySize.value
            _ = try await request.body.collect(max: max).get()
        }
        let sent = try? request.content.get(String.self, at: "_csrf")
        guard let expected = request.session.data["csrf"], let sent, constantTimeEqual(sent, expected) else {
            try await request.application.auditLog?.record(AuditEvent(
                actor: request.actor, action: .update, resource: Resource(.ownAccount), purpose: .directCare, decision: "deny",
                reason: "Form without this session's CSRF token (forged or replayed)", path: request.url.path, detail: nil))
            throw Abort(.forbidden, reason: "This form has expired or did not come from Cradle. Go back, reload the page and try again.")
        }
        return try await next.respond(to: request)
    }
}

func constantTimeEqual(_ a: String, _ b: String) -> Bool {
    let x = Array(a.utf8), y = Array(b.utf8)
    guard x.count == y.count else { return false }
    var diff: UInt8 = 0
    for i in x.indices { diff |= x[i] ^ y[i] }
    return diff == 0
}

enum Tokens {
    /// A random 256-bit token as URL-safe text.
    static func random() -> String {
        var bytes = [UInt8](repeating: 0, count: 32)
        for i in bytes.indices { bytes[i] = UInt8.random(in: .min ... .max) }
        return base64url(Data(bytes))
    }

    /// Base64 that travels in a URL unescaped: `-` and `_` for `+` and `/`, no padding.
    static func base64url(_ data: Data) -> String {
        data.base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    /// Tokens are stored only as their SHA-256, so a copy of the database grants nothing.
    static func hash(_ token: String) -> String {
        sha256Hex(token)
    }
}

extension Session {
    /// The session's CSRF token, made on first use.
    var csrfToken: String {
        if let t = data["csrf"] { return t }
        let t = Tokens.random()
        data["csrf"] = t
        return t
    }
}

struct PractitionerCacheKey: StorageKey { typealias Value = PractitionerCache }

extension Application {
    var practitionerCache: PractitionerCache {
        if let c = storage[PractitionerCacheKey.self] { return c }
        let c = PractitionerCache(lifetime: 15)
        storage[PractitionerCacheKey.self] = c
        return c
    }
}
