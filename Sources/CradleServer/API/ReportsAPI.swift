import Vapor
import CradleCore

/// `/api/v1`: the aggregate reports, for the reader's scope (an analyst the borough, a locality
/// manager their locality, a centre its reach area, a team its children), every count through
/// disclosure control as on the pages: 1–7 is null (suppressed), others are rounded to 5.
enum ReportsAPI {
    /// A number that is always sent, as `null` when there is none (a synthesised Encodable
    /// leaves a nil optional out).
    struct OrNull: Encodable {
        var value: Int?
        func encode(to encoder: any Encoder) throws {
            var c = encoder.singleValueContainer()
            if let value { try c.encode(value) } else { try c.encodeNil() }
        }
    }

    /// A count as it may leave Cradle: null when suppressed.
    static func controlled(_ n: Int) -> OrNull { OrNull(value: DisclosureControl.count(n).number) }

    struct Figure: Encodable {
        var group: String, quarter: String, metric: String, label: String
        var numerator: OrNull, denominator: OrNull
        /// From the rounded figures; null when either is suppressed or there is no one to count.
        var percent: OrNull
    }

    struct Timeliness: Encodable { var scope: String; var quarters: [String]; var groups: [String]; var figures: [Figure] }

    /// OHID timeliness and ASQ-3 outcome metrics for a quarter (`2026Q2`, or `2026/27 Q2` as
    /// the page's headers show it; the latest complete quarter when left out) and the three
    /// before it.
    static func timeliness(_ req: Request) async throws -> Response {
        try await req.authorize(.read, Resource(.aggregateReport), detail: "timeliness")
        let asked = try req.queryParameters(allowed: ["quarter"]).first?.value
        let scope = try req.reportScope()
        let chosen: Quarter
        if let asked {
            guard let q = Quarter(code: asked) else {
                throw InvalidInput("quarter", "Quarter \"\(asked)\" is not a financial-year quarter: send it as 2026Q2 or 2026/27 Q2")
            }
            chosen = q
        } else {
            chosen = Quarter(containing: req.today).previous
        }
        let (report, groups) = try await TimelinessController.report(req, chosen, scope: scope)
        var figures: [Figure] = []
        for group in groups {
            for quarter in report.quarters {
                for metric in TimelinessMetric.allCases {
                    let c = report[group, quarter, metric]
                    figures.append(Figure(group: group, quarter: quarter.code, metric: metric.rawValue, label: metric.label,
                                          numerator: controlled(c.numerator), denominator: controlled(c.denominator),
                                          percent: OrNull(value: DisclosureControl.percent(c.numerator, of: c.denominator))))
                }
            }
        }
        return try json(Timeliness(scope: scope.reason, quarters: report.quarters.map(\.code), groups: groups, figures: figures))
    }

    struct Counts: Encodable {
        var births: OrNull, consented: OrNull, listed: OrNull, registered: OrNull, seen: OrNull
        init(_ c: ReachCounts) {
            births = controlled(c.births); consented = controlled(c.consented); listed = controlled(c.listed)
            registered = controlled(c.registered); seen = controlled(c.seen)
        }
    }
    struct Line: Encodable { var name: String; var counts: Counts }
    struct Month: Encodable { var month: String; var counts: Counts? }
    struct Reach: Encodable {
        var scope: String, from: String, to: String
        var total: Counts, byCentre: [Line], byLocality: [Line], byMonth: [Month]
    }

    /// Births, consent, centres' lists, registration and being seen over the last 12 months,
    /// per centre, locality and month (a month with no births has no counts).
    static func reach(_ req: Request) async throws -> Response {
        try await req.authorize(.read, Resource(.aggregateReport), detail: "reach dashboard")
        _ = try req.queryParameters(allowed: [])
        let scope = try req.reportScope()
        let (s, first) = try await ReachController.summary(req, scope: scope)
        return try json(Reach(scope: scope.reason, from: first.iso, to: req.today.iso, total: Counts(s.total),
                              byCentre: s.byCentre.map { Line(name: $0.0, counts: Counts($0.1)) },
                              byLocality: s.byLocality.map { Line(name: $0.0, counts: Counts($0.1)) },
                              byMonth: s.byMonth.map { Month(month: $0.0, counts: $0.1.map(Counts.init)) }))
    }
}
