import Foundation
import Fluent
import SQLKit
import CradleCore
import CradleSQLite

/// Takes one source file into the person index. The file is read and checked whole first: a
/// file that is not what its source sends is refused before anything is written. Good rows are
/// then stored in batches, each batch one transaction, so an import killed part-way keeps
/// what it committed and the same file run again skips what is already there (a record is
/// recognised by its source and id, and unchanged when its checked fields are). New records
/// are scored against the stored index, never relinking it. Imports take turns through the
/// store (`ImportClaims`), across processes.
struct ImportJob: Sendable {
    let database: any Database
    var today: Day
    var linker = Linker()
    var batchSize = 1_000
    /// The SQLite file, when that is the store: batches are then written on a direct
    /// connection (`DirectDatabase`).
    var sqlitePath: String? = nil
    /// The fewest new records for which an import into SQLite builds `DeferredIndexes` at its
    /// end rather than as it goes (and only if it at least doubles the index).
    var deferIndexesFrom = 50_000
    /// The lease holder this job writes as: each batch commits only while the import is still
    /// its own (nil for a job outside the turns, as some tests run one).
    var runner: String? = nil
    /// The lease `run` takes its turn with.
    var lease = ImportRunner.defaultLease

    struct Outcome: Sendable {
        var importId: Int64
        var counts: ImportCounts
        var problems: [RowProblem]
        var modelTrainedOn: String
        var timings = Timings()
    }

    /// Where an import's time went: linking and writing overlap, so together they may come to
    /// more than the import took.
    struct Timings: Sendable {
        /// Reading the index and the file's records, and the model.
        var preparing: Duration = .zero
        /// Of `preparing`: reading the index from the store, estimating the model, and putting
        /// the index's and the file's records in memory (`PersonIndex`).
        var reading: Duration = .zero
        var model: Duration = .zero
        var building: Duration = .zero
        var linking: Duration = .zero
        var writing: Duration = .zero
        /// Building `DeferredIndexes`, when the import put them off.
        var indexing: Duration = .zero

        var summary: String {
            String(format: "preparing %.1f s (reading the index and the file %.1f s, the model %.1f s, the records in memory %.1f s); linking %.1f s and writing %.1f s, side by side; building the deferred indexes %.1f s",
                   preparing.seconds, reading.seconds, model.seconds, building.seconds, linking.seconds, writing.seconds, indexing.seconds)
        }
    }

    /// What one batch's write stored, and how long it took.
    struct Written: Sendable {
        var created: [Int32: Int64]
        var records: [Int32: Int64]
        var took: Duration
    }

    /// Reads a file as its source's format and kind.
    static func read(_ data: Data, source: SourceStore.SourceRow, today: Day) throws(SourceFileRefused) -> ParsedSource {
        switch source.sourceFormat {
        case .csv:
            guard let text = String(data: data, encoding: .utf8) else {
                throw SourceFileRefused("This is not a text file (it holds bytes that are not UTF-8 text): save the CSV as UTF-8")
            }
            return try CSVSource.parse(text, kind: source.sourceKind, today: today)
        case .fhir:
            do { return try FHIRSource.parse(data, kind: source.sourceKind, today: today) }
            catch let e as SourceFileRefused { throw e }
            catch { throw SourceFileRefused("Not a FHIR Bundle: \(error)") }
        }
    }

    /// Reads, logs and stores a file held by this process (`cradle import`): the whole import
    /// in one call, in its turn. The file stays in this process, so if it stops the import is
    /// marked interrupted rather than resumed elsewhere.
    func run(_ data: Data, fileName: String, source: SourceStore.SourceRow, by practitioner: Int64?,
             progress: @escaping @Sendable (ImportCounts, Int) -> Void = { _, _ in }) async throws -> Outcome {
        let parsed: ParsedSource
        do { parsed = try Self.read(data, source: source, today: today) } catch {
            _ = try await SourceStore.logRefused(source: source.id, fileName: fileName, reason: error.reason, by: practitioner, on: database.sql)
            throw error
        }
        var job = self
        // A turn of its own, even beside another run in this process.
        job.runner = ImportRunner.processOwner + " run " + UUID().uuidString.prefix(8).lowercased()
        let turns = ImportRunner(job: job, today: { [today] in today }, owner: job.runner!, lease: lease, logger: Logger(label: "cradle.import"))
        let id = try await ImportClaims.reserve(source: source.id, fileName: fileName, total: parsed.total, header: parsed.header,
                                                by: practitioner, owner: job.runner!, lease: lease, on: database.sql)
        let j = job
        return try await turns.holding(id) {
            _ = try await turns.waitForTurn(id)
            return try await j.store(parsed, importId: id, source: source, progress: progress)
        }
    }

