import Testing
import Foundation
import Vapor
import VaporTesting
import JWTKit
@testable import CradleServer
import CradleCore

/// Bearer JWTs from an identity provider: accepted only when signed by its keys, from its
/// issuer, for Cradle, and in date; every refusal is recorded.
struct OIDCTests {
    struct Claims: JWTPayload {
        var iss: IssuerClaim
        var aud: AudienceClaim
        var exp: ExpirationClaim
        var nbf: NotBeforeClaim?
        var sub: SubjectClaim
        var preferred_username: String
        func verify(using algorithm: some JWTAlgorithm) throws {}
    }

    let issuer = "https://login.fernmoor.example/realms/staff"
    let audience = "cradle"

    func jwks(_ key: ES256PrivateKey) throws -> String {
        let p = key.publicKey.parameters!
        return #"{"keys":[{"kty":"EC","crv":"P-256","alg":"ES256","kid":"idp-1","x":"\#(p.x)","y":"\#(p.y)"}]}"#
    }

    func token(_ key: ES256PrivateKey, iss: String? = nil, aud: String? = nil, expiresIn: TimeInterval = 600, notBefore: TimeInterval? = nil,
               user: String = "health.visitor") async throws -> String {
        let keys = JWTKeyCollection()
        await keys.add(ecdsa: key, kid: "idp-1")
        return try await keys.sign(Claims(iss: .init(value: iss ?? issuer), aud: .init(value: [aud ?? audience]),
                                          exp: .init(value: Date().addingTimeInterval(expiresIn)),
                                          nbf: notBefore.map { .init(value: Date().addingTimeInterval($0)) }, sub: .init(value: "u-1"),
                                          preferred_username: user), kid: "idp-1")
    }

    @Test func onlyGoodTokensFromTheConfiguredIssuerAreAccepted() async throws {
        let key = ES256PrivateKey()
        let stranger = ES256PrivateKey()
        let json = try jwks(key)
        try await withCradle(children: 5, settings: { $0.oidc = .init(issuer: issuer, audience: audience, jwksJSON: json) }) { app in
            func status(_ jwt: String) async throws -> HTTPStatus {
                var h = HTTPHeaders(); h.bearerAuthorization = BearerAuthorization(token: jwt)
                return try await app.send(.GET, "/api/v1/services", headers: h).status
            }
            #expect(try await status(try await token(key)) == .ok)
            #expect(try await status(try await token(key, expiresIn: -60)) == .unauthorized, "expired")
            #expect(try await status(try await token(stranger)) == .unauthorized, "signed by another key")
            #expect(try await status(try await token(key, iss: "https://evil.example")) == .unauthorized, "another issuer")
            #expect(try await status(try await token(key, aud: "another-service")) == .unauthorized, "another audience")
            #expect(try await status(try await token(key, user: "nobody")) == .unauthorized, "no such practitioner")
            #expect(try await status(try await token(key, notBefore: 600)) == .unauthorized, "not valid yet")
            #expect(try await status(try await token(key, notBefore: -60)) == .ok, "valid since a minute ago")
            let refusals = try await AuditStore.denied(on: app.sql).filter { $0.reason.hasPrefix("Bearer JWT refused") }
            #expect(refusals.count == 6)
        }
    }
}
