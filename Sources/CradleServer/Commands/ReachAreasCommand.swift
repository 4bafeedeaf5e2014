import Foundation
import Vapor
import CradleCore

/// `cradle reach-areas load FILE | export [--out FILE] | unmapped`: the postcode → small area →
/// children's centre lookup that routes births to centres.
struct ReachAreasCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Argument(name: "what", help: "load, export or unmapped")
        var what: String
        @Option(name: "file", help: "The lookup CSV to load")
        var file: String?
        @Option(name: "out", help: "Where to export to (default: standard output)")
        var out: String?
    }

    var help: String { "Load, export or check the reach-area lookup (postcode → small area → children's centre)." }

    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        try await prepareStore(app)
        switch signature.what {
        case "load":
            guard let path = signature.file, let text = try? String(contentsOfFile: path, encoding: .utf8) else {
                throw Abort(.badRequest, reason: "Give a readable lookup file with --file")
            }
            let parsed: (rows: [(row: Int, value: ReachAreaFile.Row)], problems: [RowProblem])
            do { parsed = try ReachAreaFile.parse(text) } catch {
                context.console.error("Refused: \(error.reason). Nothing was loaded.")
                throw Abort(.unprocessableEntity, reason: error.reason)
            }
            let r = try await ReachAreaStore.load(parsed.rows, on: app.db)
            context.console.print("Loaded \(r.postcodes) postcodes in \(r.areas) small areas.")
            for p in parsed.problems + r.problems { context.console.print("  row \(p.row), \(p.field): \(p.problem)") }
        case "export":
            let csv = try await ReachAreaStore.export(on: app.sql)
            if let out = signature.out { try csv.write(toFile: out, atomically: true, encoding: .utf8) } else { FileHandle.standardOutput.write(Data(csv.utf8)) }
        case "unmapped":
            let list = try await ReachAreaStore.unmapped(on: app.sql)
            context.console.print(list.isEmpty ? "Every child's postcode reaches a centre." : "\(list.count) postcodes reach no centre:")
            for u in list { context.console.print("  \(u.postcode)\t\(u.children) children") }
        default:
            throw Abort(.badRequest, reason: "Unknown reach-areas command '\(signature.what)'; try: load, export, unmapped")
        }
    }
}
