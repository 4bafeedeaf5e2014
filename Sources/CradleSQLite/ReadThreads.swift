import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Threads of Cradle's own that run requests on an SQLite store, so that SQLite's blocking
/// reads never hold NIO's event loops or Swift's cooperative pool.
///
/// A request moves here once, for its whole handler (`withTaskExecutorPreference`), rather
/// than once per query: a page runs a dozen reads of microseconds each, and a hop between
/// threads costs more than most of them.
///
/// `niceness` lowers the threads' scheduling priority. Reports and exports, which read the
/// whole store, run on a lane of their own at a lower priority, so that on a busy machine the
/// record page is served first and a report takes the time left over.
public final class ReadThreads: TaskExecutor, @unchecked Sendable {
    public let name: String
    private let condition = NSCondition()
    private var queue: [UnownedJob] = []
    private var head = 0
    private var stopping = false
    private var running = 0
    private var threads: [Thread] = []
    private var started = 0

    public init(name: String, count: Int, niceness: Int32 = 0) {
        self.name = name
        for i in 0..<max(1, count) {
            let thread = Thread { [unowned self] in
                // Named from inside: on Linux a name set before start never reaches the kernel.
                Thread.current.name = "\(name)-\(i)"
                if niceness != 0 { Self.lowerPriority(by: niceness) }
                self.work()
            }
            thread.stackSize = 1 << 20
            threads.append(thread)
            thread.start()
        }
        running = threads.count
    }

    public func enqueue(_ job: consuming ExecutorJob) {
        let unowned = UnownedJob(job)
        condition.lock()
        guard running > 0 else {
            // Shut down: a task still preferring these threads gets one of its own to finish on.
            condition.unlock()
            let executor = asUnownedTaskExecutor()
            Thread { unowned.runSynchronously(on: executor) }.start()
            return
        }
        queue.append(unowned)
        condition.signal()
        condition.unlock()
    }

    /// Jobs waiting for a thread (the metrics' queue depth).
    public var waiting: Int {
        condition.lock(); defer { condition.unlock() }
        return queue.count - head
    }

    /// Jobs these threads have started: a request's handler and each of its resumptions.
    public var jobsRun: Int {
        condition.lock(); defer { condition.unlock() }
        return started
    }

    /// Lets the threads finish what is queued, then ends them.
    public func shutdown() {
        condition.lock()
        stopping = true
        condition.broadcast()
        while running > 0 { condition.wait() }
        condition.unlock()
    }

    private func work() {
        let executor = asUnownedTaskExecutor()
        while true {
            condition.lock()
            while head == queue.count && !stopping { condition.wait() }
            if head == queue.count {
                running -= 1
                condition.broadcast()
                condition.unlock()
                return
            }
            let job = queue[head]
            head += 1
            started &+= 1
            if head == queue.count {
                queue.removeAll(keepingCapacity: true)
                head = 0
            } else if head > 1024, head * 2 > queue.count {
                queue.removeFirst(head)
                head = 0
            }
            condition.unlock()
            job.runSynchronously(on: executor)
        }
    }

    /// Raises the calling thread's nice value: on Linux, `who` 0 is the thread, not the process.
    private static func lowerPriority(by niceness: Int32) {
        #if os(Linux)
        _ = setpriority(__priority_which_t(PRIO_PROCESS.rawValue), 0, niceness)
        #endif
    }
}
