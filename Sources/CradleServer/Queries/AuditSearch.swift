import SQLKit
import CradleCore

/// The IG lead's view of the audit trail: any combination of child, user, decision, purpose
/// and date range, newest first, a page at a time (by sequence number, so a page is as quick
/// at the millionth entry as at the first), and the same selection as CSV.
struct AuditFilter: Sendable, Equatable {
    var personId: Int64?
    var actorId: Int64?
    var decision: String?
    var purpose: Purpose?
    var from: Day?
    var to: Day?

    static let decisions = ["allow", "deny", "break_glass"]

    /// Reads the filter from query fields; errors name the field.
    static func read(_ fields: [String: String]) -> Result<AuditFilter, FieldErrors> {
        var r = FieldReader(fields)
        var f = AuditFilter()
        f.personId = r.identifier("person", label: "Child's record number", required: false)
        f.actorId = r.identifier("user", label: "User number", required: false)
        if let d = fields["decision"], !d.isEmpty {
            if decisions.contains(d) { f.decision = d } else { r.errors.add("decision", "Decision must be allowed, refused or break-glass") }
        }
        f.purpose = r.choice("purpose", label: "Purpose", as: Purpose.self, required: false)
        f.from = r.day("from", label: "From")
        f.to = r.day("to", label: "To")
        if let a = f.from, let b = f.to, b < a { r.errors.add("to", "To must be on or after From") }
        return r.errors.isEmpty ? .success(f) : .failure(r.errors)
    }

    /// The filter as query fields, for links to the next page and the CSV.
    var query: [String: String] {
        var q: [String: String] = [:]
        q["person"] = personId.map(String.init)
        q["user"] = actorId.map(String.init)
        q["decision"] = decision
        q["purpose"] = purpose?.rawValue
        q["from"] = from?.iso
        q["to"] = to?.iso
        return q
    }

    var conditions: SQLQueryString {
        var c: SQLQueryString = " WHERE 1 = 1"
        if let personId { c = c + " AND person_id = \(bind: personId)" }
        if let actorId { c = c + " AND actor_id = \(bind: actorId)" }
        if let decision { c = c + " AND decision = \(bind: decision)" }
        if let purpose { c = c + " AND purpose = \(bind: purpose.rawValue)" }
        if let from { c = c + " AND at >= \(bind: from.iso)" }
        if let to { c = c + " AND at < \(bind: (to + 1).iso)" }
        return c
    }
}

enum AuditSearch {
    static let pageSize = 100

    /// Entries before `before` (newest first), one more than a page to know if there is another.
    static func page(_ f: AuditFilter, before: Int64?, limit: Int = pageSize, on db: any SQLDatabase) async throws -> (entries: [AuditEntry], more: Bool) {
        var q = AuditStore.select + f.conditions
        if let before { q = q + " AND seq < \(bind: before)" }
        let rows = try await db.raw(q + " ORDER BY seq DESC LIMIT \(unsafeRaw: String(limit + 1))").all(decoding: AuditEntry.self, with: rowDecoder)
        return (Array(rows.prefix(limit)), rows.count > limit)
    }

    static let csvHeader = ["seq", "at", "actor_id", "actor_name", "actor_profession", "action", "category", "person_id", "family_id",
                            "purpose", "decision", "reason", "path", "detail"]

    /// Every matching entry as CSV, a page at a time, with formula-looking cells made text.
    static func csv(_ f: AuditFilter, on db: any SQLDatabase, _ emit: (String) throws -> Void) async throws {
        try emit(CSVReader.exportLine(csvHeader) + "\n")
        var before: Int64? = nil
        while true {
            let (entries, more) = try await page(f, before: before, limit: 5_000, on: db)
            let names = try await Directory.practitionerNames(ids: Set(entries.compactMap(\.actorId)), on: db)
            var text = ""
            for e in entries {
                text += CSVReader.exportLine([String(e.seq), e.at, e.actorId.map(String.init) ?? "", e.actorId.flatMap { names[$0] } ?? "",
                                              e.actorProfession ?? "", e.action, e.category, e.personId.map(String.init) ?? "",
                                              e.familyId.map(String.init) ?? "", e.purpose, e.decision, e.reason, e.path, e.detail ?? ""]) + "\n"
            }
            try emit(text)
            guard more, let last = entries.last else { return }
            before = last.seq
        }
    }
}