    /// Stores a read file's good rows under an import already logged as running. A resumed
    /// import (`resumingFrom`, what its committed batches stored) skips the rows those batches
    /// hold and counts on from there.
    func store(_ parsed: ParsedSource, importId: Int64, source: SourceStore.SourceRow, resumingFrom resumed: ImportCounts? = nil,
               progress: @Sendable (ImportCounts, Int) -> Void = { _, _ in }) async throws -> Outcome {
        let db = database.sql
        // One direct connection for the whole import, so its page cache stays warm between batches.
        let direct = try sqlitePath.map { try DirectConnection(path: $0, readOnly: false) }
        defer { direct?.close() }
        let directDB = direct.map { DirectDatabase(connection: $0, base: db) }
        var checkpointer = try direct.map(WALCheckpointer.init(writer:))
        var counts = ImportCounts()
        counts.rejected = parsed.refusedRows
        counts.done = counts.rejected
        // Committed batches are a prefix of the good rows, their progress stored with them.
        let skip = resumed.map { min(parsed.rows.count, max(0, $0.done - parsed.refusedRows)) } ?? 0
        if let resumed, skip > 0 { counts = resumed }
        // What the committed batches hold: `counts` runs ahead, as batches are linked.
        var stored = counts
        var timings = Timings()
        var inFlight: (counts: ImportCounts, task: Task<Written, any Error>)? = nil
        var deferred = false
        let clock = ContinuousClock()
        let began = clock.now
        do {
            let existing = try await SourceRecordStore.existing(source: source.id, on: db)
            var loaded = IndexStore.Loaded(try await IndexStore.rows(on: db))
            let rows = parsed.rows.parallelMap { (row: $0.row, items: Self.items($0.record, row: $0.row, source: source)) }
            var fresh: [LinkRecord] = []
            fresh.reserveCapacity(rows.count * 2)
            for (_, items) in rows {
                for (k, item) in items.enumerated() where existing[item.recordId] == nil {
                    var link = item.link
                    // A parent added without their child's record (stored before) is not named on the record before it.
                    if k > 0 && existing[items[k - 1].recordId] != nil { link.parentOfPrevious = false }
                    fresh.append(link)
                }
            }
            timings.reading = clock.now - began
            let model = try await LinkModelStore.models(for: loaded.records + fresh, source: IndexStore.sourceNumber(source.id), linker: linker, on: db)
            timings.model = clock.now - began - timings.reading
            var index = PersonIndex(records: loaded.records, personOf: loaded.personOf, childOf: loaded.childOf, models: model.models, linker: linker)
            for (a, b) in try await IndexStore.splitPairs(loaded, on: db) { index.keepApart(a, b) }
            index.expect(fresh)
            timings.building = clock.now - began - timings.reading - timings.model
            if let directDB, DeferredIndexes.worthDeferring(adding: fresh.count, holding: loaded.records.count, from: deferIndexesFrom) {
                try await DeferredIndexes.drop(on: directDB)
                deferred = true
            }
            // The index holds what linking needs from here: a national feed's records are not kept twice.
            fresh = []
            loaded.records = []
            loaded.personOf = []
            loaded.childOf = []
            timings.preparing = clock.now - began

            // Linking batch N+1 runs while batch N is written, on a second core: the index
            // is in memory and needs nothing back from the store, and each write takes the
            // ids its batch links to from what earlier writes returned (`loaded`).
            func settle(_ f: (counts: ImportCounts, task: Task<Written, any Error>)) async throws {
                let written = try await f.task.value
                timings.writing += written.took
                for (rep, person) in written.created { loaded.personIds[rep] = person }
                for (i, id) in written.records {
                    while loaded.sourceRecordIds.count <= Int(i) { loaded.sourceRecordIds.append(nil) }
                    loaded.sourceRecordIds[Int(i)] = id
                }
                stored = f.counts
                progress(stored, parsed.total)
                await checkpointer?.start()
            }
            // The records that showed two people to be one, by index position: their ids name the merges.
            var bridging: [Int32: String] = [:]
            for start in stride(from: skip, to: rows.count, by: batchSize) {
                try Task.checkCancellation()
                let began = clock.now
                let context = ImportBatchWriter.Context(importId: importId, source: source.id, modelId: model.id, today: today,
                                                        at: ISO8601DateFormatter.now)
                let steps = link(rows[start..<min(rows.count, start + batchSize)], existing: existing, index: &index, context: context,
                                 bridging: &bridging)
                Self.tally(steps, into: &counts)
                timings.linking += clock.now - began
                if let f = inFlight { inFlight = nil; try await settle(f) }
                let snapshot = loaded, batch = steps, done = counts
                inFlight = (done, Task(executorPreference: Executors.imports) {
                    let began = clock.now
                    let (created, records) = try await write(batch, context, loaded: snapshot, counts: done, direct: direct)
                    return Written(created: created, records: records, took: clock.now - began)
                })
            }
            if let f = inFlight { inFlight = nil; try await settle(f) }
            try await mergeShownPeople(index.settleBridges(), bridging: bridging, importId: importId, loaded: loaded, direct: direct)
            if deferred, let directDB {
                let began = clock.now
                try await DeferredIndexes.restore(on: directDB)
                deferred = false
                timings.indexing = clock.now - began
            }
            await checkpointer?.finish()
            checkpointer = nil
            try await SourceStore.finish(importId, counts, problems: parsed.problems, status: "done", runner: runner, on: db)
            return Outcome(importId: importId, counts: counts, problems: parsed.problems, modelTrainedOn: model.trainedOn, timings: timings)
        } catch {
            // Nothing is logged, and the connection is not closed, under a batch still being written.
            if let f = inFlight { _ = try? await f.task.value }
            if deferred, let directDB { try? await DeferredIndexes.restore(on: directDB) }
            await checkpointer?.finish()
            // Stopped by its runner (the server stopping, or the import now another's): the
            // runner, not this job, says what becomes of it.
            if error is CancellationError || error is ImportLeaseLost { throw error }
            try? await SourceStore.finish(importId, stored, problems: parsed.problems + [RowProblem(row: 0, field: "(import)", problem: "stopped: \(error)")],
                                          status: "failed", runner: runner, on: db)
            throw error
        }
    }

