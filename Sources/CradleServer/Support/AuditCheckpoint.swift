import Crypto
import Foundation
import CradleCore

/// A signed statement that the audit trail held `seq` entries ending in `hash` at a moment.
/// Checkpoints are written outside the database (an append-only file, and exports to another
/// system), so removing the trail's tail, emptying it, or rewriting it with a new chain is
/// caught: the trail no longer reaches, or no longer matches, what was signed.
struct AuditCheckpoint: Codable, Sendable, Equatable {
    var seq: Int64
    var hash: String
    var at: String
    /// Entries up to this one were chained without a key, before checkpoints existed; this
    /// checkpoint vouches for them as they stood when it was signed.
    var legacyThrough: Int64?
    /// Ed25519 over `signedText`, base64.
    var signature: String

    var signedText: Data {
        Data("cradle-audit-checkpoint\u{1F}\(seq)\u{1F}\(hash)\u{1F}\(at)\u{1F}\(legacyThrough ?? 0)".utf8)
    }

    static func sign(seq: Int64, hash: String, at: String, legacyThrough: Int64? = nil,
                            with key: Curve25519.Signing.PrivateKey) throws -> AuditCheckpoint {
        var c = AuditCheckpoint(seq: seq, hash: hash, at: at, legacyThrough: legacyThrough, signature: "")
        c.signature = try key.signature(for: c.signedText).base64EncodedString()
        return c
    }

    func isSigned(by key: Curve25519.Signing.PublicKey) -> Bool {
        guard let sig = Data(base64Encoded: signature) else { return false }
        return key.isValidSignature(sig, for: signedText)
    }

    /// One checkpoint a line.
    var jsonLine: String {
        let e = JSONEncoder()
        e.outputFormatting = [.sortedKeys]
        return String(decoding: (try? e.encode(self)) ?? Data(), as: UTF8.self)
    }

    /// Reads checkpoint lines; a line that is not one is reported, not skipped.
    static func parse(lines text: String) -> (checkpoints: [AuditCheckpoint], unreadable: [Int]) {
        var out: [AuditCheckpoint] = []
        var bad: [Int] = []
        for (i, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let t = line.trimmingCharacters(in: .whitespaces)
            if t.isEmpty { continue }
            if let c = try? JSONDecoder().decode(AuditCheckpoint.self, from: Data(t.utf8)) { out.append(c) } else { bad.append(i + 1) }
        }
        return (out, bad)
    }
}
