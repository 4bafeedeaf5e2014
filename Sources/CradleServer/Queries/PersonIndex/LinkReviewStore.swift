import Foundation
import Fluent
import SQLKit
import CradleCore

/// Links the index proposed but would not make alone, for a person to accept or reject.
enum LinkReviewStore {
    struct ReviewRow: Codable, Sendable {
        var id: Int64
        var sourceRecordId: Int64
        var recordPersonId: Int64
        var candidatePersonId: Int64
        var candidateRecordId: Int64?
        var weight: Double
        var explanation: String
        var status: String
        var decidedByName: String?
        var decidedAt: String?
        var createdAt: String
        var givenName: String
        var familyName: String
        var dateOfBirth: String?
        var sourceName: String
        var candidateName: String?

        var weights: [ComparisonWeight] { (try? JSONDecoder().decode([ComparisonWeight].self, from: Data(explanation.utf8))) ?? [] }
        var isOpen: Bool { status == "open" }
    }

    static func propose(record: Int64, candidatePerson: Int64, candidateRecord: Int64?, weight: Double, explanation: String,
                        at: String, on db: any SQLDatabase) async throws {
        try await db.insert(into: "link_reviews")
            .columns("source_record_id", "candidate_person_id", "candidate_record_id", "weight", "explanation", "status", "created_at")
            .values(SQLBind(record), SQLBind(candidatePerson), SQLBind(candidateRecord), SQLBind(weight), SQLBind(explanation),
                    SQLBind("open"), SQLBind(at))
            .run()
    }

    static let reviewColumns: SQLQueryString = """
        SELECT v.id, v.source_record_id, r.person_id AS record_person_id, v.candidate_person_id, v.candidate_record_id, v.weight,
            v.explanation, v.status, d.display_name AS decided_by_name, v.decided_at, v.created_at, r.given_name, r.family_name,
            r.date_of_birth, s.name AS source_name, c.given_name || ' ' || c.family_name AS candidate_name
        FROM link_reviews v JOIN source_records r ON r.id = v.source_record_id JOIN source_systems s ON s.id = r.source_id
        JOIN people c ON c.id = v.candidate_person_id LEFT JOIN practitioners d ON d.id = v.decided_by
        """

    /// Open reviews, strongest first; then the most recent decisions.
    static func queue(on db: any SQLDatabase) async throws -> (open: [ReviewRow], decided: [ReviewRow]) {
        let open = try await db.raw(reviewColumns + " WHERE v.status = 'open' ORDER BY v.weight DESC, v.id LIMIT 200")
            .all(decoding: ReviewRow.self, with: rowDecoder)
        let decided = try await db.raw(reviewColumns + " WHERE v.status <> 'open' ORDER BY v.decided_at DESC, v.id DESC LIMIT 50")
            .all(decoding: ReviewRow.self, with: rowDecoder)
        return (open, decided)
    }

    /// Over the API: a page of the reviews with `status` (open, accepted or rejected), newest first.
    static func page(status: String, _ page: APIPage, on db: any SQLDatabase) async throws -> [ReviewRow] {
        try await db.raw(reviewColumns + " WHERE v.status = \(bind: status)" + page.byId("v.id", filtered: true)).all(decoding: ReviewRow.self, with: rowDecoder)
    }

    static func find(_ id: Int64, on db: any SQLDatabase) async throws -> ReviewRow? {
        try await db.raw(reviewColumns + " WHERE v.id = \(bind: id)").first(decoding: ReviewRow.self, with: rowDecoder)
    }

    /// Accepting merges the record's person into the candidate; rejecting keeps them apart for
    /// good. Either way the decision, who made it and when are kept.
    static func decide(_ id: Int64, accept: Bool, by: Int64, on database: any Database) async throws {
        try await database.writeTransaction { db in
            guard let r = try await find(id, on: db) else { throw InvalidInput("decision", "No such review") }
            guard r.isOpen else { throw InvalidInput("decision", "This link was already \(r.status) by \(r.decidedByName ?? "someone") at \(r.decidedAt ?? "")") }
            let at = ISO8601DateFormatter.now
            if accept {
                if r.recordPersonId != r.candidatePersonId {
                    _ = try await MergeStore.merge(kept: r.candidatePersonId, merged: r.recordPersonId, reason: "Link review \(id) accepted", by: by, at: at, on: db)
                }
            } else {
                try await MergeStore.split(r.recordPersonId, r.candidatePersonId, reason: "Link review \(id) rejected", by: by, at: at, on: db)
            }
            try await db.raw("""
                UPDATE link_reviews SET status = \(bind: accept ? "accepted" : "rejected"), decided_by = \(bind: by), decided_at = \(bind: at)
                WHERE id = \(bind: id) AND status = 'open'
                """).run()
        }
    }
}
