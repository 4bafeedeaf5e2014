import SQLKit
import CradleCore

/// Writes and reads the audit trail. The triggers are the one dialect branch: both databases
/// refuse to update or delete an audit entry, so only someone who can drop a trigger (a
/// database administrator) can tamper, and `cradle audit verify` shows where they did.
enum AuditStore {
    static func protect(_ db: any SQLDatabase) async throws {
        if db.dialect.name == "sqlite" {
            for op in ["UPDATE", "DELETE"] {
                try await db.raw("""
                    CREATE TRIGGER audit_events_no_\(unsafeRaw: op.lowercased()) BEFORE \(unsafeRaw: op) ON audit_events
                    BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END
                    """).run()
            }
        } else {
            try await db.raw("""
                CREATE OR REPLACE FUNCTION audit_events_append_only() RETURNS trigger AS $$
                BEGIN RAISE EXCEPTION 'the audit trail is append-only'; END; $$ LANGUAGE plpgsql
                """).run()
            try await db.raw("""
                CREATE TRIGGER audit_events_append_only BEFORE UPDATE OR DELETE ON audit_events
                FOR EACH ROW EXECUTE FUNCTION audit_events_append_only()
                """).run()
        }
    }

    static func unprotect(_ db: any SQLDatabase) async throws {
        if db.dialect.name == "sqlite" {
            try await db.raw("DROP TRIGGER IF EXISTS audit_events_no_update").run()
            try await db.raw("DROP TRIGGER IF EXISTS audit_events_no_delete").run()
        } else {
            try await db.raw("DROP TRIGGER IF EXISTS audit_events_append_only ON audit_events").run()
        }
    }

    /// Serialises appends across app servers sharing one PostgreSQL; SQLite's BEGIN IMMEDIATE
    /// already holds the only write lock.
    static func lockChain(_ db: any SQLDatabase) async throws {
        if db.dialect.name == "postgresql" { try await db.raw("SELECT pg_advisory_xact_lock(7261)").run() }
    }

    static func last(_ db: any SQLDatabase) async throws -> (seq: Int64, hash: String) {
        struct Row: Decodable { var seq: Int64; var hash: String }
        let row = try await db.raw(SQLQueryString(lastSQL)).first(decoding: Row.self, with: rowDecoder)
        return (row?.seq ?? 0, row?.hash ?? AuditEntry.genesis)
    }

    /// The batch numbered and hash-chained after the last stored entry.
    static func chain(_ batch: [(event: AuditEvent, at: String)], after last: (seq: Int64, hash: String)) -> [AuditEntry] {
        var (seq, hash) = last
        return batch.map { e, at in
            seq += 1
            let entry = AuditEntry(seq: seq, at: at, actorId: e.actor.practitionerId, actorProfession: e.actor.profession?.rawValue,
                                   action: e.action.rawValue, category: e.resource.category.rawValue,
                                   personId: e.resource.personId, familyId: e.resource.familyId, purpose: e.purpose.rawValue,
                                   decision: e.decision, reason: e.reason, path: e.path, detail: e.detail, prevHash: hash)
            hash = entry.hash
            return entry
        }
    }

    static let lastSQL = "SELECT seq, hash FROM audit_events ORDER BY seq DESC LIMIT 1"

    static func last(_ db: DirectConnection) throws -> (seq: Int64, hash: String) {
        var last: (Int64, String)?
        try db.execute(lastSQL) { row in last = try? (row.decode(column: "seq", as: Int64.self), row.decode(column: "hash", as: String.self)) }
        return last ?? (0, AuditEntry.genesis)
    }

    static func insert(_ entries: [AuditEntry], on db: DirectConnection) throws {
        let sql = "INSERT INTO audit_events (\(columns.joined(separator: ", "))) VALUES (\(Array(repeating: "?", count: columns.count).joined(separator: ", ")))"
        for e in entries { try db.execute(sql, cells: values(e).map(\.cell)[...]) }
    }

    static func values(_ e: AuditEntry) -> [any BulkValue] {
        [e.seq, e.at, e.actorId, e.actorProfession, e.action, e.category, e.personId, e.familyId, e.purpose,
         e.decision, e.reason, e.path, e.detail, e.prevHash, e.hash]
    }

    static let columns = ["seq", "at", "actor_id", "actor_profession", "action", "category", "person_id", "family_id",
                          "purpose", "decision", "reason", "path", "detail", "prev_hash", "hash"]

    static func insert(_ entries: [AuditEntry], on db: any SQLDatabase) async throws {
        var w = BulkWriter("audit_events", columns)
        for e in entries { w.add(values(e)) }
        try await w.flush(on: db)
    }

    static let select: SQLQueryString = """
        SELECT seq, at, actor_id, actor_profession, action, category, person_id, family_id, purpose, decision, reason,
               path, detail, prev_hash, hash FROM audit_events
        """

    /// Entries after `seq`, in order, a page at a time (for verification).
    static func page(after seq: Int64, limit: Int, on db: any SQLDatabase) async throws -> [AuditEntry] {
        try await db.raw(select + " WHERE seq > \(bind: seq) ORDER BY seq LIMIT \(unsafeRaw: String(limit))")
            .all(decoding: AuditEntry.self, with: rowDecoder)
    }

    static func denied(limit: Int = 200, on db: any SQLDatabase) async throws -> [AuditEntry] {
        try await db.raw(select + " WHERE decision = 'deny' ORDER BY seq DESC LIMIT \(unsafeRaw: String(limit))")
            .all(decoding: AuditEntry.self, with: rowDecoder)
    }

    static func byActor(_ id: Int64, limit: Int = 500, on db: any SQLDatabase) async throws -> [AuditEntry] {
        try await db.raw(select + " WHERE actor_id = \(bind: id) ORDER BY seq DESC LIMIT \(unsafeRaw: String(limit))")
            .all(decoding: AuditEntry.self, with: rowDecoder)
    }

    /// Who looked at or changed a person's record, newest first.
    static func forPerson(_ personId: Int64, limit: Int = 500, on db: any SQLDatabase) async throws -> [AuditEntry] {
        try await db.raw(select + " WHERE person_id = \(bind: personId) ORDER BY seq DESC LIMIT \(unsafeRaw: String(limit))")
            .all(decoding: AuditEntry.self, with: rowDecoder)
    }
}
