import Testing
import Foundation
import Vapor
@testable import CradleServer
#if canImport(Glibc)
import Glibc
#endif

/// Reports and exports run on a thread of their own at a lower priority, on both stores;
/// pages stay on the event loops.
@Suite(.serialized) struct ReportThreadTests {
    @Test func aTaskPreferringTheThreadsRunsOnThemAtTheirPriority() async throws {
        let threads = ThreadExecutor(name: "lane-test", count: 2, niceness: 5)
        defer { threads.shutdown() }
        let seen = try await withTaskExecutorPreference(threads) {
            try await withThrowingTaskGroup(of: (String, Int32).self) { group in
                for _ in 0..<20 {
                    group.addTask {
                        // Await something elsewhere, then check where the task resumed.
                        try await Task.sleep(for: .milliseconds(2))
                        return (currentThreadName(), getpriority(__priority_which_t(PRIO_PROCESS.rawValue), 0))
                    }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
        }
        #expect(seen.count == 20)
        #expect(seen.allSatisfy { $0.0.hasPrefix("lane-test-") }, "\(seen.map(\.0))")
        #expect(seen.allSatisfy { $0.1 == 5 })
        #expect(threads.jobsRun >= 40)
        // The caller's own thread keeps its priority.
        #expect(getpriority(__priority_which_t(PRIO_PROCESS.rawValue), 0) == 0)
    }

    @Test func aTaskStillFinishesAfterTheThreadsStop() async throws {
        let threads = ThreadExecutor(name: "lane-stop", count: 1)
        let running = Task {
            await withTaskExecutorPreference(threads) {
                try? await Task.sleep(for: .milliseconds(200))
                return 42
            }
        }
        try await Task.sleep(for: .milliseconds(50))
        threads.shutdown()
        #expect(await running.value == 42)
    }

    @Test func aReportHandlerRunsOnTheReportThreadAtLowerPriority() async throws {
        try await withCradle(children: 2) { app in
            let thread = try #require(app.reportThread)
            let handler = AsyncBasicResponder { _ in
                try await Task.sleep(for: .milliseconds(1))
                let here = "\(currentThreadName()) \(getpriority(__priority_which_t(PRIO_PROCESS.rawValue), 0))"
                return Response(body: .init(string: here))
            }
            let before = thread.jobsRun
            let response = try await ReportResponder(handler: handler).respond(to: Request(application: app, on: app.eventLoopGroup.any()))
            #expect(response.body.string == "cradle-report-0 10")
            #expect(thread.jobsRun > before)
        }
    }

    @Test func reportsAndExportsAreTheRoutesOnTheReportThread() async throws {
        try await withCradle(children: 2) { app in
            let onThread = Set(app.routes.all.filter { $0.responder is ReportResponder }.map { "\($0.method) /" + $0.path.map(\.description).joined(separator: "/") })
            #expect(onThread == [
                "GET /reports/timeliness", "GET /reports/reach", "GET /links/export", "GET /governance/audit.csv",
                "GET /api/v1/reports/timeliness", "GET /api/v1/reports/reach", "GET /api/v1/links/export",
            ])
        }
    }
}

/// The name of the thread running the caller, as the kernel knows it.
private func currentThreadName() -> String {
    ((try? String(contentsOfFile: "/proc/thread-self/comm", encoding: .utf8)) ?? "").trimmingCharacters(in: .newlines)
}
