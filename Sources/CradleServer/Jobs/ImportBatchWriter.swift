import Foundation
import SQLKit
import CradleCore
import CradleSQLite

/// Writes one batch of an import in a handful of statements rather than a dozen per row: ids
/// are handed out up front (the batch holds the write lock), then people, households,
/// addresses, source records and proposed links go in as multi-row INSERTs. Rows that change
/// what is already stored (an updated record, a household joined by an existing person, an NHS
/// number a person lacked) are few and written one by one. Each new record's values that need
/// nothing from the store come drafted (`RowDraft`), made while the batch before was written.
struct ImportBatchWriter {
    /// What every row of a batch is written with.
    struct Context: Sendable {
        var importId: Int64
        var source: Int64
        var modelId: Int64
        var today: Day
        /// When the batch was received.
        var at: String
    }

    let context: Context
    let loaded: IndexStore.Loaded
    var importId: Int64 { context.importId }
    var source: Int64 { context.source }
    var today: Day { context.today }
    var at: String { context.at }

    /// Next ids, read once the batch holds the lock.
    var nextPerson: Int64 = 0, nextFamily: Int64 = 0, nextRecord: Int64 = 0
    /// People made in this batch, by the index position that made them (the representative).
    var created: [Int32: Int64] = [:]
    /// Source records stored in this batch, by index position.
    var records: [Int32: Int64] = [:]
    /// What is known of each person's household: this batch's people and those looked up.
    var familyOf: [Int64: Int64?] = [:]
    /// The people this batch makes: the number each will hold (a record linked later in the
    /// batch may bring one) and their drafted rows.
    var newPeople: [(id: Int64, nhs: String?, item: SourceRecordStore.Item, draft: RowDraft)] = []
    var draftIndex: [Int64: Int] = [:]
    /// NHS numbers this batch has given to someone, so no number is given twice.
    var numbersGiven: Set<String> = []
    var newFamilies: [(id: Int64, name: String)] = []
    var joins: [(person: Int64, family: Int64)] = []
    /// The sharing answers this batch's feed rows carried, by child.
    var answers: [(person: Int64, item: SourceRecordStore.Item)] = []

    init(_ context: Context, loaded: IndexStore.Loaded) {
        self.context = context; self.loaded = loaded
    }

    func personId(_ rep: Int32) -> Int64? { created[rep] ?? loaded.personIds[rep] }

    /// The stored record behind an index position: this batch's, or one stored before it
    /// (nil for a hand-entered person).
    func recordId(_ i: Int32) -> Int64? {
        records[i] ?? (Int(i) < loaded.sourceRecordIds.count ? loaded.sourceRecordIds[Int(i)] : nil)
    }

