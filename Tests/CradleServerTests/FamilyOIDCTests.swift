import Foundation
import Testing
import Vapor
import VaporTesting
import JWTKit
import Crypto
import NIOConcurrencyHelpers
@testable import CradleServer
import CradleCore

/// Families signing in through an identity provider as NHS login issues it: Cradle sends the
/// browser there with a state, nonce and PKCE challenge, trades the code with a signed client
/// assertion, and accepts only an ID token from the provider's keys, for Cradle, with this
/// sign-in's nonce, naming a parent whose family has access. A stand-in provider runs as a
/// second server. On SQLite and PostgreSQL.
struct FamilyOIDCTests {
    struct IDToken: JWTPayload {
        var iss: IssuerClaim
        var aud: AudienceClaim
        var exp: ExpirationClaim
        var sub: SubjectClaim
        var nonce: String
        var email: String?
        var email_verified: Bool?
        var nhs_number: String?
        func verify(using algorithm: some JWTAlgorithm) throws {}
    }

    let issuer = "https://auth.login.fernmoor.example"
    let clientId = "cradle-fernmoor"

    func jwks(_ key: ES256PrivateKey) -> String {
        let p = key.publicKey.parameters!
        return #"{"keys":[{"kty":"EC","crv":"P-256","alg":"ES256","kid":"p1","x":"\#(p.x)","y":"\#(p.y)"}]}"#
    }

    func base64url(_ data: some DataProtocol) -> String {
        Data(data).base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
    }

    /// What the stand-in provider will answer for a code: the claims, and the key it signs them with.
    typealias Grant = (claims: IDToken, challenge: String, signer: ES256PrivateKey)

    /// The provider's token endpoint: it checks Cradle's client assertion and the PKCE verifier.
    func provider(port: Int, client: ES256PrivateKey, grants: NIOLockedValueBox<[String: Grant]>,
                  assertions: NIOLockedValueBox<Int>) async throws -> Application {
        let idp = try await Application.make(.testing)
        idp.logger.logLevel = .error
        idp.post("token") { req async throws -> Response in
            let form = try req.content.decode([String: String].self)
            let keys = JWTKeyCollection()
            await keys.add(ecdsa: client.publicKey)
            guard let assertion = form["client_assertion"], (try? await keys.verify(assertion, as: FamilyOIDC.ClientAssertion.self)) != nil,
                  form["client_assertion_type"] == "urn:ietf:params:oauth:client-assertion-type:jwt-bearer" else { return Response(status: .unauthorized) }
            assertions.withLockedValue { $0 += 1 }
            guard let grant = grants.withLockedValue({ $0.removeValue(forKey: form["code"] ?? "") }),
                  base64url(Data(SHA256.hash(data: Data((form["code_verifier"] ?? "").utf8)))) == grant.challenge else { return Response(status: .badRequest) }
            let signer = JWTKeyCollection()
            await signer.add(ecdsa: grant.signer, kid: "p1")
            let token = try await signer.sign(grant.claims, kid: "p1")
            return try await ["id_token": token, "token_type": "Bearer", "access_token": "opaque"].encodeResponse(for: req)
        }
        try await idp.server.start(address: .hostname("127.0.0.1", port: port))
        return idp
    }

    @Test func aParentSignsInWithTheirIdentityProviderAndNothingElseGetsIn() async throws {
        let providerKey = ES256PrivateKey(), clientKey = ES256PrivateKey(), stranger = ES256PrivateKey()
        let port = Int.random(in: 20_000..<60_000)
        let grants = NIOLockedValueBox<[String: Grant]>([:]), assertions = NIOLockedValueBox(0)
        let idp = try await provider(port: port, client: clientKey, grants: grants, assertions: assertions)
        do { try await signIns(port: port, providerKey: providerKey, clientKey: clientKey, stranger: stranger, grants: grants, assertions: assertions) }
        catch {
            await idp.server.shutdown()
            try? await idp.asyncShutdown()
            throw error
        }
        await idp.server.shutdown()
        try await idp.asyncShutdown()
    }

