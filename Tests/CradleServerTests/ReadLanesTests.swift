import Testing
import Foundation
import Vapor
@testable import CradleServer
@testable import CradleSQLite
#if canImport(Glibc)
import Glibc
#endif

/// On SQLite, requests run on Cradle's own threads: pages on one lane, reports and exports
/// on a lower-priority one; nothing of the kind on PostgreSQL.
@Suite(.serialized) struct ReadLanesTests {
    @Test func aTaskPreferringTheThreadsRunsOnThemAtTheirPriority() async throws {
        let threads = ReadThreads(name: "lane-test", count: 2, niceness: 5)
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
        #expect(threads.waiting == 0)
        // The caller's own thread keeps its priority.
        #expect(getpriority(__priority_which_t(PRIO_PROCESS.rawValue), 0) == 0)
    }

    @Test func aTaskStillFinishesAfterTheThreadsStop() async throws {
        let threads = ReadThreads(name: "lane-stop", count: 1)
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

    @Test func pagesRunOnThePagesLaneAndReportsOnTheReportsLane() async throws {
        try await withCradle(children: 20) { app in
            guard TestStore.postgresURL == nil else {
                // PostgreSQL's driver never blocks a thread: no lanes at all.
                #expect(app.readLanes == nil)
                return
            }
            let lanes = try #require(app.readLanes)
            let child = try await relatedChild(app)
            var visitor = try await Browser.signedIn(app)
            let pages0 = lanes.pages.jobsRun, reports0 = lanes.reports.jobsRun
            #expect(try await visitor.get("/people/\(child)").status == .ok)
            #expect(lanes.pages.jobsRun > pages0)
            #expect(lanes.reports.jobsRun == reports0, "a record page ran on the reports lane")

            let analyst = try await apiToken(app, as: "analyst")
            let response = try await app.send(.GET, "/api/v1/reports/timeliness", headers: analyst)
            #expect(response.status == .ok)
            #expect(lanes.reports.jobsRun > reports0)
        }
    }
}

/// The name of the thread running the caller, as the kernel knows it.
private func currentThreadName() -> String {
    ((try? String(contentsOfFile: "/proc/thread-self/comm", encoding: .utf8)) ?? "").trimmingCharacters(in: .newlines)
}
