import Foundation
import SQLKit
import CradleCore

/// Source records as received, linked to people: the source's stored records, a changed record's
/// update with history, and the records a review or the export reads. New records are written
/// in bulk by ImportBatchWriter.
enum SourceRecordStore {
    struct Existing: Codable, Sendable {
        var id: Int64
        var recordId: String
        var canonical: String
        var personId: Int64
    }

    /// The source's records already stored, by the source's own id.
    static func existing(source: Int64, on db: any SQLDatabase) async throws -> [String: Existing] {
        let rows = try await db.raw("SELECT id, record_id, canonical, person_id FROM source_records WHERE source_id = \(bind: source)")
            .all(decoding: Existing.self, with: rowDecoder)
        return Dictionary(rows.map { ($0.recordId, $0) }, uniquingKeysWith: { a, _ in a })
    }

    /// One record to store: the child's or the parent's part of a row. A class: an import
    /// passes each one from reading to linking to writing, and a copy is then one reference.
    final class Item: Sendable {
        let recordId: String
        let role: Relationship
        let link: LinkRecord
        let canonical: String
        let received: String
        let row: Int
        /// For a new person: what Cradle's record of them starts with.
        let kind: PersonKind
        let addressLine: String?
        let birthWeightGrams: Int?
        let gestationWeeks: Int?
        /// An unborn child's due date (an antenatal booking).
        let expectedDelivery: Day?
        let gpPractice: String?
        /// The family's answer the feed carried, and who gave it (the child's item only).
        let consent: FeedConsent?
        let consentGivenBy: String

        init(recordId: String, role: Relationship, link: LinkRecord, canonical: String, received: String, row: Int, kind: PersonKind,
             addressLine: String?, birthWeightGrams: Int? = nil, gestationWeeks: Int? = nil, expectedDelivery: Day? = nil,
             gpPractice: String? = nil, consent: FeedConsent? = nil, consentGivenBy: String = "") {
            self.recordId = recordId; self.role = role; self.link = link; self.canonical = canonical; self.received = received
            self.row = row; self.kind = kind; self.addressLine = addressLine; self.birthWeightGrams = birthWeightGrams
            self.gestationWeeks = gestationWeeks; self.expectedDelivery = expectedDelivery; self.gpPractice = gpPractice
            self.consent = consent; self.consentGivenBy = consentGivenBy
        }
    }

    /// How the index linked a new record.
    struct LinkPlan: Sendable {
        var index: Int32
        /// The person's representative record, when it joined an existing person.
        var joins: Int32?
        var kind: String
        var weight: Double?
        var candidate: Int32?
        /// The candidate's person, as its representative record.
        var candidatePerson: Int32?
        var explanation: String?
        /// A proposed link for a person to decide.
        var review: Bool
    }

    /// A changed record: the version it replaces goes to history; its person stays.
    static func update(_ id: Int64, _ item: Item, importId: Int64, at: String, on db: any SQLDatabase) async throws {
        try await db.raw("""
            INSERT INTO source_record_history (source_record_id, canonical, received, import_id, row_number, received_at, replaced_at)
            SELECT id, canonical, received, import_id, row_number, received_at, \(bind: at) FROM source_records WHERE id = \(bind: id)
            """).run()
        let l = item.link
        try await db.raw("""
            UPDATE source_records SET nhs_number = \(bind: l.nhsNumber), given_name = \(bind: l.givenName), family_name = \(bind: l.familyName),
                date_of_birth = \(bind: l.dateOfBirth?.iso), sex = \(bind: l.sex?.rawValue), postcode = \(bind: l.postcode?.normalised),
                postcode_text = \(bind: l.postcodeText), address_line = \(bind: l.addressLine),
                mother_given_name = \(bind: l.motherGivenName), mother_date_of_birth = \(bind: l.motherDateOfBirth?.iso),
                canonical = \(bind: item.canonical), received = \(bind: item.received), import_id = \(bind: importId),
                row_number = \(bind: item.row), received_at = \(bind: at), version = version + 1
            WHERE id = \(bind: id)
            """).run()
    }

    // MARK: reading

    struct RecordRow: Codable, Sendable {
        var id: Int64
        var sourceName: String
        var sourceKind: String
        var recordId: String
        var role: String
        var nhsNumber: String?
        var givenName: String
        var familyName: String
        var dateOfBirth: String?
        var sex: String?
        var postcode: String?
        var motherGivenName: String?
        var motherDateOfBirth: String?
        var fileName: String
        var rowNumber: Int
        var receivedAt: String
        var personId: Int64
        var linkKind: String
        var linkWeight: Double?
    }

    static let recordColumns: SQLQueryString = """
        SELECT r.id, s.name AS source_name, s.kind AS source_kind, r.record_id, r.role, r.nhs_number, r.given_name, r.family_name,
            r.date_of_birth, r.sex, r.postcode, r.mother_given_name, r.mother_date_of_birth, i.file_name, r.row_number, r.received_at,
            r.person_id, r.link_kind, r.link_weight
        FROM source_records r JOIN source_systems s ON s.id = r.source_id JOIN imports i ON i.id = r.import_id
        """

    static func find(_ id: Int64, on db: any SQLDatabase) async throws -> RecordRow? {
        try await db.raw(recordColumns + " WHERE r.id = \(bind: id)").first(decoding: RecordRow.self, with: rowDecoder)
    }
}
