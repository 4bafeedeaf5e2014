import Foundation
import Crypto
import CradleCore

/// A list sealed for one recipient (a children's centre's monthly birth list): readable only
/// with the centre's private key, and provably Cradle's and unaltered.
///
/// Sealing: a fresh X25519 key pair per list; its agreement with the centre's public key,
/// through HKDF-SHA256 (salted with both public keys), gives the AES-256-GCM key. The manifest
/// (who it is for, which key, the period, the counts, the ciphertext's SHA-256) is the cipher's
/// authenticated data and is signed with Cradle's Ed25519 key. Opening checks the signature,
/// the key, the digest and the tag, and names which failed; nothing is returned on a failure.
struct SealedList: Codable, Sendable, Equatable {
    struct Manifest: Codable, Sendable, Equatable {
        var version = 1
        /// The centre it is for (organisation code) and the fingerprint of the key it was sealed to.
        var recipient: String
        var recipientKey: String
        /// What it holds: the period, how many families, and the births in the reach area.
        var period: String
        var entries: Int
        /// Babies expected (antenatal bookings notified this month, with consent).
        var expected: Int = 0
        var birthsInArea: Int
        var createdAt: String
        /// The list's own public key for the agreement (base64) and the ciphertext's digest (hex).
        var ephemeralKey: String = ""
        var ciphertextSHA256: String = ""
    }

    var manifest: Manifest
    /// Ed25519 signature over the manifest's canonical bytes (base64).
    var signature: String
    /// AES-GCM nonce, ciphertext and tag (base64).
    var ciphertext: String

    enum OpenError: Error, Equatable, CustomStringConvertible {
        case badSignature, wrongKey(expected: String, given: String), digestMismatch, cannotDecrypt, malformed(String)
        var description: String {
            switch self {
            case .badSignature: "The manifest's signature does not verify: the list was altered or is not from this Cradle"
            case .wrongKey(let expected, let given): "The list was sealed to key \(expected), not to this key (\(given))"
            case .digestMismatch: "The encrypted list does not match its manifest's digest: it was altered"
            case .cannotDecrypt: "The list cannot be decrypted with this key: it was altered or the key is wrong"
            case .malformed(let what): "Not a sealed list: \(what)"
            }
        }
    }

    /// A public key's short fingerprint: the first 16 hex digits of its SHA-256.
    static func fingerprint(_ key: Curve25519.KeyAgreement.PublicKey) -> String {
        String(SHA256.hash(data: key.rawRepresentation).hexString.prefix(16))
    }

    static func canonical(_ m: Manifest) throws -> Data {
        let e = JSONEncoder()
        e.outputFormatting = [.sortedKeys]
        return try e.encode(m)
    }

    static func symmetricKey(shared: SharedSecret, ephemeral: Curve25519.KeyAgreement.PublicKey,
                             recipient: Curve25519.KeyAgreement.PublicKey) -> SymmetricKey {
        shared.hkdfDerivedSymmetricKey(using: SHA256.self, salt: ephemeral.rawRepresentation + recipient.rawRepresentation,
                                       sharedInfo: Data("cradle sealed list v1".utf8), outputByteCount: 32)
    }

    static func seal(_ plaintext: Data, manifest: Manifest, to recipient: Curve25519.KeyAgreement.PublicKey,
                     signer: Curve25519.Signing.PrivateKey) throws -> SealedList {
        var m = manifest
        m.recipientKey = fingerprint(recipient)
        let ephemeral = Curve25519.KeyAgreement.PrivateKey()
        m.ephemeralKey = ephemeral.publicKey.rawRepresentation.base64EncodedString()
        let key = symmetricKey(shared: try ephemeral.sharedSecretFromKeyAgreement(with: recipient), ephemeral: ephemeral.publicKey, recipient: recipient)
        // The digest is of the ciphertext, which needs the manifest as authenticated data: the
        // authenticated data is the manifest without its digest, and the signature covers all.
        let header = try canonical(m)
        let box = try AES.GCM.seal(plaintext, using: key, authenticating: header)
        guard let combined = box.combined else { throw OpenError.malformed("cipher output") }
        m.ciphertextSHA256 = SHA256.hash(data: combined).hexString
        let signature = try signer.signature(for: try canonical(m))
        return SealedList(manifest: m, signature: signature.base64EncodedString(), ciphertext: combined.base64EncodedString())
    }

    func open(with key: Curve25519.KeyAgreement.PrivateKey, signedBy cradle: Curve25519.Signing.PublicKey) throws(OpenError) -> Data {
        guard let signature = Data(base64Encoded: self.signature), let bytes = try? Self.canonical(manifest),
              cradle.isValidSignature(signature, for: bytes) else { throw .badSignature }
        let given = Self.fingerprint(key.publicKey)
        guard manifest.recipientKey == given else { throw .wrongKey(expected: manifest.recipientKey, given: given) }
        guard let combined = Data(base64Encoded: ciphertext) else { throw .malformed("the ciphertext is not base64") }
        guard SHA256.hash(data: combined).hexString == manifest.ciphertextSHA256 else { throw .digestMismatch }
        guard let raw = Data(base64Encoded: manifest.ephemeralKey), let ephemeral = try? Curve25519.KeyAgreement.PublicKey(rawRepresentation: raw) else {
            throw .malformed("the list's public key")
        }
        var header = manifest
        header.ciphertextSHA256 = ""
        do {
            let symmetric = Self.symmetricKey(shared: try key.sharedSecretFromKeyAgreement(with: ephemeral), ephemeral: ephemeral, recipient: key.publicKey)
            return try AES.GCM.open(try AES.GCM.SealedBox(combined: combined), using: symmetric, authenticating: try Self.canonical(header))
        } catch { throw .cannotDecrypt }
    }
}
