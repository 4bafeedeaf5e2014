import Foundation
import Vapor
import SQLKit
import CradleSQLite

/// `cradle backup --out FILE`: a consistent copy of the SQLite store while servers keep
/// serving. `cradle restore --from FILE --replace`: puts a backup back, with the servers
/// stopped. PostgreSQL is backed up with its own tools (the README gives the commands).
struct BackupCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Option(name: "out", help: "The file to write the backup to (must not exist)")
        var out: String?
    }

    var help: String { "Back up the SQLite store to a file while Cradle runs." }

    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        try BackupCommand.sqliteOnly(app)
        guard let out = signature.out, !out.isEmpty else { throw Abort(.badRequest, reason: "Say where to write the backup: --out FILE") }
        guard !FileManager.default.fileExists(atPath: out) else {
            throw Abort(.conflict, reason: "\(out) already exists; name a new file (a backup never overwrites one)")
        }
        let bar = ProgressBarBox()
        try SQLiteBackup.copy(from: app.settings.sqlitePath, to: out) { done, total in bar.update(done, total: total) }
        bar.finish()
        context.console.print("Backed up \(app.settings.sqlitePath) to \(out) (integrity checked).")
        context.console.print(BackupCommand.keysReminder(app.settings))
    }

    static func sqliteOnly(_ app: Application) throws {
        guard app.settings.databaseURL == nil, !app.settings.inMemory else {
            throw Abort(.badRequest, reason: "This store is PostgreSQL: back it up with pg_dump -Fc -f cradle.dump \"$DATABASE_URL\" and restore with pg_restore --clean --if-exists -d \"$DATABASE_URL\" cradle.dump")
        }
    }

    /// What the store alone does not hold: the audit trail verifies only with its key, and
    /// its checkpoints are signed with the server's own key.
    static func keysReminder(_ settings: Settings) -> String {
        let dir = settings.dataDirectory
        let mac = settings.auditKey == nil ? "\(dir)/cradle-audit.key" : "CRADLE_AUDIT_KEY"
        return "Keep apart from the backup, as secrets: the audit key (\(mac)), the signing key and audit checkpoints in \(dir) (\(dir)/audit-checkpoints.log)."
    }
}

struct RestoreCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Option(name: "from", help: "The backup file `cradle backup` wrote")
        var from: String?
        @Flag(name: "replace", help: "Replace what the store holds now (required when it holds anything)")
        var replace: Bool
    }

    var help: String { "Restore the SQLite store from a backup (stop the servers first)." }

    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        try BackupCommand.sqliteOnly(app)
        guard let from = signature.from, FileManager.default.fileExists(atPath: from) else {
            throw Abort(.badRequest, reason: "Name the backup to restore: --from FILE (it must exist)")
        }
        let store = app.settings.sqlitePath
        if FileManager.default.fileExists(atPath: store), !signature.replace {
            throw Abort(.conflict, reason: "\(store) already holds a store; stop the servers and run again with --replace to overwrite it")
        }
        try FileManager.default.createDirectory(atPath: app.settings.dataDirectory, withIntermediateDirectories: true)
        let bar = ProgressBarBox()
        try SQLiteBackup.copy(from: from, to: store) { done, total in bar.update(done, total: total) }
        bar.finish()
        context.console.print("Restored \(store) from \(from). Start the servers; `cradle audit verify` checks the trail.")
    }
}
