import Vapor

/// Reports and exports read the whole store and then work through it for seconds. Run on
/// an event loop, they would hold up every page whose connection that loop serves (on
/// SQLite the reads themselves block it). Their handlers run instead on a thread of their own
/// at a lower priority: on a busy machine pages are served first and a report takes the time
/// left over. Pages stay on the loops, where each read of a cached page takes microseconds:
/// moving every page to threads of its own cost a third more CPU a page (docs/performance.md).
extension Application {
    var reportThread: ThreadExecutor? {
        get { storage[ReportThreadKey.self] }
        set { storage[ReportThreadKey.self] = newValue }
    }

    /// The report thread, made once at start-up.
    func startReportThread() {
        let thread = ThreadExecutor(name: "cradle-report", count: 1, niceness: 10)
        reportThread = thread
        lifecycle.use(ReportThreadShutdown(thread: thread))
    }
}

struct ReportThreadKey: StorageKey { typealias Value = ThreadExecutor }

/// Routes whose handlers run on the report thread. Set on the route's own responder, not as
/// middleware: Vapor starts a new task for each middleware, and a new task does not keep its
/// parent's executor preference.
struct ReportRoutes: RoutesBuilder {
    let base: any RoutesBuilder

    func add(_ route: Route) {
        route.responder = ReportResponder(handler: route.responder)
        base.add(route)
    }
}

struct ReportResponder: AsyncResponder {
    let handler: any Responder

    func respond(to request: Request) async throws -> Response {
        guard let thread = request.application.reportThread, let handler = handler as? any AsyncResponder else {
            return try await handler.respond(to: request).get()
        }
        return try await withTaskExecutorPreference(thread) { try await handler.respond(to: request) }
    }
}

/// Ends the thread once the server has answered its last request.
struct ReportThreadShutdown: LifecycleHandler {
    let thread: ThreadExecutor
    func shutdownAsync(_ application: Application) async { thread.shutdown() }
}
