import Foundation
import Fluent
import SQLKit
import CradleCore

/// Merging two people into one and taking them apart again. A merge moves every row that
/// belongs to the merged person (source records, addresses, contacts, notes...) to the kept
/// one and writes down exactly which rows moved, so that an unmerge puts each back where it
/// was. The merged person stays, marked as merged, so links and the audit trail still resolve.
/// A pair taken apart by hand is remembered and never proposed or merged again automatically.
enum MergeStore {
    /// Tables whose rows follow their person in a merge. The audit trail and break-glass
    /// grants stay with the person they were about.
    static let movedTables = ["source_records", "addresses", "involvements", "contacts", "notes", "consents", "asq_results",
                              "support_requests", "panel_items"]

    struct Moves: Codable, Sendable {
        var rows: [String: [Int64]]
        /// How each moved source record was linked before the merge made it "reviewed".
        var linkKinds: [String: String]
    }

    struct MergeRow: Codable, Sendable {
        var id: Int64
        var keptPersonId: Int64
        var mergedPersonId: Int64
        var keptName: String
        var mergedName: String
        var reason: String
        var mergedByName: String?
        var mergedAt: String
        var unmergedByName: String?
        var unmergedAt: String?
    }

    struct PersonFacts: Codable, Sendable {
        var id: Int64
        var kind: String
        var nhsNumber: String?
        var mergedInto: Int64?
        var givenName: String
        var familyName: String
    }

    static func facts(_ id: Int64, on db: any SQLDatabase) async throws -> PersonFacts? {
        try await db.raw("SELECT id, kind, nhs_number, merged_into, given_name, family_name FROM people WHERE id = \(bind: id)")
            .first(decoding: PersonFacts.self, with: rowDecoder)
    }

    /// Why two people cannot be one, as the field to correct; nothing is changed. A merge asks
    /// this first, and so does its confirmation page, so nobody confirms what will be refused.
    @discardableResult
    static func check(kept: Int64, merged: Int64, on db: any SQLDatabase) async throws -> (kept: PersonFacts, merged: PersonFacts) {
        guard kept != merged else { throw InvalidInput("mergedPersonId", "These are already one person") }
        guard let k = try await facts(kept, on: db) else { throw InvalidInput("keptPersonId", "No person \(kept)") }
        guard let m = try await facts(merged, on: db) else { throw InvalidInput("mergedPersonId", "No person \(merged)") }
        if let into = k.mergedInto { throw InvalidInput("keptPersonId", "Person \(kept) was merged into \(into); merge into that person") }
        if let into = m.mergedInto { throw InvalidInput("mergedPersonId", "Person \(merged) was already merged into \(into)") }
        if let a = k.nhsNumber, let b = m.nhsNumber, a != b {
            throw InvalidInput("mergedPersonId", "They have different NHS numbers (\(a) and \(b)): two NHS numbers are never one person. Correct the wrong number at its source")
        }
        guard k.kind == m.kind else { throw InvalidInput("mergedPersonId", "A child and an adult cannot be one person") }
        return (k, m)
    }

    /// Merges `merged` into `kept` inside the caller's transaction. Refuses two NHS numbers, a
    /// child with an adult, and anyone already merged.
    /// The moved source records become "reviewed" when a person made the merge (`by`); a
    /// merge made by an import or a birth keeps how each was linked.
    static func merge(kept: Int64, merged: Int64, reason: String, by: Int64?, at: String, on db: any SQLDatabase) async throws -> Int64 {
        let (k, m) = try await check(kept: kept, merged: merged, on: db)
        var moves = Moves(rows: [:], linkKinds: [:])
        struct Kind: Codable { var id: Int64; var linkKind: String }
        for k in try await db.raw("SELECT id, link_kind FROM source_records WHERE person_id = \(bind: merged)").all(decoding: Kind.self, with: rowDecoder) {
            moves.linkKinds[String(k.id)] = k.linkKind
        }
        for t in movedTables {
            let ids = try await db.raw("SELECT id FROM \(ident: t) WHERE person_id = \(bind: merged)").all(decodingColumn: "id", as: Int64.self)
            guard !ids.isEmpty else { continue }
            moves.rows[t] = ids
            try await db.raw("UPDATE \(ident: t) SET person_id = \(bind: kept) WHERE person_id = \(bind: merged)").run()
        }
        if by != nil {
            try await db.raw("UPDATE source_records SET link_kind = 'reviewed' WHERE person_id = \(bind: kept) AND id IN (\(binds: (moves.rows["source_records"] ?? []) + [-1]))").run()
        }
        let movedNHS = k.nhsNumber == nil ? m.nhsNumber : nil
        try await db.raw("UPDATE people SET merged_into = \(bind: kept), nhs_number = \(bind: movedNHS == nil ? m.nhsNumber : nil), version = version + 1 WHERE id = \(bind: merged)").run()
        if let movedNHS { try await db.raw("UPDATE people SET nhs_number = \(bind: movedNHS), version = version + 1 WHERE id = \(bind: kept)").run() }
        let json = String(decoding: try JSONEncoder().encode(moves), as: UTF8.self)
        return try await db.insert(into: "person_merges")
            .columns("kept_person_id", "merged_person_id", "reason", "moved", "moved_nhs_number", "merged_by", "merged_at")
            .values(SQLBind(kept), SQLBind(merged), SQLBind(reason), SQLBind(json), SQLBind(movedNHS), SQLBind(by), SQLBind(at))
            .returning("id").first(decodingColumn: "id", as: Int64.self)!
    }

