import Vapor
import NIOConcurrencyHelpers
import CradleCore
#if canImport(Glibc)
import Glibc
#endif

/// Signs a checkpoint of the trail's head every `every` entries or `interval` seconds,
/// whichever comes first, and when the server stops, appending each to a file outside the
/// database. Between two checkpoints, removing the newest entries cannot be detected; the
/// interval bounds that window.
final class AuditCheckpoints: Sendable {
    let keys: AuditKeys
    let every: Int64
    let interval: TimeInterval
    private let state = NIOLockedValueBox<(signed: Int64, at: Date, head: (seq: Int64, hash: String)?)>((0, Date(), nil))

    init(keys: AuditKeys, every: Int64 = 1_000, interval: TimeInterval = 300) {
        self.keys = keys
        self.every = every
        self.interval = interval
        let last = (try? Self.read(keys.checkpointPath).checkpoints.map(\.seq).max()) ?? nil
        state.withLockedValue { $0.signed = last ?? 0 }
    }

    /// Called after each batch is stored with the newest entry written.
    func stored(head: (seq: Int64, hash: String)) {
        let due = state.withLockedValue { s -> Bool in
            s.head = head
            return head.seq - s.signed >= every || (head.seq > s.signed && Date().timeIntervalSince(s.at) >= interval)
        }
        if due { try? sign(head) }
    }

    /// Signs the newest entry this server wrote, if it has not been signed yet.
    func signHead() {
        guard let head = state.withLockedValue({ $0.head }), head.seq > state.withLockedValue({ $0.signed }) else { return }
        try? sign(head)
    }

    /// Signs and appends a checkpoint of (seq, hash).
    @discardableResult
    func sign(_ head: (seq: Int64, hash: String), legacyThrough: Int64? = nil) throws -> AuditCheckpoint {
        let c = try AuditCheckpoint.sign(seq: head.seq, hash: head.hash, at: ISO8601DateFormatter.now,
                                         legacyThrough: legacyThrough, with: keys.signing)
        try Self.append(c.jsonLine + "\n", to: keys.checkpointPath)
        state.withLockedValue { $0.signed = max($0.signed, head.seq); $0.at = Date() }
        return c
    }

    static func read(_ path: String) throws -> (checkpoints: [AuditCheckpoint], unreadable: [Int]) {
        guard FileManager.default.fileExists(atPath: path) else { return ([], []) }
        return AuditCheckpoint.parse(lines: try String(contentsOfFile: path, encoding: .utf8))
    }

    /// O_APPEND, then fsync: a line is never half-written over another, and is on disk when
    /// this returns.
    static func append(_ text: String, to path: String) throws {
        let fd = open(path, O_WRONLY | O_APPEND | O_CREAT, 0o600)
        guard fd >= 0 else { throw SettingsError(reason: "Cannot open \(path) to append an audit checkpoint") }
        defer { close(fd) }
        let bytes = Array(text.utf8)
        let written = bytes.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
        guard written == bytes.count, fsync(fd) == 0 else { throw SettingsError(reason: "Cannot write an audit checkpoint to \(path)") }
    }
}

struct AuditCheckpointsKey: StorageKey { typealias Value = AuditCheckpoints }

extension Application {
    /// Set by `configure`: the one signer of this server's checkpoints.
    var auditCheckpoints: AuditCheckpoints {
        get { storage[AuditCheckpointsKey.self]! }
        set { storage[AuditCheckpointsKey.self] = newValue }
    }
}
