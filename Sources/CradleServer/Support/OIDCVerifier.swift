import Vapor
import JWTKit
import CradleCore

/// Verifies OpenID Connect bearer tokens (as NHS CIS2 or a council's identity provider
/// issues them) against a configured issuer, audience and JSON Web Key Set, and maps the
/// token to a Cradle practitioner by `preferred_username` (or `sub`).
final class OIDCVerifier: Sendable {
    struct Claims: JWTPayload {
        var iss: IssuerClaim
        var aud: AudienceClaim
        var exp: ExpirationClaim
        var nbf: NotBeforeClaim?
        var sub: SubjectClaim
        var preferred_username: String?

        func verify(using algorithm: some JWTAlgorithm) throws {
            try exp.verifyNotExpired()
            try nbf?.verifyNotBefore()
        }
    }

    struct Refused: Error, CustomStringConvertible { var description: String }

    let keys: JWTKeyCollection
    let issuer: String
    let audience: String

    init(issuer: String, audience: String, jwksJSON: String) async throws {
        keys = try await JWTKeyCollection().add(jwksJSON: jwksJSON)
        self.issuer = issuer
        self.audience = audience
    }

    /// The username the token vouches for; throws `Refused` saying why a token is not accepted.
    func username(from token: String) async throws -> String {
        let claims: Claims
        do { claims = try await keys.verify(token, as: Claims.self) }
        catch { throw Refused(description: "signature, format or expiry check failed (\(error))") }
        guard claims.iss.value == issuer else { throw Refused(description: "issuer \(claims.iss.value) is not the configured one") }
        do { try claims.aud.verifyIntendedAudience(includes: audience) }
        catch { throw Refused(description: "token is not meant for \(audience)") }
        return claims.preferred_username ?? claims.sub.value
    }

    static func looksLikeJWT(_ token: String) -> Bool { token.split(separator: ".", omittingEmptySubsequences: false).count == 3 }
}

struct OIDCVerifierKey: StorageKey { typealias Value = OIDCVerifier }

extension Application {
    var oidc: OIDCVerifier? {
        get { storage[OIDCVerifierKey.self] }
        set { storage[OIDCVerifierKey.self] = newValue }
    }
}
