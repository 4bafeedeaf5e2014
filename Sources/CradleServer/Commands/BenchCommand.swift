import Vapor
import SQLKit
import AsyncHTTPClient
import CradleCore

/// `cradle bench record [--children N] [--clients 32] [--seconds 20] [--reuse]`
///
/// Loads an N-child demo borough (SQLite in `data/bench`, or PostgreSQL when DATABASE_URL is
/// set), starts `cradle serve` as a separate process, and reports load time, latency
/// percentiles and throughput of the record page and the search API under concurrent
/// clients over loopback, and the server's peak resident memory.
struct BenchCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Argument(name: "what", help: "What to measure: record, schedule, linkage, births")
        var what: String
        @Option(name: "children", help: "Children in the demo borough (default 1,000,000)")
        var children: Int?
        @Option(name: "births", help: "Birth notifications for `bench births` (default 600,000: a national year)")
        var births: Int?
        @Option(name: "clients", help: "Concurrent clients (default 32)")
        var clients: Int?
        @Option(name: "seconds", help: "Seconds per measured endpoint (default 20)")
        var seconds: Double?
        @Flag(name: "reuse", help: "Reuse the store from the last run if it holds the same number of children")
        var reuse: Bool
    }

    var help: String { "Measure Cradle: `bench record` loads a borough and load-tests the record page and search API; `bench schedule` times HCP schedules and worklists." }

    func run(using context: CommandContext, signature: Signature) async throws {
        if signature.what == "schedule" { return runSchedule(context, children: signature.children ?? 1_000_000) }
        if signature.what == "births" {
            return try await BirthsBench.run(context.application, births: signature.births ?? 600_000) { context.console.print($0) }
        }
        if signature.what == "linkage" {
            return try await LinkageBench.run(context.application, children: signature.children ?? 100_000,
                                              today: context.application.settings.today()) { context.console.print($0) }
        }
        guard signature.what == "record" else { throw Abort(.badRequest, reason: "Unknown benchmark '\(signature.what)'; try: record, schedule, linkage, births") }
        let app = context.application
        let children = signature.children ?? 1_000_000
        let clients = signature.clients ?? 32
        let seconds = signature.seconds ?? 20
        let store = app.settings.databaseURL == nil ? "SQLite (\(app.settings.sqlitePath))" : "PostgreSQL"
        context.console.print("Cradle bench record — \(children) children, \(clients) clients, \(Int(seconds)) s per endpoint, \(store)")

        try await prepareStore(app)
        let existing = try await app.sql.raw("SELECT COUNT(*) AS n FROM people WHERE kind = 'child'").first(decodingColumn: "n", as: Int.self) ?? 0
        if signature.reuse && existing == children {
            context.console.print("Reusing the loaded borough (\(existing) children).")
        } else {
            if existing > 0 { try await DemoLoader.clear(app.sql) }
            let s = try await DemoLoader.load(app, seed: 1, children: children, progress: true)
            context.console.print(String(format: "Load: %d children, %d people, %d contacts in %.1f s (%.0f children/s)",
                                         s.children, s.people, s.contacts, s.seconds, Double(s.children) / s.seconds))
        }
        if app.settings.databaseURL == nil { try await app.sql.raw("PRAGMA wal_checkpoint(TRUNCATE)").run() }

        let sample = try await BenchSample.load(app.sql)

        let (record, search, memory, mixed) = try await measureServer(app.settings, audit: true, sample: sample, clients: clients, seconds: seconds)
        context.console.print(record.line)
        context.console.print(search.line)
        if let mixed {
            context.console.print(mixed.record.line + " (a report running throughout)")
            context.console.print(mixed.report.line)
            context.console.print(String(format: "Record page p99 with the report running: %.1f ms, against %.1f ms without (%+.0f%%)",
                                         mixed.record.percentile(0.99), record.percentile(0.99),
                                         100 * (mixed.record.percentile(0.99) / record.percentile(0.99) - 1)))
        }
        context.console.print(String(format: "Server peak resident memory: %.0f MiB", memory))
        // The same record-page load with the audit trail switched off shows what auditing costs.
        let (unaudited, _, _, _) = try await measureServer(app.settings, audit: false, sample: sample, clients: clients, seconds: seconds, searchToo: false)
        context.console.print(unaudited.line + " (audit off)")
        context.console.print(String(format: "Audit cost: %.1f%% of record-page throughput (%.0f req/s audited vs %.0f unaudited)",
                                     100 * (1 - record.throughput / unaudited.throughput), record.throughput, unaudited.throughput))
        context.console.print("Targets: record p99 ≤ 50 ms, search p99 ≤ 100 ms, load ≤ 300 s, memory ≤ 1024 MiB, audit cost ≤ 15%.")
        let errors = record.errors + search.errors + unaudited.errors + (mixed.map { $0.record.errors + $0.report.errors } ?? 0)
        if errors > 0 { throw Abort(.internalServerError, reason: "\(errors) requests failed") }
    }

    /// Schedules and team worklists for N children, timed after the children are generated.
    func runSchedule(_ context: CommandContext, children: Int) {
        let today = context.application.settings.today()
        context.console.print("Cradle bench schedule — \(children) children, today \(today.display)")
        let made = ScheduleBench.children(children, today: today)
        var best = Double.infinity
        for round in 1...3 {
            let r = ScheduleBench.run(made, today: today)
            context.console.print(String(format: "Round %d: %.2f s (%.0f children/s); %d reviews outstanding, %d overdue; per team %@",
                                         round, r.seconds, Double(children) / r.seconds, r.outstanding, r.overdue,
                                         r.perTeam.map(String.init).joined(separator: "/") as NSString))
            best = min(best, r.seconds)
        }
        context.console.print(String(format: "Best of 3: %.2f s for %d children. Target: ≤ 5 s for 1,000,000.", best, children))
    }

    /// The record page alone, the search API, peak memory, and (with `searchToo`) the record
    /// page again while an analyst's report over the whole store runs back to back.
    typealias Measured = (record: LoadGenerator.Result, search: LoadGenerator.Result, memory: Double,
                          mixed: (record: LoadGenerator.Result, report: LoadGenerator.Result)?)

    func measureServer(_ settings: Settings, audit: Bool, sample: BenchSample, clients: Int, seconds: Double, searchToo: Bool = true)
        async throws -> Measured {
        let port = Int.random(in: 20_000...40_000)
        let server = try ServerProcess.start(port: port, settings: settings, audit: audit)
        defer { server.stop() }
        let base = "http://127.0.0.1:\(port)"
        var config = HTTPClient.Configuration(redirectConfiguration: .disallow)
        config.connectionPool = .init(idleTimeout: .seconds(60), concurrentHTTP1ConnectionsPerHostSoftLimit: clients + 4)
        let client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: config)
        let results: Measured
        do {
            results = try await measure(base: base, client: client, server: server, sample: sample, clients: clients,
                                        seconds: seconds, searchToo: searchToo)
            try await client.shutdown()
        } catch {
            try? await client.shutdown()
            throw error
        }
        return results
    }

    func measure(base: String, client: HTTPClient, server: ServerProcess, sample: BenchSample, clients: Int, seconds: Double, searchToo: Bool)
        async throws -> Measured {
        try await server.waitUntilReady(base: base, client: client)

        let cookies = try await BenchSessions.signIn(count: clients, base: base, client: client)
        let token = try await BenchSessions.token(base: base, client: client)
        let port = server.port
        let load = LoadGenerator(port: port, clients: clients, duration: seconds)
        let recordPaths = sample.childIDs.map { "/people/\($0)" }
        let searchPaths = sample.searchQueries.map { "/api/v1/search?\($0)" }
        let cookie: @Sendable (Int) -> [(String, String)] = { c in cookies[c].map { ($0.name, $0.value) } }

        // A short warm-up so that caches and connections are in their steady state.
        _ = await LoadGenerator(port: port, clients: clients, duration: 2).run("warm-up", paths: recordPaths, headers: cookie)
        let cpu0 = server.cpuSeconds()
        var record = await load.run("record page", paths: recordPaths, headers: cookie)
        let cpu1 = server.cpuSeconds()
        record.serverCPU = cpu1 - cpu0
        var search = searchToo ? await load.run("search API", paths: searchPaths) { _ in [("Authorization", "Bearer \(token)")] }
            : LoadGenerator.Result(name: "search API", latencies: [], seconds: 1, errors: 0)
        if searchToo { search.serverCPU = server.cpuSeconds() - cpu1 }
        var mixed: (record: LoadGenerator.Result, report: LoadGenerator.Result)? = nil
        if searchToo {
            // The timeliness report reads every child's reviews: the slowest page Cradle has.
            let analyst = try await BenchSessions.token(base: base, client: client, as: "analyst")
            let quarter = Quarter(containing: Settings.systemToday()).previous.code
            async let report = LoadGenerator(port: port, clients: 1, duration: seconds + 1)
                .run("timeliness report (background)", paths: ["/api/v1/reports/timeliness?quarter=\(quarter)"]) { _ in [("Authorization", "Bearer \(analyst)")] }
            try await Task.sleep(for: .milliseconds(500))
            let busy = await load.run("record page", paths: recordPaths, headers: cookie)
            mixed = (busy, await report)
        }
        let memory = server.peakResidentMegabytes()

        return (record, search, memory, mixed)
    }
}
