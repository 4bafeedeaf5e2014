import Crypto

/// One line of the audit trail: who did what to whose record, why, and what the policy said.
/// Each entry carries the hash of the one before, so altering, removing or reordering any
/// entry breaks the chain from that point on.
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
                detail: String?, prevHash: String) {
        self.seq = seq; self.at = at; self.actorId = actorId; self.actorProfession = actorProfession
        self.action = action; self.category = category; self.personId = personId; self.familyId = familyId
        self.purpose = purpose; self.decision = decision; self.reason = reason; self.path = path
        self.detail = detail; self.prevHash = prevHash
        self.hash = ""
        self.hash = computedHash
    }

    /// SHA-256 over every field but the hash itself, separated by a character no field holds.
    public var computedHash: String {
        let fields: [String] = [String(seq), at, actorId.map(String.init) ?? "", actorProfession ?? "", action, category,
                                personId.map(String.init) ?? "", familyId.map(String.init) ?? "", purpose, decision, reason,
                                path, detail ?? "", prevHash]
        return sha256Hex(fields.joined(separator: "\u{1F}"))
    }
}

/// Checks a run of entries, in the order the store returns them by sequence number.
public struct AuditVerifier: Sendable {
    public enum Problem: Sendable, Equatable, CustomStringConvertible {
        case altered(seq: Int64)
        case brokenLink(seq: Int64)
        case gap(after: Int64, found: Int64)

        public var description: String {
            switch self {
            case .altered(let s): return "entry \(s) was altered: its contents no longer match its hash"
            case .brokenLink(let s): return "entry \(s) does not follow the entry before it: an earlier entry was altered, removed or reordered"
            case .gap(let a, let f): return "entries are missing or reordered after entry \(a): the next entry is \(f)"
            }
        }
    }

    private var previousHash = AuditEntry.genesis
    private var previousSeq: Int64 = 0
    public private(set) var checked = 0

    public init() {}

    /// Feeds the next entry; returns the first problem found, if any.
    public mutating func check(_ e: AuditEntry) -> Problem? {
        defer { previousHash = e.hash; previousSeq = e.seq; checked += 1 }
        if e.seq != previousSeq + 1 { return .gap(after: previousSeq, found: e.seq) }
        if e.computedHash != e.hash { return .altered(seq: e.seq) }
        if e.prevHash != previousHash { return .brokenLink(seq: e.seq) }
        return nil
    }
}
