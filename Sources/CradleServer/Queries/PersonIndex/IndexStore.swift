import Foundation
import SQLKit
import CradleCore

/// The person index as stored, read back for linking new records: every source record with
/// the person it is linked to, and every person entered in Cradle by hand (no source record
/// yet), so that a feed's first records find the children practitioners already registered.
enum IndexStore {
    struct IndexRow: Codable, Sendable {
        var sourceRecordId: Int64?
        var personId: Int64
        var childRecordId: Int64?
        var sourceId: Int64
        var nhsNumber: String?
        var givenName: String
        var familyName: String
        var dateOfBirth: String?
        var sex: String?
        var postcode: String?
        var postcodeText: String?
        var addressLine: String?
        var motherGivenName: String?
        var motherDateOfBirth: String?
        var adult: Bool
    }

    /// The linker's record for a stored row. Sources are told apart by a small number (0 is
    /// Cradle itself), which the "two children one source holds apart" rule compares.
    static func linkRecord(_ r: IndexRow) -> LinkRecord {
        LinkRecord(source: r.sourceId == 0 ? 0 : sourceNumber(r.sourceId), key: r.sourceRecordId.map { "r\($0)" } ?? "p\(r.personId)",
                   nhsNumber: r.nhsNumber, givenName: r.givenName, familyName: r.familyName,
                   dateOfBirth: r.dateOfBirth.flatMap { try? Day($0) }, sex: r.sex.flatMap(Sex.init(rawValue:)),
                   postcode: r.postcode.flatMap { try? Postcode($0) }, postcodeText: r.postcodeText, addressLine: r.addressLine,
                   motherGivenName: r.motherGivenName, motherDateOfBirth: r.motherDateOfBirth.flatMap { try? Day($0) }, adult: r.adult)
    }

    /// The small number the linker tells a registered source apart by (0 is Cradle itself).
    static func sourceNumber(_ sourceId: Int64) -> Int { Int(sourceId % 250) + 1 }

    static func rows(on db: any SQLDatabase) async throws -> [IndexRow] {
        try await db.raw("""
            SELECT s.id AS source_record_id, s.person_id, s.child_record_id, s.source_id, s.nhs_number, s.given_name, s.family_name, s.date_of_birth,
                s.sex, s.postcode, s.postcode_text, s.address_line, s.mother_given_name, s.mother_date_of_birth, (s.role <> 'child') AS adult
            FROM source_records s
            UNION ALL
            SELECT NULL, p.id, NULL, 0, p.nhs_number, p.given_name, p.family_name, p.date_of_birth, p.sex, a.postcode, NULL, a.line,
                NULL, NULL, (p.kind <> 'child')
            FROM people p
            LEFT JOIN addresses a ON a.id = (SELECT MAX(c.id) FROM addresses c WHERE c.person_id = p.id AND c.to_date IS NULL)
            WHERE p.merged_into IS NULL AND NOT EXISTS (SELECT 1 FROM source_records s WHERE s.person_id = p.id)
            """).all(decoding: IndexRow.self, with: rowDecoder)
    }

    /// The pairs of people a person has split or refused to link, as representative records.
    static func splitPairs(_ loaded: Loaded, on db: any SQLDatabase) async throws -> [(Int32, Int32)] {
        struct Row: Codable { var personA: Int64; var personB: Int64 }
        let rep = Dictionary(loaded.personIds.map { ($0.value, $0.key) }, uniquingKeysWith: min)
        return try await db.raw("SELECT person_a, person_b FROM link_splits").all(decoding: Row.self, with: rowDecoder)
            .compactMap { r in rep[r.personA].flatMap { a in rep[r.personB].map { (a, $0) } } }
    }

    /// The index in memory: records in load order, each one's person as the index of the
    /// person's first record, and the way back to stored ids.
    struct Loaded: Sendable {
        var records: [LinkRecord] = []
        var personOf: [Int32] = []
        /// Person id for a representative record index.
        var personIds: [Int32: Int64] = [:]
        /// The stored source record behind each index position (nil for a hand-entered person).
        var sourceRecordIds: [Int64?] = []
        /// For a parent's record, the index position of the child's record that named them (-1 otherwise).
        var childOf: [Int32] = []

