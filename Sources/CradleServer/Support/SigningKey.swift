import Foundation
import Crypto

/// Cradle's own Ed25519 key, which signs every birth list's manifest. Kept in the data
/// directory (`cradle-signing.key`, readable by its owner only) and made on first use; the
/// public half (`cradle-signing.pub`) is what centres check lists against.
enum CradleSigningKey {
    static func load(dataDirectory: String) throws -> Curve25519.Signing.PrivateKey {
        let path = dataDirectory + "/cradle-signing.key"
        if let text = try? String(contentsOfFile: path, encoding: .utf8) {
            guard let raw = Data(base64Encoded: text.trimmingCharacters(in: .whitespacesAndNewlines)),
                  let key = try? Curve25519.Signing.PrivateKey(rawRepresentation: raw) else {
                throw SettingsError(reason: "\(path) is not a Cradle signing key")
            }
            return key
        }
        try FileManager.default.createDirectory(atPath: dataDirectory, withIntermediateDirectories: true)
        let key = Curve25519.Signing.PrivateKey()
        try writePrivate(key.rawRepresentation.base64EncodedString() + "\n", to: path)
        try (key.publicKey.rawRepresentation.base64EncodedString() + "\n").write(toFile: dataDirectory + "/cradle-signing.pub", atomically: true, encoding: .utf8)
        return key
    }

    /// Writes a secret readable by its owner alone.
    static func writePrivate(_ text: String, to path: String) throws {
        guard FileManager.default.createFile(atPath: path, contents: Data(text.utf8), attributes: [.posixPermissions: 0o600]) else {
            throw SettingsError(reason: "Cannot write \(path)")
        }
    }
}
