import Vapor

/// `cradle migrate`: brings the store's schema up to date, without asking.
struct MigrateCommand: AsyncCommand {
    struct Signature: CommandSignature {}
    var help: String { "Create or update the database schema." }

    func run(using context: CommandContext, signature: Signature) async throws {
        try await prepareStore(context.application)
        context.console.print("Migrations are up to date.")
    }
}
