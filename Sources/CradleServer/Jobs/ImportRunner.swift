import Vapor
import Fluent
import SQLKit
import NIOConcurrencyHelpers
import CradleCore
import CradleSQLite

/// How this process takes its turns at imports (`ImportClaims`): it runs what it claims
/// while renewing the claim's lease, and stops without writing once the lease is another's.
struct ImportRunner: Sendable {
    /// This process, as a lease holder: host, process id and a random part (a restarted
    /// server is a new holder).
    static let processOwner: String = {
        var host = [CChar](repeating: 0, count: 256)
        gethostname(&host, host.count)
        let name = String(decoding: host.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        return "\(name) \(getpid()) \(UUID().uuidString.prefix(8).lowercased())"
    }()

    /// A lease's length in milliseconds: a runner renews it every third of that, so a server
    /// that dies holds its import up to this long before another resumes it.
    static let defaultLease: Int64 = 60_000

    /// The job every import runs as (its store, linker and thresholds); `today` is read per import.
    var job: ImportJob
    var today: @Sendable () -> Day
    var owner = ImportRunner.processOwner
    var lease = ImportRunner.defaultLease
    var logger: Logger

    var database: any Database { job.database }

    /// Runs `body` holding import `id`'s lease, renewed by a `LeaseKeeper`; if the import
    /// passes to another runner, `body` is cancelled and this throws `ImportLeaseLost`
    /// (unless `body` had already finished).
    func holding<T: Sendable>(_ id: Int64, _ body: @escaping @Sendable () async throws -> T) async throws -> T {
        let task = Task(executorPreference: Executors.imports) { try await body() }
        let keeper = LeaseKeeper(id, owner: owner, lease: lease, on: database.sql) { task.cancel() }
        defer { keeper.stop() }
        return try await withTaskCancellationHandler {
            do { return try await task.value } catch is CancellationError where keeper.lost { throw ImportLeaseLost(importId: id) }
        } onCancel: { task.cancel() }
    }

    /// Runs a claimed import from its stored file, resuming after what its committed batches
    /// hold. A shutting-down server gives the import back to the queue.
    @discardableResult
    func execute(_ claim: ImportClaims.Claim) async throws -> ImportJob.Outcome? {
        let db = database.sql
        func fail(_ field: String, _ problem: String, _ counts: ImportCounts) async throws -> ImportJob.Outcome? {
            try await SourceStore.finish(claim.importId, counts, problems: [RowProblem(row: 0, field: field, problem: problem)],
                                         status: "failed", runner: owner, on: db)
            return nil
        }
        guard let source = try await SourceStore.find(claim.sourceId, on: db), let data = try await ImportClaims.file(claim.importId, on: db) else {
            return try await fail("(import)", "its file or source is gone", claim.resumedFrom ?? ImportCounts())
        }
        var job = job
        job.today = today()
        job.runner = owner
        let parsed: ParsedSource
        do { parsed = try ImportJob.read(data, source: source, today: job.today) } catch {
            return try await fail("(file)", error.reason, ImportCounts())
        }
        let j = job
        do {
            return try await holding(claim.importId) {
                try await j.store(parsed, importId: claim.importId, source: source, resumingFrom: claim.resumedFrom)
            }
        } catch is CancellationError {
            try? await ImportClaims.release(claim.importId, owner: owner, on: db)
            throw CancellationError()
        }
    }

    /// Waits for import `id`'s turn (reserved by this process, whose lease is kept meanwhile
    /// by `holding`); an earlier queued import this process claims on the way is run first.
    func waitForTurn(_ id: Int64) async throws -> ImportClaims.Claim {
        var pause: Int64 = 20
        while true {
            if let claim = try await ImportClaims.claim(owner: owner, lease: lease, on: database) {
                if claim.importId == id { return claim }
                do { try await execute(claim) } catch is ImportLeaseLost {} catch {
                    logger.error("Import \(claim.importId) stopped: \(error)")
                }
                continue
            }
            try await Task.sleep(for: .milliseconds(pause))
            pause = min(500, pause * 2)
        }
    }
}

/// Renews an import's lease every third of its length from a thread of its own, so that a
/// runner busy linking (or a pool of tasks kept busy by it) never lets the lease lapse
/// while the import is alive. A renewal the store refuses means the import is another's:
/// `lost` is set and `onLost` called. A renewal that fails (the store busy for a moment) is
/// tried again next time.
final class LeaseKeeper: @unchecked Sendable {
    private let condition = NSCondition()
    // Guarded by `condition`.
    private var stopped = false
    private var isLost = false

