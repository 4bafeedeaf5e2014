import Vapor
import CradleSQLite

/// On an SQLite store, whose reads block the thread they run on, requests run on Cradle's
/// own threads instead of NIO's event loops and Swift's cooperative pool: pages on one thread
/// per core, reports and exports (which read the whole store) on one thread at a lower
/// priority, so that a report never holds up a page. See `ReadThreads`.
struct ReadLanes: Sendable {
    enum Lane: Sendable { case pages, reports }

    let pages: ReadThreads
    let reports: ReadThreads

    init(cores: Int = ProcessInfo.processInfo.activeProcessorCount) {
        pages = ReadThreads(name: "cradle-pages", count: cores)
        reports = ReadThreads(name: "cradle-reports", count: 1, niceness: 10)
    }

    subscript(lane: Lane) -> ReadThreads {
        switch lane {
        case .pages: pages
        case .reports: reports
        }
    }
}

struct ReadLanesKey: StorageKey { typealias Value = ReadLanes }

extension Application {
    /// Set when the store is an SQLite file.
    var readLanes: ReadLanes? {
        get { storage[ReadLanesKey.self] }
        set { storage[ReadLanesKey.self] = newValue }
    }
}

/// Runs the rest of the request on its lane's threads (nothing on PostgreSQL, whose driver
/// never blocks). Global for pages; grouped again, innermost winning, for reports.
struct ReadLaneMiddleware: AsyncMiddleware {
    let lane: ReadLanes.Lane

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        guard let lanes = request.application.readLanes else { return try await next.respond(to: request) }
        return try await withTaskExecutorPreference(lanes[lane]) { try await next.respond(to: request) }
    }
}

/// Ends the lanes' threads once the server has answered its last request.
struct ReadLanesShutdown: LifecycleHandler {
    let lanes: ReadLanes
    func shutdownAsync(_ application: Application) async {
        lanes.pages.shutdown()
        lanes.reports.shutdown()
    }
}
