import Vapor
import CradleSQLite

struct SQLiteReaderKey: StorageKey { typealias Value = SQLiteReader }

extension Application {
    /// Set when the store is an SQLite file; see `SQLiteReader`.
    var sqliteReader: SQLiteReader? {
        get { storage[SQLiteReaderKey.self] }
        set { storage[SQLiteReaderKey.self] = newValue }
    }
}

/// Closes the read connections when the application stops.
struct SQLiteReaderShutdown: LifecycleHandler {
    let reader: SQLiteReader
    func shutdownAsync(_ application: Application) async { reader.close() }
}
