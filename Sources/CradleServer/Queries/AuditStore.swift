import SQLKit
import CradleCore
import CradleSQLite

/// Writes and reads the audit trail. The triggers are the one dialect branch: both databases
/// refuse to update or delete an audit entry (and PostgreSQL to truncate the table), so only
/// someone who can drop a trigger (a database administrator) can tamper; `cradle audit
/// verify` reports a missing trigger, and `serve` and `migrate` put it back.
enum AuditStore {
    /// The triggers that keep the trail append-only, by dialect.
    static func triggers(_ db: any SQLDatabase) -> [String] {
        db.dialect.name == "sqlite" ? ["audit_events_no_update", "audit_events_no_delete"]
            : ["audit_events_append_only", "audit_events_no_truncate"]
    }

    /// The first migration's triggers (PostgreSQL's truncate guard came later).
    static func protect(_ db: any SQLDatabase) async throws {
        for name in triggers(db) where name != "audit_events_no_truncate" { try await create(name, on: db) }
    }

    static func create(_ trigger: String, on db: any SQLDatabase) async throws {
        if db.dialect.name == "sqlite" {
            let op = trigger == "audit_events_no_update" ? "UPDATE" : "DELETE"
            try await db.raw("""
                CREATE TRIGGER IF NOT EXISTS \(unsafeRaw: trigger) BEFORE \(unsafeRaw: op) ON audit_events
                BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END
                """).run()
            return
        }
        try await db.raw("""
            CREATE OR REPLACE FUNCTION audit_events_append_only() RETURNS trigger AS $$
            BEGIN RAISE EXCEPTION 'the audit trail is append-only'; END; $$ LANGUAGE plpgsql
            """).run()
        let when = trigger == "audit_events_no_truncate" ? "BEFORE TRUNCATE ON audit_events FOR EACH STATEMENT"
            : "BEFORE UPDATE OR DELETE ON audit_events FOR EACH ROW"
        try await db.raw("DROP TRIGGER IF EXISTS \(unsafeRaw: trigger) ON audit_events").run()
        try await db.raw("CREATE TRIGGER \(unsafeRaw: trigger) \(unsafeRaw: when) EXECUTE FUNCTION audit_events_append_only()").run()
    }

    /// Protecting triggers that are not there, or (PostgreSQL) are there but disabled.
    static func missingTriggers(_ db: any SQLDatabase) async throws -> [String] {
        let present: [String]
        if db.dialect.name == "sqlite" {
            present = try await db.raw("SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'audit_events'")
                .all(decodingColumn: "name", as: String.self)
        } else {
            present = try await db.raw("""
                SELECT tgname::text AS name FROM pg_trigger
                WHERE tgrelid = to_regclass('audit_events') AND NOT tgisinternal AND tgenabled <> 'D'
                """).all(decodingColumn: "name", as: String.self)
        }
        return triggers(db).filter { !present.contains($0) }
    }

    /// Puts back any missing trigger; returns the ones that were missing.
    static func restoreTriggers(_ db: any SQLDatabase) async throws -> [String] {
        let missing = try await missingTriggers(db)
        for name in missing { try await create(name, on: db) }
        return missing
    }

    static func unprotect(_ db: any SQLDatabase) async throws {
        for name in triggers(db) {
            if db.dialect.name == "sqlite" {
                try await db.raw("DROP TRIGGER IF EXISTS \(unsafeRaw: name)").run()
            } else {
                try await db.raw("DROP TRIGGER IF EXISTS \(unsafeRaw: name) ON audit_events").run()
            }
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
    static func chain(_ batch: [(event: AuditEvent, at: String)], after last: (seq: Int64, hash: String), key: AuditKey) -> [AuditEntry] {
        var (seq, hash) = last
        return batch.map { e, at in
            seq += 1
            let entry = AuditEntry(seq: seq, at: at, actorId: e.actor.practitionerId, actorProfession: e.actor.profession?.rawValue,
                                   action: e.action.rawValue, category: e.resource.category.rawValue,
                                   personId: e.resource.personId, familyId: e.resource.familyId, purpose: e.purpose.rawValue,
                                   decision: e.decision, reason: e.reason, path: e.path, detail: e.detail, prevHash: hash, key: key)
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

    /// The newest entry, if any.
    static func newest(on db: any SQLDatabase) async throws -> AuditEntry? {
        try await db.raw(select + " ORDER BY seq DESC LIMIT 1").first(decoding: AuditEntry.self, with: rowDecoder)
    }

    /// Entries after `seq`, in order, a page at a time (for verification).
    static func page(after seq: Int64, limit: Int, on db: any SQLDatabase) async throws -> [AuditEntry] {
        try await db.raw(select + " WHERE seq > \(bind: seq) ORDER BY seq LIMIT \(unsafeRaw: String(limit))")
            .all(decoding: AuditEntry.self, with: rowDecoder)
    }

    static func denied(limit: Int = 200, on db: any SQLDatabase) async throws -> [AuditEntry] {
        try await db.raw(select + " WHERE decision = 'deny' ORDER BY seq DESC LIMIT \(unsafeRaw: String(limit))")
            .all(decoding: AuditEntry.self, with: rowDecoder)
    }

    /// Who looked at or changed a person's record, newest first.
    static func forPerson(_ personId: Int64, limit: Int = 500, on db: any SQLDatabase) async throws -> [AuditEntry] {
        try await db.raw(select + " WHERE person_id = \(bind: personId) ORDER BY seq DESC LIMIT \(unsafeRaw: String(limit))")
            .all(decoding: AuditEntry.self, with: rowDecoder)
    }
}