    /// Links a batch's rows in memory: an unchanged or changed record of this source, or a new
    /// one as the index decides, with its rows drafted.
    func link(_ rows: ArraySlice<(row: Int, items: [SourceRecordStore.Item])>, existing: [String: SourceRecordStore.Existing],
              index: inout PersonIndex, context: ImportBatchWriter.Context, bridging: inout [Int32: String]) -> [Step] {
        rows.map { row, items in
            Step(row: row, parts: items.map { item in
                if let old = existing[item.recordId] { return old.canonical == item.canonical ? .unchanged : .changed(old.id, item) }
                let plan = plan(index.add(item.link), index: &index)
                if index.lastProposedBridge { bridging[plan.index] = item.recordId }
                return .new(item, plan, RowDraft(item, plan, context))
            })
        }
    }

    /// A row counts as added when its child's record is new, updated when any record of it is
    /// new or changed, and unchanged otherwise.
    static func tally(_ steps: [Step], into counts: inout ImportCounts) {
        for s in steps {
            counts.done += 1
            let kinds = s.parts.map(\.tag)
            if kinds.first == "new" { counts.added += 1 } else if kinds.contains("new") || kinds.contains("changed") { counts.updated += 1 } else { counts.unchanged += 1 }
            counts.reviews += s.parts.filter(\.isReview).count
        }
    }

    /// What became of one row: for the child and for the parent it names.
    struct Step: Sendable {
        enum Part: Sendable {
            case unchanged
            case changed(Int64, SourceRecordStore.Item)
            case new(SourceRecordStore.Item, SourceRecordStore.LinkPlan, RowDraft)
            var tag: String {
                switch self { case .unchanged: "unchanged"; case .changed: "changed"; case .new: "new" }
            }
            var isReview: Bool { if case .new(_, let p, _) = self { return p.review }; return false }
        }
        var row: Int
        var parts: [Part]
    }

    /// The child's record, and the parent's when the row names one.
    static func items(_ r: SourceRow, row: Int, source: SourceStore.SourceRow) -> [SourceRecordStore.Item] {
        let s = IndexStore.sourceNumber(source.id)
        var out: [SourceRecordStore.Item] = []
        out.reserveCapacity(2)
        out.append(SourceRecordStore.Item(recordId: r.recordId, role: .child, link: r.linkRecord(source: s, key: r.recordId),
                                          canonical: r.canonical, received: r.received, row: row, kind: .child, addressLine: r.addressLine,
                                          birthWeightGrams: r.birthWeightGrams, gestationWeeks: r.gestationWeeks,
                                          expectedDelivery: r.expectedDelivery, gpPractice: r.gpPractice, consent: r.consent,
                                          consentGivenBy: r.parent.map { "\([$0.givenName, $0.familyName].filter { !$0.isEmpty }.joined(separator: " ")) (\($0.relationship.rawValue))" } ?? "Parent or carer"))
        if let p = r.recordedParent, let link = r.parentLinkRecord(source: s, key: r.recordId + "#parent") {
            let canonical = CSVReader.line([p.relationship.rawValue, p.givenName, p.familyName, p.dateOfBirth?.iso ?? "", p.nhsNumber?.digits ?? "",
                                            r.postcode?.normalised ?? "", r.recordId])
            // The parent's record points at the child's (child_record_id), which keeps the row as received.
            out.append(SourceRecordStore.Item(recordId: r.recordId + "#parent", role: p.relationship, link: link, canonical: canonical,
                                              received: "", row: row, kind: .adult, addressLine: r.addressLine))
        }
        return out
    }

