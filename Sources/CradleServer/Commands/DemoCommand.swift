import Vapor
import SQLKit
import CradleCore

/// `cradle demo --seed N --children M [--replace]`: builds the fictional demo borough.
struct DemoCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Option(name: "seed", help: "Random seed; the same seed builds the same borough (default 1)")
        var seed: UInt64?
        @Option(name: "children", help: "How many children (default 5000)")
        var children: Int?
        @Flag(name: "replace", help: "Delete everything already stored first")
        var replace: Bool
    }

    var help: String { "Build the fictional demo borough." }

    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        let children = signature.children ?? 5_000
        guard children > 0, children <= 5_000_000 else {
            throw Abort(.badRequest, reason: "--children must be between 1 and 5,000,000")
        }
        try await prepareStore(app)
        let existing = try await app.sql.raw("SELECT COUNT(*) AS n FROM people").first(decodingColumn: "n", as: Int.self) ?? 0
        if existing > 0 {
            guard signature.replace else {
                context.console.error("The store already holds \(existing) people. Run with --replace to delete them and load the demo borough.")
                throw Abort(.conflict, reason: "store is not empty")
            }
            try await DemoLoader.clear(app.sql)
        }
        let s = try await DemoLoader.load(app, seed: signature.seed ?? 1, children: children, progress: true)
        try await DemoEarlyHelp.seed(app)
        try await DemoPersonIndex.seed(app)
        try await DemoFamilyAccess.seed(app)
        try await DemoPartnership.seed(app)
        context.console.print("Loaded \(s.children) children, \(s.people) people in \(s.families) families, \(s.contacts) contacts in \(String(format: "%.1f", s.seconds)) s.")
        context.console.print("Sign in as \(DemoLoader.exampleUser) (or midwife, gp, centre.worker, early.help, social.worker, analyst, ig.lead, admin) with password \(DemoLoader.demoPassword).")
        context.console.print("A parent signs in at /family/sign-in as \(DemoFamilyAccess.email); the link is mailed into \(app.settings.mailDrop.directory).")
    }
}
