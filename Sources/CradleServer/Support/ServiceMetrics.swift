import Vapor
import NIOConcurrencyHelpers
import Prometheus

/// The service's own metrics in Prometheus's text format (`/metrics`): how long requests take
/// per route, the audit queue, imports, and database connections. No person's data.
final class ServiceMetrics: Sendable {
    let registry = PrometheusCollectorRegistry()
    /// From a millisecond to ten seconds: pages are meant to answer in tens of milliseconds.
    static let buckets: [Duration] = [1, 2, 5, 10, 25, 50, 100, 250, 500, 1_000, 2_500, 5_000, 10_000].map { .milliseconds($0) }
    private let histograms = NIOLockedValueBox<[String: DurationHistogram]>([:])

    let auditQueue: Gauge
    let imports: (queued: Gauge, running: Gauge, rowsDone: Gauge, rowsTotal: Gauge)
    let database: (active: Gauge, idle: Gauge, max: Gauge)

    init() {
        auditQueue = registry.makeGauge(name: "cradle_audit_queue_depth", help: "Audit entries queued and not yet stored")
        imports = (registry.makeGauge(name: "cradle_imports", labels: [("status", "queued")], help: "Imports waiting or running"),
                   registry.makeGauge(name: "cradle_imports", labels: [("status", "running")], help: "Imports waiting or running"),
                   registry.makeGauge(name: "cradle_import_rows_done", help: "Rows the running import has done"),
                   registry.makeGauge(name: "cradle_import_rows_total", help: "Rows in the running import's file"))
        database = (registry.makeGauge(name: "cradle_db_connections", labels: [("state", "active")], help: "This server's database connections"),
                    registry.makeGauge(name: "cradle_db_connections", labels: [("state", "idle")], help: "This server's database connections"),
                    registry.makeGauge(name: "cradle_db_connections_max", help: "The most database connections this server opens"))
    }

    /// The request-time histogram for one method, route and status class.
    func requests(method: String, route: String, status: String) -> DurationHistogram {
        let key = method + " " + route + " " + status
        if let h = histograms.withLockedValue({ $0[key] }) { return h }
        let h = registry.makeDurationHistogram(name: "cradle_http_request_duration_seconds",
                                               labels: [("method", method), ("route", route), ("status", status)],
                                               buckets: Self.buckets, help: "Time to answer a request, by route")
        histograms.withLockedValue { $0[key] = h }
        return h
    }
}

/// Times every request by its route's pattern (`/people/:id`, never the id itself).
struct RequestMetricsMiddleware: AsyncMiddleware {
    let metrics: ServiceMetrics

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let began = ContinuousClock.now
        let response = try await next.respond(to: request)
        let route = request.route.map { "/" + $0.path.map(\.description).joined(separator: "/") } ?? "(no route)"
        metrics.requests(method: request.method.rawValue, route: route, status: "\(response.status.code / 100)xx")
            .record(ContinuousClock.now - began)
        return response
    }
}

struct ServiceMetricsKey: StorageKey { typealias Value = ServiceMetrics }

extension Application {
    var serviceMetrics: ServiceMetrics {
        get { storage[ServiceMetricsKey.self]! }
        set { storage[ServiceMetricsKey.self] = newValue }
    }
}