    /// A merge as stored, with what it moved.
    struct UndoableMerge: Codable { var keptPersonId: Int64; var mergedPersonId: Int64; var moved: String; var movedNhsNumber: String?; var unmergedAt: String? }

    /// The merge, if it can still be undone; otherwise why not. Nothing is changed.
    @discardableResult
    static func checkUnmerge(_ id: Int64, on db: any SQLDatabase) async throws -> UndoableMerge {
        guard let r = try await db.raw("SELECT kept_person_id, merged_person_id, moved, moved_nhs_number, unmerged_at FROM person_merges WHERE id = \(bind: id)")
            .first(decoding: UndoableMerge.self, with: rowDecoder) else { throw InvalidInput("merge", "No such merge") }
        guard r.unmergedAt == nil else { throw InvalidInput("merge", "This merge was already undone at \(r.unmergedAt!)") }
        if let into = try await facts(r.keptPersonId, on: db)?.mergedInto {
            throw InvalidInput("merge", "The kept person was merged again, into \(into): undo that merge first")
        }
        return r
    }

    /// Undoes a merge: every row it moved goes back (rows added to the kept person since stay),
    /// the NHS number too, and the pair is remembered as split.
    static func unmerge(_ id: Int64, by: Int64?, on database: any Database) async throws {
        try await database.writeTransaction { db in
            let r = try await checkUnmerge(id, on: db)
            let moves = try JSONDecoder().decode(Moves.self, from: Data(r.moved.utf8))
            for t in movedTables {
                guard let ids = moves.rows[t], !ids.isEmpty else { continue }
                try await db.raw("UPDATE \(ident: t) SET person_id = \(bind: r.mergedPersonId) WHERE person_id = \(bind: r.keptPersonId) AND id IN (\(binds: ids))").run()
            }
            for (record, kind) in moves.linkKinds {
                try await db.raw("UPDATE source_records SET link_kind = \(bind: kind) WHERE id = \(bind: Int64(record) ?? -1)").run()
            }
            if let nhs = r.movedNhsNumber {
                try await db.raw("UPDATE people SET nhs_number = NULL, version = version + 1 WHERE id = \(bind: r.keptPersonId) AND nhs_number = \(bind: nhs)").run()
            }
            try await db.raw("UPDATE people SET merged_into = NULL, nhs_number = COALESCE(\(bind: r.movedNhsNumber), nhs_number), version = version + 1 WHERE id = \(bind: r.mergedPersonId)").run()
            let at = ISO8601DateFormatter.now
            try await db.raw("UPDATE person_merges SET unmerged_by = \(bind: by), unmerged_at = \(bind: at) WHERE id = \(bind: id)").run()
            try await split(r.keptPersonId, r.mergedPersonId, reason: "Merge \(id) undone", by: by, at: at, on: db)
        }
    }

    /// Remembers that two people are not one.
    static func split(_ a: Int64, _ b: Int64, reason: String, by: Int64?, at: String, on db: any SQLDatabase) async throws {
        let (x, y) = (min(a, b), max(a, b))
        guard try await !isSplit(x, y, on: db) else { return }
        try await db.insert(into: "link_splits").columns("person_a", "person_b", "split_by", "split_at", "reason")
            .values(SQLBind(x), SQLBind(y), SQLBind(by), SQLBind(at), SQLBind(reason)).run()
    }

    static func isSplit(_ a: Int64, _ b: Int64, on db: any SQLDatabase) async throws -> Bool {
        try await db.raw("SELECT COUNT(*) AS n FROM link_splits WHERE person_a = \(bind: min(a, b)) AND person_b = \(bind: max(a, b))")
            .first(decodingColumn: "n", as: Int.self) ?? 0 > 0
    }

    static let mergeColumns: SQLQueryString = """
        SELECT m.id, m.kept_person_id, m.merged_person_id, k.given_name || ' ' || k.family_name AS kept_name,
            g.given_name || ' ' || g.family_name AS merged_name, m.reason, a.display_name AS merged_by_name, m.merged_at,
            u.display_name AS unmerged_by_name, m.unmerged_at
        FROM person_merges m JOIN people k ON k.id = m.kept_person_id JOIN people g ON g.id = m.merged_person_id
        LEFT JOIN practitioners a ON a.id = m.merged_by LEFT JOIN practitioners u ON u.id = m.unmerged_by
        """

    /// The latest 100, for the merges page.
    static func recent(on db: any SQLDatabase) async throws -> [MergeRow] {
        try await db.raw(mergeColumns + " ORDER BY m.id DESC LIMIT 100").all(decoding: MergeRow.self, with: rowDecoder)
    }

    /// A page of every merge, newest first (the API).
    static func page(_ page: APIPage, on db: any SQLDatabase) async throws -> [MergeRow] {
        try await db.raw(mergeColumns + page.byId("m.id", filtered: false)).all(decoding: MergeRow.self, with: rowDecoder)
    }

    static func find(_ id: Int64, on db: any SQLDatabase) async throws -> MergeRow? {
        try await db.raw(mergeColumns + " WHERE m.id = \(bind: id)").first(decoding: MergeRow.self, with: rowDecoder)
    }
}
