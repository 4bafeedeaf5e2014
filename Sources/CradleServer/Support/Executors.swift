import Foundation
import NIOCore
import NIOPosix

enum Executors {
    /// Runs Swift concurrency's jobs on the event loops themselves rather than on a pool of
    /// their own, so that a query's answer resumes the request on the loop it arrived on
    /// instead of waking a third thread (less CPU per page; see docs/performance.md). Must be
    /// called once, first thing (`CradleMain.run`).
    static func runAsyncOnEventLoops() {
        NIOSingletons.unsafeTryInstallSingletonPosixEventLoopGroupAsConcurrencyGlobalExecutor()
    }

    /// Where imports run. Linking a large file keeps a thread busy for seconds at a time; on
    /// an event loop that would stall every page whose connection that loop serves.
    static let imports = DispatchTaskExecutor(label: "cradle.imports")
}

/// A task executor on Dispatch's worker threads, away from the event loops.
final class DispatchTaskExecutor: TaskExecutor, @unchecked Sendable {
    private let queue: DispatchQueue

    init(label: String) {
        // Concurrent: a task runs one job at a time anyway, and an import's child tasks
        // (rows checked on two workers) may then run side by side.
        queue = DispatchQueue(label: label, qos: .utility, attributes: .concurrent)
    }

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        let executor = asUnownedTaskExecutor()
        queue.async { job.runSynchronously(on: executor) }
    }
}