    init(_ id: Int64, owner: String, lease: Int64, on db: any SQLDatabase, onLost: @escaping @Sendable () -> Void) {
        let thread = Thread { [self] in
            condition.lock()
            while !stopped {
                if condition.wait(until: Date().addingTimeInterval(Double(lease) / 3_000)) { continue }
                condition.unlock()
                let held = ImportClaims.renewWaiting(id, owner: owner, lease: lease, on: db)
                condition.lock()
                if held == false, !stopped {
                    isLost = true
                    condition.unlock()
                    onLost()
                    return
                }
            }
            condition.unlock()
        }
        thread.name = "cradle-import-lease"
        thread.start()
    }

    var lost: Bool { condition.withLock { isLost } }

    func stop() { condition.withLock { stopped = true; condition.signal() } }
}

/// A server's import worker: claims queued imports (this server's uploads, another's, or one
/// whose server died) one at a time, oldest first, woken by an upload and otherwise every
/// second.
final class ImportWorker: Sendable {
    let runner: ImportRunner
    private let wake: AsyncStream<Void>.Continuation
    private let loop: NIOLockedValueBox<Task<Void, Never>?> = .init(nil)

    init(runner: ImportRunner) {
        self.runner = runner
        let (stream, wake) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
        self.wake = wake
        let loop = Task(executorPreference: Executors.imports) { [runner] in
            let ticker = Task { while !Task.isCancelled { try? await Task.sleep(for: .seconds(1)); wake.yield() } }
            defer { ticker.cancel() }
            for await _ in stream {
                while !Task.isCancelled {
                    do {
                        guard let claim = try await ImportClaims.claim(owner: runner.owner, lease: runner.lease, on: runner.database) else { break }
                        try await runner.execute(claim)
                    } catch is CancellationError { return } catch is ImportLeaseLost {} catch {
                        runner.logger.error("Import worker: \(error)")
                        break
                    }
                }
                if Task.isCancelled { return }
            }
        }
        self.loop.withLockedValue { $0 = loop }
        wake.yield()
    }

    /// Queues a file for whichever server claims it first (this one is woken at once).
    func submit(_ data: Data, fileName: String, total: Int, header: String?, source: Int64, by: Int64?) async throws -> Int64 {
        let id = try await ImportClaims.queue(source: source, fileName: fileName, total: total, header: header, by: by, data: data,
                                              on: runner.database)
        wake.yield()
        return id
    }

    /// The import once it has ended, by whichever server ran it.
    func finished(_ id: Int64) async throws -> SourceStore.ImportRow {
        var pause: Int64 = 10
        while true {
            if let row = try await SourceStore.findImport(id, on: runner.database.sql), !row.isRunning { return row }
            try await Task.sleep(for: .milliseconds(pause))
            pause = min(250, pause * 2)
        }
    }

    /// Stops claiming; an import running here is given back to the queue for another server.
    func stop() async {
        let task = loop.withLockedValue { t -> Task<Void, Never>? in defer { t = nil }; return t }
        wake.finish()
        task?.cancel()
        await task?.value
    }
}

struct ImportWorkerKey: StorageKey { typealias Value = ImportWorker }

extension Application {
    /// This server's import worker, started on first use (`serve` starts it at once).
    var importWorker: ImportWorker {
        importWorkerLock.withLock {
            if let w = storage[ImportWorkerKey.self] { return w }
            var job = ImportJob(database: db, today: settings.today(), linker: settings.linker, sqlitePath: sqliteReader?.path)
            job.batchSize = 1_000
            let w = ImportWorker(runner: ImportRunner(job: job, today: settings.today, lease: settings.importLease, logger: logger))
            storage[ImportWorkerKey.self] = w
            lifecycle.use(ImportWorkerShutdown(worker: w))
            return w
        }
    }
}

private let importWorkerLock = NIOLock()

/// Gives a running import back to the queue when the server stops.
struct ImportWorkerShutdown: LifecycleHandler {
    let worker: ImportWorker
    func shutdownAsync(_ application: Application) async { await worker.stop() }
}

enum ImportLimits {
    /// The largest file one upload may carry: a year of a large trust's births as CSV is a few MB.
    static let maxFile: ByteCount = "64mb"
}