    mutating func write(_ steps: [ImportJob.Step], lookingUpNumbers: Bool, on db: any SQLDatabase) async throws {
        if db.dialect.name == "postgresql" {
            // Explicit ids need the tables to ourselves until commit; readers are not blocked.
            try await db.raw("LOCK TABLE families, people, source_records IN EXCLUSIVE MODE").run()
        } else {
            // A large feed inserts into indexes all over the file: with SQLite's default 2 MB
            // page cache most of an import's time went on re-reading pages it had just written.
            try await db.raw("PRAGMA cache_size = -262144").run()
        }
        func next(_ table: String) async throws -> Int64 {
            (try await db.raw("SELECT COALESCE(MAX(id), 0) AS m FROM \(ident: table)").first(decodingColumn: "m", as: Int64.self) ?? 0) + 1
        }
        nextPerson = try await next("people"); nextFamily = try await next("families"); nextRecord = try await next("source_records")
        // People who hold this batch's numbers already, when asked to look (`ImportJob.write`).
        let holders = lookingUpNumbers ? try await nhsHolders(steps, on: db) : [:]
        try await lookUpFamilies(steps, on: db)

        var recordRows = BulkWriter("source_records", ["id", "child_record_id", "person_id", "link_kind", "link_candidate_id"] + RowDraft.recordColumns)
        var reviewRows = BulkWriter("link_reviews", ["source_record_id", "candidate_person_id", "candidate_record_id", "weight", "explanation",
                                                     "status", "created_at"])
        for step in steps {
            var child: Int64? = nil, childRecord: Int64? = nil, parent: Int64? = nil, familyName = "", touched = false
            for part in step.parts {
                switch part {
                case .unchanged: continue
                case .changed(let id, let item):
                    touched = true
                    try await SourceRecordStore.update(id, item, importId: importId, at: at, on: db)
                    let person = try await db.raw("SELECT person_id FROM source_records WHERE id = \(bind: id)").first(decodingColumn: "person_id", as: Int64.self)!
                    if familyOf[person] == nil { familyOf[person] = try await family(of: person, on: db) }
                    if item.role == .child { child = person; childRecord = id; familyName = item.link.familyName } else { parent = person }
                    if item.consent != nil { answers.append((person, item)) }
                case .new(let item, var plan, let draft):
                    touched = true
                    let person: Int64
                    if let rep = plan.joins, let p = personId(rep) {
                        person = p
                        // A linked record brings an NHS number its person lacked.
                        if let nhs = item.link.nhsNumber, holders[nhs] == nil, numbersGiven.insert(nhs).inserted {
                            if let i = draftIndex[p] {
                                if newPeople[i].nhs == nil { newPeople[i].nhs = nhs }
                            } else {
                                try await db.raw("UPDATE people SET nhs_number = \(bind: nhs) WHERE id = \(bind: p) AND nhs_number IS NULL").run()
                            }
                        }
                    } else if let nhs = item.link.nhsNumber, let holder = holders[nhs], holder.adult == item.link.adult {
                        // The number is already a person's (one the index could not see): that person.
                        person = holder.id; plan.kind = RecordLink.Kind.deterministic.rawValue; plan.review = false
                    } else {
                        person = nextPerson; nextPerson += 1
                        draftIndex[person] = newPeople.count
                        // A number a child holds never makes an adult that child, nor the other
                        // way: the new person goes without it (the record keeps it as received).
                        let number = item.link.nhsNumber.flatMap { holders[$0] == nil && !numbersGiven.contains($0) ? $0 : nil }
                        newPeople.append((person, number, item, draft))
                        if let nhs = number { numbersGiven.insert(nhs) }
                        familyOf[person] = .some(nil)
                    }
                    created[plan.index] = person
                    let id = nextRecord; nextRecord += 1
                    records[plan.index] = id
                    recordRows.add(.integer(id), (item.role == .child ? nil : childRecord).cell, .integer(person), .text(plan.kind),
                                   plan.candidate.flatMap(recordId).cell, then: draft.record)
                    if plan.review, let rep = plan.candidatePerson, let candidate = personId(rep) {
                        reviewRows.add([id, candidate, plan.candidate.flatMap(recordId), plan.weight ?? 0,
                                        plan.explanation ?? "[]", "open", at])
                    }
                    if item.role == .child { child = person; childRecord = id; familyName = item.link.familyName } else { parent = person }
                    if item.consent != nil { answers.append((person, item)) }
                }
            }
            if touched, let child { household(child: child, parent: parent, familyName: familyName) }
        }

        var families = BulkWriter("families", ["id", "name", "version", "created_at"])
        for f in newFamilies { families.add([f.id, f.name, 1, today.iso]) }
        try await families.flush(on: db)
        var people = BulkWriter("people", ["id", "family_id", "nhs_number"] + RowDraft.personColumns)
        var addresses = BulkWriter("addresses", ["person_id"] + RowDraft.addressColumns)
        for p in newPeople {
            people.add(.integer(p.id), (familyOf[p.id] ?? nil).cell, p.nhs.cell, then: p.draft.person)
            if let address = p.draft.address { addresses.add(.integer(p.id), then: address) }
        }
        try await people.flush(on: db)
        for j in joins {
            try await db.raw("UPDATE people SET family_id = \(bind: j.family) WHERE id = \(bind: j.person) AND family_id IS NULL").run()
        }
        try await addresses.flush(on: db)
        try await recordRows.flush(on: db)
        try await reviewRows.flush(on: db)
        try await SequenceReset.afterBulkLoad(db, tables: ["people", "families", "source_records"])
        try await NotificationStore.recordAnswers(answers, source: source, fresh: Set(draftIndex.keys), on: db)
        // An unborn child is in a household from before this batch: one this batch made holds
        // only the people it wrote, and a birth feed writes none unborn.
        let madeHere = Set(newFamilies.map(\.id))
        let born = newPeople.filter { $0.item.kind == .child && $0.item.link.dateOfBirth != nil }.map(\.id)
            .filter { (familyOf[$0] ?? nil).map { !madeHere.contains($0) } ?? false }
        try await NotificationStore.completeBookings(born, familyOf: familyOf, at: at, on: db)
    }

    /// A child and the parent named on their record in one household: the one either is in,
    /// or a new one named for the child. Two different households are left alone.
    mutating func household(child: Int64, parent: Int64?, familyName: String) {
        func join(_ person: Int64, _ family: Int64) {
            guard (familyOf[person] ?? nil) == nil else { return }
            familyOf[person] = family
            if draftIndex[person] == nil { joins.append((person, family)) }
        }
        if let cf = familyOf[child] ?? nil {
            if let parent { join(parent, cf) }
            return
        }
        let f: Int64
        if let parent, let pf = familyOf[parent] ?? nil { f = pf } else {
            f = nextFamily; nextFamily += 1
            newFamilies.append((f, "\(familyName) family"))
        }
        join(child, f)
        if let parent { join(parent, f) }
    }

