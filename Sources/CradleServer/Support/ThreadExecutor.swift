import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A task executor on threads of its own, optionally at a lower scheduling priority (a
/// higher nice value), for work that must not hold up NIO's event loops: see `ReportThread`.
final class ThreadExecutor: TaskExecutor, @unchecked Sendable {
    private let condition = NSCondition()
    private var queue: [UnownedJob] = []
    private var stopping = false
    private var running = 0
    private var started = 0

    init(name: String, count: Int, niceness: Int32 = 0) {
        running = max(1, count)
        for i in 0..<running {
            // Each thread holds the executor until `shutdown` ends it.
            let thread = Thread {
                Self.nameThisThread("\(name)-\(i)")
                if niceness != 0 { Self.lowerPriority(by: niceness) }
                self.work()
            }
            thread.start()
        }
    }

    func enqueue(_ job: consuming ExecutorJob) {
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

    /// Jobs these threads have started: a request's handler and each of its resumptions.
    var jobsRun: Int {
        condition.lock(); defer { condition.unlock() }
        return started
    }

    /// Lets the threads finish what is queued, then ends them.
    func shutdown() {
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
            while queue.isEmpty && !stopping { condition.wait() }
            if queue.isEmpty {
                running -= 1
                condition.broadcast()
                condition.unlock()
                return
            }
            // A handful of jobs wait at most (a report and its resumptions): no ring buffer needed.
            let job = queue.removeFirst()
            started &+= 1
            condition.unlock()
            job.runSynchronously(on: executor)
        }
    }

    /// Names the calling thread as `top -H` and debuggers show it (at most 15 bytes). Foundation's
    /// `Thread.name` reaches the kernel only if set after the thread object knows its pthread,
    /// which it may not yet when the thread starts.
    private static func nameThisThread(_ name: String) {
        #if os(Linux)
        try? String(name.utf8.prefix(15))!.write(toFile: "/proc/thread-self/comm", atomically: false, encoding: .utf8)
        #endif
    }

    /// Raises the calling thread's nice value: on Linux, `who` 0 is the thread, not the process.
    private static func lowerPriority(by niceness: Int32) {
        #if os(Linux)
        _ = setpriority(__priority_which_t(PRIO_PROCESS.rawValue), 0, niceness)
        #endif
    }
}
