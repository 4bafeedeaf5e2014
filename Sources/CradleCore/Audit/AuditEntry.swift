import Crypto

/// One line of the audit trail: who did what to whose record, why, and what the policy said.
/// Each entry carries the MAC of the one before, so altering, removing or reordering any
/// entry breaks the chain from that point on; the MAC's key is kept outside the database, so
/// someone who can write to the database cannot recompute the chain after an edit.
public struct AuditEntry: Sendable, Equatable, Codable {
    public var seq: Int64
    public var at: String
    public var actorId: Int64?
    public var actorProfession: String?
    public var action: String
    public var category: String
    public var personId: Int64?
    public var familyId: Int64?
    public var purpose: String
    /// `allow`, `deny` or `break_glass`.
    public var decision: String
    public var reason: String
    public var path: String
    /// Search terms, or what was written.
    public var detail: String?
    public var prevHash: String
    public var hash: String

    /// The hash before the first entry.
    public static let genesis = String(repeating: "0", count: 64)

    public init(seq: Int64, at: String, actorId: Int64?, actorProfession: String?, action: String, category: String,
                personId: Int64?, familyId: Int64?, purpose: String, decision: String, reason: String, path: String,
                detail: String?, prevHash: String, key: AuditKey) {
        self.seq = seq; self.at = at; self.actorId = actorId; self.actorProfession = actorProfession
        self.action = action; self.category = category; self.personId = personId; self.familyId = familyId
        self.purpose = purpose; self.decision = decision; self.reason = reason; self.path = path
        self.detail = detail; self.prevHash = prevHash
        self.hash = ""
        self.hash = mac(key)
    }

    /// Every field but the hash itself, separated by a character no field holds.
    var chainedText: [UInt8] {
        let fields: [String] = [String(seq), at, actorId.map(String.init) ?? "", actorProfession ?? "", action, category,
                                personId.map(String.init) ?? "", familyId.map(String.init) ?? "", purpose, decision, reason,
                                path, detail ?? "", prevHash]
        return Array(fields.joined(separator: "\u{1F}").utf8)
    }

    /// HMAC-SHA-256 of the entry under the trail's key.
    public func mac(_ key: AuditKey) -> String {
        HMAC<SHA256>.authenticationCode(for: chainedText, using: key.symmetric).hexString
    }

    /// The unkeyed SHA-256 that chained entries written before the trail had a key; such
    /// entries are trusted only as far as a signed checkpoint vouches for them.
    public var legacyHash: String { SHA256.hash(data: chainedText).hexString }
}

/// The secret that keys the audit chain. It lives outside the database (a file in the data
/// directory or an environment variable), so the database alone cannot forge an entry.
public struct AuditKey: Sendable {
    public let symmetric: SymmetricKey

    public init(_ bytes: [UInt8]) { symmetric = SymmetricKey(data: bytes) }

    /// A new random 256-bit key.
    public static func generate() -> AuditKey { AuditKey(SymmetricKey(size: .bits256)) }

    public init(_ key: SymmetricKey) { symmetric = key }

    public var bytes: [UInt8] { symmetric.withUnsafeBytes { Array($0) } }
}

/// Checks a run of entries, in the order the store returns them by sequence number.
public struct AuditVerifier: Sendable {
    public enum Problem: Sendable, Equatable, CustomStringConvertible {
        case altered(seq: Int64)
        case brokenLink(seq: Int64)
        case gap(after: Int64, found: Int64)

        public var description: String {
            switch self {
            case .altered(let s): return "entry \(s) was altered or forged: its contents do not match its MAC under the audit key"
            case .brokenLink(let s): return "entry \(s) does not follow the entry before it: an earlier entry was altered, removed or reordered"
            case .gap(let a, let f): return "entries are missing or reordered after entry \(a): the next entry is \(f)"
            }
        }
    }

    private let key: AuditKey
    /// Entries up to here were chained before the trail had a key (see `AuditEntry.legacyHash`).
    private let legacyThrough: Int64
    private var previousHash = AuditEntry.genesis
    private var previousSeq: Int64 = 0
    public private(set) var checked = 0

    public init(key: AuditKey, legacyThrough: Int64 = 0) {
        self.key = key
        self.legacyThrough = legacyThrough
    }

    /// Feeds the next entry; returns the first problem found, if any.
    public mutating func check(_ e: AuditEntry) -> Problem? {
        defer { previousHash = e.hash; previousSeq = e.seq; checked += 1 }
        if e.seq != previousSeq + 1 { return .gap(after: previousSeq, found: e.seq) }
        let expected = e.seq <= legacyThrough ? e.legacyHash : e.mac(key)
        if expected != e.hash { return .altered(seq: e.seq) }
        if e.prevHash != previousHash { return .brokenLink(seq: e.seq) }
        return nil
    }
}
