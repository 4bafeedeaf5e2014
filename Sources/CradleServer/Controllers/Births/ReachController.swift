import Vapor
import CradleCore

/// The reach dashboard: births, consent, lists, registration and being seen, per centre and
/// locality over the last 12 months. Aggregate figures, disclosure-controlled.
enum ReachController {
    static func page(_ req: Request) async throws -> Response {
        try await req.authorize(.read, Resource(.aggregateReport), detail: "reach dashboard")
        let scope = try req.reportScope()
        let (summary, first) = try await summary(req, scope: scope)
        return .html(ReachViews.page(summary, from: first, to: req.today, scope: scope.reason, unmapped: scope == .borough ? try await ReachAreaStore.unmapped(on: req.sql).reduce(0) { $0 + $1.children } : nil,
                                     layout: req.layout("Reach", active: "reach")))
    }

    /// The last 12 months (from the first day of the earliest) within the reader's scope.
    static func summary(_ req: Request, scope: ReportScope) async throws -> (ReachSummary, from: Day) {
        let today = req.today
        let first = Period(containing: today.adding(months: -11)).first
        let months = (0..<12).map { Period(containing: first.adding(months: $0)).description }
        let rows = try await ReachStore.monthly(from: first, to: today, today: today, scope: scope, on: req.sql)
        let summary = ReachSummary(rows.map { r in
            ReachSummary.Line(centre: r.centreName, locality: r.locality, month: r.month,
                              counts: ReachCounts(births: r.births, consented: r.consented, listed: r.listed, registered: r.registered, seen: r.seen))
        }, months: months)
        return (summary, first)
    }
}
