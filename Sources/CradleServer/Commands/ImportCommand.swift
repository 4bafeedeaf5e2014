import Foundation
import Vapor
import SQLKit
import CradleCore

/// `cradle sources add --name NAME --kind KIND --format csv|fhir` registers a source system;
/// `cradle sources list` lists them.
struct SourcesCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Argument(name: "what", help: "add or list")
        var what: String
        @Option(name: "name", help: "The source's name (for add)")
        var name: String?
        @Option(name: "kind", help: SourceKind.allCases.map(\.rawValue).joined(separator: ", "))
        var kind: String?
        @Option(name: "format", help: "csv or fhir")
        var format: String?
    }

    var help: String { "Register or list the source systems that feed the person index." }

    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        try await prepareStore(app)
        switch signature.what {
        case "add":
            let fields = ["name": signature.name ?? "", "kind": signature.kind ?? "", "format": signature.format ?? "csv"]
            let input = try SourceStore.SourceInput.validate(fields).orThrow()
            let id = try await SourceStore.create(input, on: app.sql)
            context.console.print("Registered source \(id): \(input.name) (\(input.kind.label), \(input.format.label)).")
        case "list":
            for s in try await SourceStore.all(on: app.sql) {
                context.console.print("\(s.name)\t\(s.sourceKind.label)\t\(s.sourceFormat.label)\t\(s.records ?? 0) records")
            }
        default:
            throw Abort(.badRequest, reason: "Unknown sources command '\(signature.what)'; try: add, list")
        }
    }
}

/// `cradle import --source NAME FILE`: takes one file from a registered source into the person
/// index, with a progress bar, and prints the per-row report. Safe to run again on the same file.
struct ImportCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Option(name: "source", help: "The registered source the file comes from")
        var source: String?
        @Argument(name: "file", help: "The CSV file or FHIR Bundle")
        var file: String
        @Option(name: "batch", help: "Rows per transaction (default 1000)")
        var batch: Int?
    }

    var help: String { "Import a source system's file into the person index." }

    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        try await prepareStore(app)
        guard let name = signature.source, let source = try await SourceStore.byName(name, on: app.sql) else {
            let known = try await SourceStore.all(on: app.sql).map(\.name)
            throw Abort(.badRequest, reason: "Name a registered source with --source (registered: \(known.isEmpty ? "none; add one with `cradle sources add`" : known.joined(separator: ", ")))")
        }
        guard let data = FileManager.default.contents(atPath: signature.file) else {
            throw Abort(.badRequest, reason: "Cannot read \(signature.file)")
        }
        var job = ImportJob(database: app.db, today: app.settings.today(), linker: app.settings.linker, sqlitePath: app.sqliteReader?.path)
        if let b = signature.batch { job.batchSize = max(1, b) }
        job.lease = app.settings.importLease
        let bar = ProgressBarBox()
        let outcome: ImportJob.Outcome
        do {
            outcome = try await job.run(data, fileName: URL(fileURLWithPath: signature.file).lastPathComponent, source: source, by: nil) { counts, total in
                bar.update(counts.done, total: total)
            }
        } catch let refused as SourceFileRefused {
            context.console.error("Refused: \(refused.reason). Nothing was imported.")
            throw Abort(.unprocessableEntity, reason: refused.reason)
        }
        bar.finish()
        let c = outcome.counts
        context.console.print("Import \(outcome.importId) from \(source.name): \(c.added) added, \(c.updated) updated, \(c.unchanged) unchanged, \(c.rejected) rejected; \(c.reviews) links to review.")
        context.console.print("Match model: \(outcome.modelTrainedOn).")
        context.console.print("Time: \(outcome.timings.summary).")
        // Refusals first: a row left out matters more than a field left out.
        let problems = outcome.problems.filter { !$0.warning } + outcome.problems.filter(\.warning)
        for p in problems.prefix(200) { context.console.print("  \(p.warning ? "warning" : "refused"): row \(p.row), \(p.field): \(p.problem)") }
        if outcome.problems.count > 200 { context.console.print("  … and \(outcome.problems.count - 200) more; see the import's page") }
    }
}

/// The bar is made when the first batch says how many rows there are.
final class ProgressBarBox: @unchecked Sendable {
    private var bar: ProgressBar?
    private var done = 0
    func update(_ done: Int, total: Int) {
        if bar == nil { bar = ProgressBar(total: total, label: "Importing") }
        self.done = done
        bar?.update(done)
    }
    func finish() { bar?.finish(done) }
}

/// `cradle links export [--out FILE]`: every source record with its person, the kind of link
/// and its weight, as CSV, for data-quality teams to score against their own truth.
struct LinksCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Argument(name: "what", help: "export")
        var what: String
        @Option(name: "out", help: "File to write (default: standard output)")
        var out: String?
    }

    var help: String { "Export the person index's links as CSV." }

    func run(using context: CommandContext, signature: Signature) async throws {
        guard signature.what == "export" else { throw Abort(.badRequest, reason: "Unknown links command '\(signature.what)'; try: export") }
        let app = context.application
        try await prepareStore(app)
        if let path = signature.out {
            FileManager.default.createFile(atPath: path, contents: nil)
            guard let handle = FileHandle(forWritingAtPath: path) else { throw Abort(.badRequest, reason: "Cannot write \(path)") }
            defer { try? handle.close() }
            let n = try await LinkExport.write(on: app.sql) { handle.write(Data($0.utf8)) }
            context.console.print("Wrote \(n) source records to \(path).")
        } else {
            _ = try await LinkExport.write(on: app.sql) { FileHandle.standardOutput.write(Data($0.utf8)) }
        }
    }
}
