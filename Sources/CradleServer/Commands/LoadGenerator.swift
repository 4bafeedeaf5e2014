import Foundation
import AsyncHTTPClient
import NIOCore
import NIOHTTP1

/// Drives a running Cradle over loopback with a fixed number of concurrent clients and
/// records every request's latency, for `cradle bench`.
struct LoadGenerator {
    struct Result {
        var name: String
        var latencies: [Double]   // seconds, sorted
        var seconds: Double
        var errors: Int

        func percentile(_ p: Double) -> Double {
            guard !latencies.isEmpty else { return .nan }
            let i = min(latencies.count - 1, Int((Double(latencies.count) * p).rounded(.up)) - 1)
            return latencies[max(0, i)] * 1000
        }
        var throughput: Double { Double(latencies.count) / seconds }

        var line: String {
            String(format: "%-12@ %8d req  %7.0f req/s  p50 %6.1f ms  p95 %6.1f ms  p99 %6.1f ms  errors %d",
                   name as NSString, latencies.count, throughput, percentile(0.5), percentile(0.95), percentile(0.99), errors)
        }
    }

    let client: HTTPClient
    let clients: Int
    let duration: Double

    /// Each client loops over `paths` (offset by its index) until time is up.
    func run(_ name: String, paths: [String], headers: @escaping @Sendable (Int) -> HTTPHeaders) async -> Result {
        let deadline = Date().addingTimeInterval(duration)
        let started = Date()
        let (latencies, errors) = await withTaskGroup(of: ([Double], Int).self) { group in
            for c in 0..<clients {
                group.addTask {
                    var mine: [Double] = []
                    var errors = 0
                    var i = c * 7919 % max(1, paths.count)
                    while Date() < deadline {
                        var request = HTTPClientRequest(url: paths[i])
                        request.headers = headers(c)
                        let t0 = DispatchTime.now().uptimeNanoseconds
                        do {
                            let response = try await client.execute(request, timeout: .seconds(30))
                            _ = try await response.body.collect(upTo: 8 << 20)
                            if response.status != .ok { errors += 1 }
                        } catch { errors += 1 }
                        mine.append(Double(DispatchTime.now().uptimeNanoseconds - t0) / 1e9)
                        i = (i + 1) % paths.count
                    }
                    return (mine, errors)
                }
            }
            var all: [Double] = []
            var errors = 0
            for await (l, e) in group { all += l; errors += e }
            return (all, errors)
        }
        return Result(name: name, latencies: latencies.sorted(), seconds: Date().timeIntervalSince(started), errors: errors)
    }
}
