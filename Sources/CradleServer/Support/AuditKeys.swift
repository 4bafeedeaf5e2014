import Vapor
import Crypto
import CradleCore

/// The two secrets that make the audit trail tamper-evident to someone who can write to the
/// database: the MAC key that chains entries, and Cradle's Ed25519 key that signs checkpoints.
/// Both live outside the database — in the data directory, readable by its owner only, or
/// the MAC key in `CRADLE_AUDIT_KEY` (base64 or hex, 32 bytes or more) where several servers
/// share one database.
struct AuditKeys: Sendable {
    let mac: AuditKey
    let signing: Curve25519.Signing.PrivateKey
    /// The append-only file of signed checkpoints.
    let checkpointPath: String

    static func load(_ settings: Settings) throws -> AuditKeys {
        let dir = settings.dataDirectory
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        return AuditKeys(mac: try macKey(settings), signing: try CradleSigningKey.load(dataDirectory: dir),
                         checkpointPath: dir + "/audit-checkpoints.log")
    }

    private static func macKey(_ settings: Settings) throws -> AuditKey {
        if let text = settings.auditKey {
            guard let key = AuditKey(text: text) else {
                throw SettingsError(reason: "CRADLE_AUDIT_KEY must be 32 or more bytes written as base64 or hex")
            }
            return key
        }
        let path = settings.dataDirectory + "/cradle-audit.key"
        if let text = try? String(contentsOfFile: path, encoding: .utf8) {
            guard let key = AuditKey(text: text) else { throw SettingsError(reason: "\(path) is not a Cradle audit key") }
            return key
        }
        let key = AuditKey.generate()
        try CradleSigningKey.writePrivate(key.base64 + "\n", to: path)
        return key
    }
}

struct AuditKeysKey: StorageKey { typealias Value = AuditKeys }

extension Application {
    /// Set by `configure`.
    var auditKeys: AuditKeys {
        get { storage[AuditKeysKey.self]! }
        set { storage[AuditKeysKey.self] = newValue }
    }
}

extension AuditKey {
    /// Reads a key written as hex or base64 (at least 32 bytes).
    init?(text: String) {
        let t = text.trimmingCharacters(in: .whitespacesAndNewlines)
        let bytes: [UInt8]? = Self.hexBytes(t) ?? Data(base64Encoded: t).map(Array.init)
        guard let bytes, bytes.count >= 32 else { return nil }
        self.init(bytes)
    }

    var base64: String { Data(bytes).base64EncodedString() }

    static func hexBytes(_ s: String) -> [UInt8]? {
        let u = Array(s.utf8)
        guard u.count % 2 == 0 else { return nil }
        var out: [UInt8] = []
        for i in stride(from: 0, to: u.count, by: 2) {
            guard let b = UInt8(String(decoding: u[i...i + 1], as: UTF8.self), radix: 16) else { return nil }
            out.append(b)
        }
        return out
    }
}