        init(_ rows: [IndexRow]) {
            var rep: [Int64: Int32] = [:]
            records = rows.parallelMap(IndexStore.linkRecord)
            personOf.reserveCapacity(rows.count); sourceRecordIds.reserveCapacity(rows.count)
            for (i, r) in rows.enumerated() {
                let me = Int32(i)
                let person = rep[r.personId] ?? me
                if rep[r.personId] == nil { rep[r.personId] = me; personIds[me] = r.personId }
                personOf.append(person); sourceRecordIds.append(r.sourceRecordId)
            }
            var position: [Int64: Int32] = [:]
            for (i, r) in rows.enumerated() where !r.adult { if let id = r.sourceRecordId { position[id] = Int32(i) } }
            childOf = rows.map { r in r.childRecordId.flatMap { position[$0] } ?? -1 }
        }
    }
}

/// The match models each link was weighed with: estimated from the data once there is enough
/// of it from at least two sources, again whenever a source the models have not learned from
/// sends its first file, and again each time the index has doubled; before that, a prior
/// estimated (without labels, like any other run) on synthetic records. One source alone holds
/// one record a child, nearly: the pairs it offers are brothers and sisters, and a model
/// estimated on them learns "same household" for "same child".
enum LinkModelStore {
    struct Stored: Sendable {
        var id: Int64
        var models: LinkModels
        var records: Int
        var trainedOn: String
    }

    /// Fewer records than this and EM has too few pairs to learn from.
    static let minimumRecords = 2_000
    static let trainingLimit = 150_000

    /// The newest stored models, unless they were stored before a comparison gained a level.
    static func current(on db: any SQLDatabase) async throws -> Stored? {
        struct Row: Codable { var id: Int64; var model: String; var records: Int; var trainedOn: String }
        guard let row = try await db.raw("SELECT id, model, records, trained_on FROM link_models ORDER BY id DESC LIMIT 1")
            .first(decoding: Row.self, with: rowDecoder) else { return nil }
        let models = try JSONDecoder().decode(LinkModels.self, from: Data(row.model.utf8))
        return models.fitsComparisons ? Stored(id: row.id, models: models, records: row.records, trainedOn: row.trainedOn) : nil
    }

    /// The models to weigh `records` with (the index and the file arriving from `source`, by
    /// its small number), estimating and storing new ones when due. Estimated on the records
    /// in a fixed order, so the same records give the same models however they arrived.
    static func models(for records: [LinkRecord], source: Int, linker: Linker, on db: any SQLDatabase) async throws -> Stored {
        let current = try await current(on: db)
        var sources: Set<Int> = []
        for r in records where sources.count < 2 { sources.insert(r.source) }
        let enough = records.count >= minimumRecords && sources.count >= 2
        if let current, !(enough && (records.count >= current.records * 2 || !current.models.sources.contains(source))) { return current }
        let (models, trainedOn, count): (LinkModels, String, Int)
        if enough {
            // Estimating from a sample of birth dates keeps a national feed's model to seconds.
            let sample = LinkRecord.canonicallyOrdered(LinkRecord.trainingSample(records, limit: trainingLimit))
            let described = sample.count == records.count ? "\(records.count) records in the index"
                : "\(sample.count) of the index's \(records.count) records (whole birth dates sampled)"
            (models, trainedOn, count) = (linker.link(sample).models, described, records.count)
        } else if let current {
            return current
        } else {
            (models, trainedOn, count) = (prior, "synthetic prior (too few records, or one source, to estimate from)", 0)
        }
        let json = String(decoding: try JSONEncoder().encode(models), as: UTF8.self)
        let id = try await db.insert(into: "link_models").columns("model", "records", "trained_on", "created_at")
            .values(SQLBind(json), SQLBind(count), SQLBind(trainedOn), SQLBind(ISO8601DateFormatter.now))
            .returning("id").first(decodingColumn: "id", as: Int64.self)!
        return Stored(id: id, models: models, records: count, trainedOn: trainedOn)
    }

    /// Estimated once per process from 5,000 synthetic children's two extracts; it has learned
    /// from no source of this store's.
    static let prior: LinkModels = {
        let e = LinkageExtracts.generate(children: 5_000, seed: 7, today: Day(year: 2026, month: 1, day: 1)!)
        var models = Linker().link(e.records).models
        models.sources = []
        return models
    }()
}
