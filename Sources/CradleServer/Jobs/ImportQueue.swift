import Vapor

/// Imports run one at a time in a server: two files linked at once could each make a new
/// person for the same child. Uploads from the page run in the background through it; the API
/// waits its turn.
final class ImportQueue: @unchecked Sendable {
    private let lock = NSLock()
    private var last: Task<Void, Never>?

    /// Runs `body` after every import queued before it; returns its result.
    func run<T: Sendable>(_ body: @escaping @Sendable () async throws -> T) async throws -> T {
        try await enqueue(body).value
    }

    @discardableResult
    func enqueue<T: Sendable>(_ body: @escaping @Sendable () async throws -> T) -> Task<T, any Error> {
        lock.lock(); defer { lock.unlock() }
        let previous = last
        let task = Task(executorPreference: Executors.imports) { () async throws -> T in
            await previous?.value
            return try await body()
        }
        last = Task { _ = try? await task.value }
        return task
    }
}

struct ImportQueueKey: StorageKey { typealias Value = ImportQueue }

extension Application {
    var importQueue: ImportQueue {
        if let q = storage[ImportQueueKey.self] { return q }
        let q = ImportQueue()
        storage[ImportQueueKey.self] = q
        return q
    }
}

enum ImportLimits {
    /// The largest file one upload may carry: a year of a large trust's births as CSV is a few MB.
    static let maxFile: ByteCount = "64mb"
}
