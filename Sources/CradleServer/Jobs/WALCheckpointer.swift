import Foundation
import CradleSQLite

/// Copies an import's committed pages from SQLite's write-ahead log into the database file on
/// the other core. SQLite's own checkpoint runs inside the commit that fills the log, which
/// put it on the import's writer, the slowest step. These checkpoints are PASSIVE: they
/// never wait for the writer or for readers, nor do those wait for them. One runs at a time.
struct WALCheckpointer {
    private let connection: DirectConnection
    private var running: Task<Void, Never>?

    /// Turns the writer's own checkpoints off; `finish` must be called.
    init(writer: DirectConnection) throws {
        connection = try DirectConnection(path: writer.path, readOnly: false)
        try writer.execute("PRAGMA wal_autocheckpoint = 0")
    }

    /// Checkpoints what is committed now, once the checkpoint before has finished. A
    /// checkpoint that cannot run is left to the next: the log is kept whole until then.
    mutating func start() async {
        await running?.value
        running = Task(executorPreference: Executors.imports) { [connection] in
            try? connection.execute("PRAGMA wal_checkpoint(PASSIVE)")
        }
    }

    /// Checkpoints everything the import wrote, so that readers read the database file rather
    /// than search a long log, and closes.
    mutating func finish() async {
        await running?.value
        running = nil
        try? connection.execute("PRAGMA wal_checkpoint(PASSIVE)")
        connection.close()
    }
}