    func signIns(port: Int, providerKey: ES256PrivateKey, clientKey: ES256PrivateKey, stranger: ES256PrivateKey,
                 grants: NIOLockedValueBox<[String: Grant]>, assertions: NIOLockedValueBox<Int>) async throws {
        try await withCradle(settings: {
            $0.familyOIDC = .init(name: "NHS login", issuer: issuer, clientId: clientId, authorizeURL: issuer + "/authorize",
                                  tokenURL: "http://127.0.0.1:\(port)/token", jwksJSON: jwks(providerKey), clientKeyPEM: clientKey.pemRepresentation)
            $0.familyEmailLinks = false
            $0.rateLimits.familyBadLinksPerAddress = RateLimit(limit: 8, window: 900)
        }) { app in
            let child = try await relatedChild(app)
            struct Parent: Decodable { var id: Int64; var familyId: Int64; var nhsNumber: String? }
            let mother = try await app.sql.raw("""
                SELECT id, family_id, nhs_number FROM people WHERE kind = 'adult' AND family_id = (SELECT family_id FROM people WHERE id = \(bind: child)) ORDER BY id LIMIT 1
                """).first(decoding: Parent.self, with: rowDecoder)!
            let nhs = try #require(mother.nhsNumber)
            _ = try await FamilyAccountStore.register(family: mother.familyId, person: mother.id, email: "mum@example.com", by: nil, on: app.sql)

            /// Starts a sign-in as a browser would, and the provider's answer for it.
            func attempt(_ b: inout Browser, claims: (String) -> IDToken, signer: ES256PrivateKey, stateOverride: String? = nil) async throws -> TestingHTTPResponse {
                let start = try await b.get("/family/sign-in/oidc")
                #expect(start.status == .seeOther)
                let location = URLComponents(string: start.headers.first(name: .location) ?? "")!
                #expect(location.host == "auth.login.fernmoor.example" && location.path == "/authorize")
                let q = Dictionary(uniqueKeysWithValues: (location.queryItems ?? []).map { ($0.name, $0.value ?? "") })
                #expect(q["client_id"] == clientId && q["code_challenge_method"] == "S256" && q["response_type"] == "code")
                #expect(q["redirect_uri"] == app.settings.publicURL + "/family/sign-in/oidc/callback")
                let code = Tokens.random()
                grants.withLockedValue { $0[code] = (claims(q["nonce"]!), q["code_challenge"]!, signer) }
                return try await b.get("/family/sign-in/oidc/callback?code=\(code)&state=\(stateOverride ?? q["state"]!)")
            }
            func token(nonce: String, nhs: String? = nil, email: String? = nil, verified: Bool? = nil, aud: String? = nil, iss: String? = nil,
                       expires: TimeInterval = 300) -> IDToken {
                IDToken(iss: .init(value: iss ?? issuer), aud: .init(value: [aud ?? clientId]), exp: .init(value: Date().addingTimeInterval(expires)),
                        sub: .init(value: "nhs-login-1"), nonce: nonce, email: email, email_verified: verified, nhs_number: nhs)
            }

            // The sign-in page offers the provider only: this council turned mailed links off.
            var anon = Browser(app)
            let page = try await anon.get("/family/sign-in")
            #expect(page.text.contains("Continue with NHS login") && !page.text.contains("Email me a link"))
            let mailed = try await anon.post("/family/sign-in", ["email": "mum@example.com"]).status
            #expect(mailed == .notFound || mailed == .forbidden, "\(mailed)")
            #expect(((try? FileManager.default.contentsOfDirectory(atPath: app.settings.mailDrop.directory)) ?? []).isEmpty)

            // Refused: another signer, another audience, another issuer, expired, a replayed nonce,
            // a state from another browser, and a person whose family has no access.
            let refusals: [(String, (String) -> IDToken, ES256PrivateKey, String?)] = [
                ("signature", { token(nonce: $0, nhs: nhs) }, stranger, nil),
                ("not for Cradle", { token(nonce: $0, nhs: nhs, aud: "another-service") }, providerKey, nil),
                ("another issuer", { token(nonce: $0, nhs: nhs, iss: "https://evil.example") }, providerKey, nil),
                ("expiry", { token(nonce: $0, nhs: nhs, expires: -60) }, providerKey, nil),
                ("nonce", { _ in token(nonce: "an old sign-in's nonce", nhs: nhs) }, providerKey, nil),
                ("started in this browser", { token(nonce: $0, nhs: nhs) }, providerKey, "forged-state"),
                ("no open family access", { token(nonce: $0, nhs: "9990000018") }, providerKey, nil),
                ("no open family access", { token(nonce: $0, email: "mum@example.com", verified: false) }, providerKey, nil),
            ]
            for (why, claims, signer, state) in refusals {
                var b = Browser(app)
                let res = try await attempt(&b, claims: claims, signer: signer, stateOverride: state)
                #expect(res.status == .unauthorized && res.text.contains(why), "\(why): \(res.status)")
                #expect(try await b.get("/family").status == .seeOther, "\(why): not signed in")
            }
            let audited = try await AuditStore.denied(on: app.sql).filter { $0.reason.hasPrefix("Family sign-in with NHS login refused") }
            #expect(audited.count == refusals.count)
            // Past the limit of failures from one address, the next is turned away.
            var late = Browser(app)
            #expect(try await attempt(&late, claims: { token(nonce: $0, nhs: nhs) }, signer: stranger).status == .tooManyRequests)

            // The parent's NHS number, or their verified email, signs them in to their own family.
            for claims in [{ (n: String) in token(nonce: n, nhs: nhs) }, { (n: String) in token(nonce: n, email: "MUM@example.com", verified: true) }] {
                var b = Browser(app)
                let res = try await attempt(&b, claims: claims, signer: providerKey)
                #expect(res.status == .seeOther && res.headers.first(name: .location) == "/family")
                let family = try await b.get("/family")
                #expect(family.status == .ok && family.text.contains("Your family&#39;s record"))
            }
            #expect(assertions.withLockedValue { $0 } >= 9, "every exchange carried Cradle's signed client assertion")
        }
    }
}
