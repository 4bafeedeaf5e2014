import Vapor
import Fluent
import SQLKit
import CradleCore

/// One access to record, before it is numbered and chained.
struct AuditEvent: Sendable {
    var actor: Actor
    var action: CradleCore.Action
    var resource: Resource
    var purpose: Purpose
    var decision: String
    var reason: String
    var path: String
    var detail: String?
}

/// Appends audit entries with group commit: requests arriving together share one write
/// transaction, and each request waits until its own entry is stored before it answers, so
/// nothing is shown that was not first recorded.
actor AuditLog {
    private let database: @Sendable () -> any Database
    private var pending: [(AuditEvent, String, CheckedContinuation<Void, any Error>)] = []
    private var flushing = false

    init(database: @escaping @Sendable () -> any Database) { self.database = database }

    func record(_ event: AuditEvent) async throws {
        let at = ISO8601DateFormatter.audit.string(from: Date())
        try await withCheckedThrowingContinuation { (c: CheckedContinuation<Void, any Error>) in
            pending.append((event, at, c))
            if !flushing {
                flushing = true
                Task { await self.flush() }
            }
        }
    }

    private func flush() async {
        while !pending.isEmpty {
            let batch = pending
            pending = []
            do {
                try await database().writeTransaction { db in
                    try await AuditStore.lockChain(db)
                    var (seq, hash) = try await AuditStore.last(db)
                    var entries: [AuditEntry] = []
                    for (e, at, _) in batch {
                        seq += 1
                        let entry = AuditEntry(seq: seq, at: at, actorId: e.actor.practitionerId, actorProfession: e.actor.profession?.rawValue,
                                               action: e.action.rawValue, category: e.resource.category.rawValue,
                                               personId: e.resource.personId, familyId: e.resource.familyId, purpose: e.purpose.rawValue,
                                               decision: e.decision, reason: e.reason, path: e.path, detail: e.detail, prevHash: hash)
                        hash = entry.hash
                        entries.append(entry)
                    }
                    try await AuditStore.insert(entries, on: db)
                }
                for (_, _, c) in batch { c.resume() }
            } catch {
                for (_, _, c) in batch { c.resume(throwing: error) }
            }
        }
        flushing = false
    }
}

extension ISO8601DateFormatter {
    nonisolated(unsafe) static let audit: ISO8601DateFormatter = {
        let f = ISO8601DateFormatter()
        f.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return f
    }()
}

struct AuditLogKey: StorageKey { typealias Value = AuditLog }

extension Application {
    /// The audit trail writer; nil when auditing is switched off (benchmark comparison only).
    var auditLog: AuditLog? {
        get { storage[AuditLogKey.self] }
        set { storage[AuditLogKey.self] = newValue }
    }
}