    /// Merges the people the file's records showed to be one (`PersonIndex.settleBridges`),
    /// once every batch is stored, in one transaction, as a reviewer's merge is made, so it
    /// can be undone at `/links/merges`. A pair the store refuses (a number the index could
    /// not see) stays two.
    func mergeShownPeople(_ merges: [(kept: Int32, merged: Int32, record: Int32)], bridging: [Int32: String], importId: Int64,
                          loaded: IndexStore.Loaded, direct: DirectConnection?) async throws {
        let pairs = merges.compactMap { m -> (kept: Int64, merged: Int64, record: String)? in
            guard let kept = loaded.personIds[m.kept], let merged = loaded.personIds[m.merged], kept != merged else { return nil }
            return (kept, merged, bridging[m.record] ?? "")
        }
        guard !pairs.isEmpty else { return }
        let at = ISO8601DateFormatter.now
        let body: @Sendable (any SQLDatabase) async throws -> Void = { db in
            for m in pairs where try await !MergeStore.isSplit(m.kept, m.merged, on: db) {
                do {
                    _ = try await MergeStore.merge(kept: m.kept, merged: m.merged, reason: "Import \(importId): record \(m.record) links to both",
                                                   by: nil, at: at, on: db)
                } catch is InvalidInput { continue }
            }
        }
        try await database.writeTransaction(on: direct, body)
    }

    /// The index's decision as what to write.
    func plan(_ d: PersonIndex.Decision, index: inout PersonIndex) -> SourceRecordStore.LinkPlan {
        let me = Int32(index.recordCount - 1)
        func explanation(_ candidate: Int32) -> String {
            String(decoding: (try? JSONEncoder().encode(index.explain(me, candidate))) ?? Data("[]".utf8), as: UTF8.self)
        }
        switch d {
        case .linked(let person, let candidate, let weight, let kind):
            return .init(index: me, joins: person, kind: kind.rawValue, weight: weight, candidate: candidate,
                         candidatePerson: index.personOf[Int(candidate)], explanation: explanation(candidate), review: false)
        case .review(_, let candidate, let weight):
            return .init(index: me, joins: nil, kind: "new", weight: weight, candidate: candidate,
                         candidatePerson: index.personOf[Int(candidate)], explanation: explanation(candidate), review: true)
        case .newPerson:
            return .init(index: me, joins: nil, kind: "new", weight: nil, candidate: nil, candidatePerson: nil, explanation: nil, review: false)
        }
    }

    /// One batch, and the import's counts once it is stored, in one transaction. Returns the people it created (by representative record)
    /// and the source records it stored (by index position), for the next batch to link to.
    func write(_ steps: [Step], _ context: ImportBatchWriter.Context, loaded: IndexStore.Loaded,
               counts: ImportCounts, direct: DirectConnection? = nil) async throws -> (created: [Int32: Int64], records: [Int32: Int64]) {
        let writer = ImportBatchWriter(context, loaded: loaded)
        let importId = context.importId
        func attempt(lookingUpNumbers: Bool) async throws -> (created: [Int32: Int64], records: [Int32: Int64]) {
            let batch: @Sendable (any SQLDatabase) async throws -> ([Int32: Int64], [Int32: Int64]) = { db in
                var w = writer
                try await w.write(steps, lookingUpNumbers: lookingUpNumbers, on: db)
                // The import's progress commits with its batch, on the same connection: a write
                // from any other would empty this one's page cache before its next batch.
                try await SourceStore.progress(importId, counts, runner: runner, on: db)
                return (w.created, w.records)
            }
            return try await database.writeTransaction(on: direct, batch)
        }
        // A new record's NHS number is rarely held already by a person the index cannot see
        // (given it by hand, or stored since the import began), so a batch is first written
        // without looking its numbers up. If one is held, the unique index on
        // people.nhs_number stops the batch, which is rolled back and written again looking
        // every number up; so is a batch stopped for any other reason, which fails again.
        do { return try await attempt(lookingUpNumbers: false) } catch let lost as ImportLeaseLost { throw lost } catch {
            return try await attempt(lookingUpNumbers: true)
        }
    }
}

extension Duration {
    var seconds: Double { Double(components.seconds) + Double(components.attoseconds) / 1e18 }
}
