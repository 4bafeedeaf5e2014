import NIOCore
import NIOPosix

/// The threads SQLite's blocking calls run on, one a core: a read waits for its pages here,
/// never on an event loop, so a slow query (a report over a large store) holds up only the
/// request that asked for it.
public enum SQLiteThreads {
    public static let pool: NIOThreadPool = {
        let pool = NIOThreadPool(numberOfThreads: System.coreCount)
        pool.start()
        return pool
    }()
}
