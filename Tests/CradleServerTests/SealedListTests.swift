import Foundation
import Testing
import Crypto
@testable import CradleServer

/// The sealed list a centre receives: only its key opens it, and any change is caught and named.
struct SealedListTests {
    let centre = Curve25519.KeyAgreement.PrivateKey()
    let cradle = Curve25519.Signing.PrivateKey()
    let manifest = SealedList.Manifest(recipient: "CC01", recipientKey: "", period: "2026-10", entries: 2, birthsInArea: 31,
                                       createdAt: "2026-11-01T06:00:00Z")
    let list = Data("record_id,given_name\nMAT-1,Amelia\nMAT-2,Oliver\n".utf8)

    @Test func theCentresKeyOpensWhatWasSealedToIt() throws {
        let sealed = try SealedList.seal(list, manifest: manifest, to: centre.publicKey, signer: cradle)
        #expect(try sealed.open(with: centre, signedBy: cradle.publicKey) == list)
        #expect(sealed.manifest.recipientKey == SealedList.fingerprint(centre.publicKey))
        #expect(!sealed.ciphertext.contains("Amelia") && !(Data(base64Encoded: sealed.ciphertext) ?? Data()).contains(Data("Amelia".utf8)))
        // Sealed twice, never the same bytes: each list has its own key.
        #expect(try SealedList.seal(list, manifest: manifest, to: centre.publicKey, signer: cradle).ciphertext != sealed.ciphertext)
        // It survives being written out and read back.
        let copy = try JSONDecoder().decode(SealedList.self, from: JSONEncoder().encode(sealed))
        #expect(try copy.open(with: centre, signedBy: cradle.publicKey) == list)
    }

    @Test func anotherKeyOrAnyChangeIsRefusedAndNamed() throws {
        let sealed = try SealedList.seal(list, manifest: manifest, to: centre.publicKey, signer: cradle)
        let other = Curve25519.KeyAgreement.PrivateKey()
        #expect(throws: SealedList.OpenError.wrongKey(expected: SealedList.fingerprint(centre.publicKey), given: SealedList.fingerprint(other.publicKey))) {
            try sealed.open(with: other, signedBy: cradle.publicKey)
        }
        #expect(throws: SealedList.OpenError.badSignature) { try sealed.open(with: centre, signedBy: Curve25519.Signing.PrivateKey().publicKey) }
        var inflated = sealed
        inflated.manifest.birthsInArea = 3
        #expect(throws: SealedList.OpenError.badSignature) { try inflated.open(with: centre, signedBy: cradle.publicKey) }
        var flipped = sealed
        var bytes = Data(base64Encoded: flipped.ciphertext)!
        bytes[bytes.count / 2] ^= 0x01
        flipped.ciphertext = bytes.base64EncodedString()
        #expect(throws: SealedList.OpenError.digestMismatch) { try flipped.open(with: centre, signedBy: cradle.publicKey) }
        // Re-signed by someone holding Cradle's key but with a changed digest: the cipher's tag still catches it.
        var forged = flipped
        forged.manifest.ciphertextSHA256 = SHA256.hash(data: bytes).map { String(format: "%02x", $0) }.joined()
        forged.signature = try cradle.signature(for: SealedList.canonical(forged.manifest)).base64EncodedString()
        #expect(throws: SealedList.OpenError.cannotDecrypt) { try forged.open(with: centre, signedBy: cradle.publicKey) }
    }
}
