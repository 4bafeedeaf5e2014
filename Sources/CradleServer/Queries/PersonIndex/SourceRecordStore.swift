import Foundation
import SQLKit
import CradleCore

/// Source records as received, linked to people; the people and households an import makes.
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

    /// One record to store: the child's or the parent's part of a row.
    struct Item: Sendable {
        var recordId: String
        var role: Relationship
        var link: LinkRecord
        var canonical: String
        var received: String
        var row: Int
        /// For a new person: what Cradle's record of them starts with.
        var kind: PersonKind
        var addressLine: String?
        var birthWeightGrams: Int?
        var gestationWeeks: Int?
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
        var candidateRecordId: Int64?
        var explanation: String?
        /// A proposed link for a person to decide.
        var review: Bool
    }

    static func insert(_ item: Item, source: Int64, importId: Int64, personId: Int64, plan: LinkPlan, childRecordId: Int64?,
                       modelId: Int64, at: String, on db: any SQLDatabase) async throws -> Int64 {
        let l = item.link
        return try await db.insert(into: "source_records")
            .columns("source_id", "record_id", "role", "child_record_id", "nhs_number", "given_name", "family_name", "date_of_birth", "sex",
                     "postcode", "mother_given_name", "mother_date_of_birth", "canonical", "received", "import_id", "row_number",
                     "received_at", "person_id", "link_kind", "link_weight", "link_candidate_id", "explanation", "model_id", "version")
            .values(SQLBind(source), SQLBind(item.recordId), SQLBind(item.role.rawValue), SQLBind(childRecordId), SQLBind(l.nhsNumber),
                    SQLBind(l.givenName), SQLBind(l.familyName), SQLBind(l.dateOfBirth?.iso), SQLBind(l.sex?.rawValue),
                    SQLBind(l.postcode?.normalised), SQLBind(l.motherGivenName), SQLBind(l.motherDateOfBirth?.iso), SQLBind(item.canonical),
                    SQLBind(item.received), SQLBind(importId), SQLBind(item.row), SQLBind(at), SQLBind(personId), SQLBind(plan.kind),
                    SQLBind(plan.weight), SQLBind(plan.candidateRecordId), SQLBind(plan.explanation), SQLBind(modelId), SQLBind(1))
            .returning("id").first(decodingColumn: "id", as: Int64.self)!
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
                mother_given_name = \(bind: l.motherGivenName), mother_date_of_birth = \(bind: l.motherDateOfBirth?.iso),
                canonical = \(bind: item.canonical), received = \(bind: item.received), import_id = \(bind: importId),
                row_number = \(bind: item.row), received_at = \(bind: at), version = version + 1
            WHERE id = \(bind: id)
            """).run()
    }

    /// A new person from a source record, in no household yet.
    static func createPerson(_ item: Item, today: Day, on db: any SQLDatabase) async throws -> Int64 {
        let l = item.link
        let id = try await db.insert(into: "people")
            .columns("family_id", "kind", "relationship", "given_name", "family_name", "given_key", "family_key", "sex", "date_of_birth",
                     "nhs_number", "gestation_weeks", "birth_weight_grams", "version", "created_at")
            .values(SQLBind(Int64?.none), SQLBind(item.kind.rawValue), SQLBind(item.role.rawValue), SQLBind(l.givenName), SQLBind(l.familyName),
                    SQLBind(nameKey(l.givenName)), SQLBind(nameKey(l.familyName)), SQLBind((l.sex ?? .unknown).rawValue),
                    SQLBind(l.dateOfBirth?.iso), SQLBind(l.nhsNumber), SQLBind(item.gestationWeeks), SQLBind(item.birthWeightGrams),
                    SQLBind(1), SQLBind(today.iso))
            .returning("id").first(decodingColumn: "id", as: Int64.self)!
        if let postcode = l.postcode {
            try await PersonStore.addAddress(personId: id, line: item.addressLine, postcode: postcode, from: today, on: db)
        }
        return id
    }

    /// The person already holding an NHS number, if any.
    static func person(withNHSNumber nhs: String?, on db: any SQLDatabase) async throws -> Int64? {
        guard let nhs else { return nil }
        return try await db.raw("SELECT id FROM people WHERE nhs_number = \(bind: nhs)").first(decodingColumn: "id", as: Int64.self)
    }

    /// A linked record brings an NHS number the person lacked.
    static func fillNHSNumber(_ personId: Int64, _ nhs: String?, on db: any SQLDatabase) async throws {
        guard let nhs, try await person(withNHSNumber: nhs, on: db) == nil else { return }
        try await db.raw("UPDATE people SET nhs_number = \(bind: nhs) WHERE id = \(bind: personId) AND nhs_number IS NULL").run()
    }

    /// Puts a child and the parent named on their record in one household: the one either is
    /// already in, or a new one named for the child. Two different households are left alone.
    static func household(child: Int64, parent: Int64?, familyName: String, today: Day, on db: any SQLDatabase) async throws {
        func family(_ id: Int64) async throws -> Int64? {
            try await db.raw("SELECT family_id FROM people WHERE id = \(bind: id)").first(decodingColumn: "family_id", as: Int64?.self) ?? nil
        }
        func join(_ person: Int64, _ family: Int64) async throws {
            try await db.raw("UPDATE people SET family_id = \(bind: family) WHERE id = \(bind: person) AND family_id IS NULL").run()
        }
        let cf = try await family(child)
        var pf: Int64? = nil
        if let parent { pf = try await family(parent) }
        if let cf {
            if let parent, pf == nil { try await join(parent, cf) }
            return
        }
        var f = pf
        if f == nil { f = try await PersonStore.createFamily(FamilyInput(name: "\(familyName) family"), today: today, on: db) }
        guard let f else { return }
        try await join(child, f)
        if let parent { try await join(parent, f) }
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

    static func records(ofPerson id: Int64, on db: any SQLDatabase) async throws -> [RecordRow] {
        try await db.raw(recordColumns + " WHERE r.person_id = \(bind: id) ORDER BY r.id").all(decoding: RecordRow.self, with: rowDecoder)
    }
}
