import Vapor
import CradleCore

/// OHID timeliness and ASQ-3 outcome metrics by locality and team for a quarter and the three before it.
enum TimelinessController {
    static func page(_ req: Request) async throws -> Response {
        try await req.authorize(.read, Resource(.aggregateReport))
        let latest = Quarter(containing: req.today).previous
        let chosen = try req.query[String.self, at: "quarter"].map { code in
            guard let q = Quarter(code: code) else { throw Abort(.badRequest, reason: "quarter must look like 2026Q2 (financial year and quarter 1–4)") }
            return q
        } ?? latest
        let quarters = [chosen.previous.previous.previous, chosen.previous.previous, chosen.previous, chosen]
        // Cohorts reach back 30 months before the first quarter (the 2½-year review).
        let children = try await ScheduleQueries.cohort(bornFrom: quarters[0].start.adding(months: -31), to: chosen.end, on: req.sql)
        let reviews = ScheduleQueries.byChild(try await ScheduleQueries.reviews(of: children.map(\.id), on: req.sql), cutoffs: .standard)
        let input = children.map { c -> ChildReviews in
            let r = reviews[c.id]
            return ChildReviews(born: (try? Day(c.dateOfBirth ?? "")) ?? req.today, done: r?.done ?? [:], twoYearUsedASQ3: r?.asq != nil, asq3: r?.asq)
        }
        let groups = ["All"] + Set(children.compactMap(\.locality)).sorted().map { "Locality: \($0)" } + Set(children.compactMap(\.team)).sorted()
        let report = TimelinessReport(children: input, groups: { i in
            ["All"] + [children[i].locality.map { "Locality: \($0)" }, children[i].team].compactMap { $0 }
        }, quarters: quarters)
        return .html(TimelinessView.render(report, groups: groups, chosen: chosen, layout: req.layout("Timeliness", active: "reports")))
    }
}

enum TimelinessView {
    static func render(_ r: TimelinessReport, groups: [String], chosen: Quarter, layout: Layout.Context) -> String {
        func cell(_ c: TimelinessReport.Count) -> Markup {
            tag("td", ["class": "num"], text(c.percent.map { String(Int($0.rounded())) + "%" } ?? "—"),
                tag("div", ["class": "hint"], text("\(c.numerator) of \(c.denominator)")))
        }
        var sections: [Markup] = []
        for g in groups {
            let rows = TimelinessMetric.allCases.map { m in
                tag("tr", [:], [tag("th", ["scope": "row"], text("\(m.rawValue) \(m.label)"))] + r.quarters.map { cell(r[g, $0, m]) })
            }
            sections.append(tag("section", ["class": "panel"],
                tag("h2", [:], text(g)),
                tag("table", ["class": "table"],
                    tag("caption", ["class": "visually-hidden"], text("Metrics for \(g) by quarter")),
                    tag("thead", [:], tag("tr", [:], [tag("th", ["scope": "col"], text("Metric"))] + r.quarters.map { tag("th", ["scope": "col", "class": "num"], text($0.description)) })),
                    tag("tbody", [:], rows))))
        }
        return Layout.page(layout,
            tag("h1", [:], text("Healthy Child Programme timeliness")),
            tag("p", [:], text("OHID cohort rules: new birth visits count children who turned 30 days in the quarter; 6–8 week reviews, children who turned 8 weeks; 12-month reviews, children who turned 12 (C4) or 15 months (C5); 2–2½ year reviews, children aged 2½ in the quarter. ASQ-3 outcomes count children whose on-time review used a scored ASQ-3.")),
            tag("form", ["method": "get", "action": "/reports/timeliness", "class": "inline-form"],
                tag("label", ["for": "quarter"], text("Quarter ending with ")),
                voidTag("input", ["id": "quarter", "name": "quarter", "value": chosen.code, "class": "input width-10"]),
                tag("button", ["type": "submit", "class": "button secondary"], text("Show"))),
            group(sections))
    }
}