    /// People already holding the NHS numbers of this batch's new records, and whether each is
    /// an adult.
    func nhsHolders(_ steps: [ImportJob.Step], on db: any SQLDatabase) async throws -> [String: (id: Int64, adult: Bool)] {
        var numbers: [String] = []
        for s in steps { for case .new(let item, _, _) in s.parts { if let n = item.link.nhsNumber { numbers.append(n) } } }
        var out: [String: (id: Int64, adult: Bool)] = [:]
        struct Row: Codable { var id: Int64; var nhsNumber: String; var kind: String }
        for chunk in numbers.chunks(of: 500) {
            for r in try await db.raw("SELECT id, nhs_number, kind FROM people WHERE nhs_number IN (\(binds: chunk))").all(decoding: Row.self, with: rowDecoder) {
                out[r.nhsNumber] = (r.id, r.kind != PersonKind.child.rawValue)
            }
        }
        return out
    }

    /// The households of the existing people this batch links to.
    mutating func lookUpFamilies(_ steps: [ImportJob.Step], on db: any SQLDatabase) async throws {
        var ids: Set<Int64> = []
        for s in steps { for case .new(_, let plan, _) in s.parts { if let rep = plan.joins, let p = loaded.personIds[rep] { ids.insert(p) } } }
        struct Row: Codable { var id: Int64; var familyId: Int64? }
        let list = Array(ids)
        for chunk in list.chunks(of: 500) {
            for r in try await db.raw("SELECT id, family_id FROM people WHERE id IN (\(binds: chunk))").all(decoding: Row.self, with: rowDecoder) {
                familyOf[r.id] = .some(r.familyId)
            }
        }
    }

    func family(of person: Int64, on db: any SQLDatabase) async throws -> Int64? {
        try await db.raw("SELECT family_id FROM people WHERE id = \(bind: person)").first(decodingColumn: "family_id", as: Int64?.self) ?? nil
    }
}

/// A new record's row values that need nothing from the store: made on the linking core while
/// the batch before is written, so that the writer adds only ids and what the store decides.
struct RowDraft: Sendable {
    /// Its source record, in `recordColumns`' order.
    var record: [BulkCell]
    /// The person it makes, should it make one, in `personColumns`' order.
    var person: [BulkCell]
    /// That person's address, in `addressColumns`' order: none without a postcode.
    var address: [BulkCell]?

    static let recordColumns = ["source_id", "record_id", "role", "nhs_number", "given_name", "family_name", "date_of_birth", "sex",
                                "postcode", "postcode_text", "address_line", "mother_given_name", "mother_date_of_birth", "canonical", "received",
                                "import_id", "row_number", "received_at", "link_weight", "explanation", "model_id", "version"]
    static let personColumns = ["kind", "relationship", "given_name", "family_name", "given_key", "family_key", "sex", "date_of_birth",
                                "expected_delivery_date", "gestation_weeks", "birth_weight_grams", "gp_practice", "version", "created_at"]
    static let addressColumns = ["line", "postcode", "from_date"]

    init(_ item: SourceRecordStore.Item, _ plan: SourceRecordStore.LinkPlan, _ c: ImportBatchWriter.Context) {
        let l = item.link
        let born = l.dateOfBirth?.iso, today = c.today.iso
        record = [.integer(c.source), .text(item.recordId), .text(item.role.rawValue), l.nhsNumber.cell, .text(l.givenName),
                  .text(l.familyName), born.cell, (l.sex?.rawValue).cell, (l.postcode?.normalised).cell, l.postcodeText.cell, l.addressLine.cell, l.motherGivenName.cell,
                  (l.motherDateOfBirth?.iso).cell, .text(item.canonical), .text(item.received), .integer(c.importId),
                  .integer(Int64(item.row)), .text(c.at), plan.weight.cell, plan.explanation.cell, .integer(c.modelId), .integer(1)]
        person = [.text(item.kind.rawValue), .text(item.role.rawValue), .text(l.givenName), .text(l.familyName),
                  .text(nameSearchKey(l.givenName)), .text(nameSearchKey(l.familyName)), .text((l.sex ?? .unknown).rawValue), born.cell,
                  (item.expectedDelivery?.iso).cell, item.gestationWeeks.cell, item.birthWeightGrams.cell, item.gpPractice.cell,
                  .integer(1), .text(today)]
        address = l.postcode.map { [item.addressLine.cell, .text($0.normalised), .text(today)] }
    }
}
