import Foundation
import Vapor
import JWTKit
import Crypto

/// Families signing in through an OpenID Connect provider, as NHS login is: the authorization
/// code flow with PKCE, Cradle proving who it is to the token endpoint with a signed JWT
/// (`private_key_jwt`, which NHS login requires), and the ID token checked against the
/// provider's keys, issuer, Cradle's client id, the nonce and its expiry.
final class FamilyOIDC: Sendable {
    struct IDClaims: JWTPayload {
        var iss: IssuerClaim
        var aud: AudienceClaim
        var exp: ExpirationClaim
        var sub: SubjectClaim
        var nonce: String?
        var email: String?
        var email_verified: Bool?
        var nhs_number: String?

        func verify(using algorithm: some JWTAlgorithm) throws { try exp.verifyNotExpired() }
    }

    struct ClientAssertion: JWTPayload {
        var iss: IssuerClaim
        var sub: SubjectClaim
        var aud: AudienceClaim
        var jti: IDClaim
        var exp: ExpirationClaim
        var iat: IssuedAtClaim
        func verify(using algorithm: some JWTAlgorithm) throws {}
    }

    struct Refused: Error, CustomStringConvertible { var description: String }

    let settings: Settings.FamilyOIDC
    let providerKeys: JWTKeyCollection
    let clientKey: JWTKeyCollection

    init(_ settings: Settings.FamilyOIDC) async throws {
        self.settings = settings
        providerKeys = try await JWTKeyCollection().add(jwksJSON: settings.jwksJSON)
        let keys = JWTKeyCollection()
        if let rsa = try? Insecure.RSA.PrivateKey(pem: settings.clientKeyPEM) {
            await keys.add(rsa: rsa, digestAlgorithm: .sha512, kid: "cradle")
        } else {
            await keys.add(ecdsa: try ES256PrivateKey(pem: settings.clientKeyPEM), kid: "cradle")
        }
        clientKey = keys
    }

    /// Where to send the family's browser, and what the callback must find in their session.
    func start(redirect: String) -> (url: String, state: String, nonce: String, verifier: String) {
        let state = Tokens.random(), nonce = Tokens.random(), verifier = Tokens.random()
        let challenge = Tokens.base64url(Data(SHA256.hash(data: Data(verifier.utf8))))
        var query = URLComponents()
        query.queryItems = [("response_type", "code"), ("client_id", settings.clientId), ("redirect_uri", redirect), ("scope", "openid email phone profile"),
                            ("state", state), ("nonce", nonce), ("code_challenge", challenge), ("code_challenge_method", "S256"),
                            ("vtr", "[\"P9.Cp.Cd\",\"P9.Cp.Ck\",\"P9.Cm\"]")].map { URLQueryItem(name: $0.0, value: $0.1) }
        let joiner = settings.authorizeURL.contains("?") ? "&" : "?"
        return (settings.authorizeURL + joiner + (query.percentEncodedQuery ?? ""), state, nonce, verifier)
    }

    /// Trades the code for an ID token and checks it; throws `Refused` saying why not.
    func claims(code: String, verifier: String, nonce: String, redirect: String, client: any Client) async throws -> IDClaims {
        struct TokenResponse: Content { var id_token: String }
        let assertion = try await clientKey.sign(ClientAssertion(
            iss: .init(value: settings.clientId), sub: .init(value: settings.clientId), aud: .init(value: [settings.tokenURL]),
            jti: .init(value: Tokens.random()), exp: .init(value: Date().addingTimeInterval(300)), iat: .init(value: Date())), kid: "cradle")
        let form = ["grant_type": "authorization_code", "code": code, "redirect_uri": redirect, "code_verifier": verifier, "client_id": settings.clientId,
                    "client_assertion_type": "urn:ietf:params:oauth:client-assertion-type:jwt-bearer", "client_assertion": assertion]
        let response: ClientResponse
        do {
            response = try await client.post(URI(string: settings.tokenURL)) { try $0.content.encode(form, as: .urlEncodedForm) }
        } catch {
            throw Refused(description: "the token endpoint could not be reached (\(error))")
        }
        guard response.status == .ok, let token = try? response.content.decode(TokenResponse.self) else {
            throw Refused(description: "the token endpoint refused the code (\(response.status.code))")
        }
        let claims: IDClaims
        do { claims = try await providerKeys.verify(token.id_token, as: IDClaims.self) }
        catch { throw Refused(description: "the ID token's signature, format or expiry check failed") }
        guard claims.iss.value == settings.issuer else { throw Refused(description: "the ID token is from another issuer (\(claims.iss.value))") }
        do { try claims.aud.verifyIntendedAudience(includes: settings.clientId) }
        catch { throw Refused(description: "the ID token is not for Cradle") }
        guard let sent = claims.nonce, constantTimeEqual(sent, nonce) else { throw Refused(description: "the ID token's nonce is not this sign-in's") }
        return claims
    }
}

struct FamilyOIDCKey: StorageKey { typealias Value = FamilyOIDC }

extension Application {
    var familyOIDC: FamilyOIDC? {
        get { storage[FamilyOIDCKey.self] }
        set { storage[FamilyOIDCKey.self] = newValue }
    }
}
