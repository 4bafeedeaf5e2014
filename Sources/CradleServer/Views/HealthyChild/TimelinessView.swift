import CradleCore

/// The timeliness metrics: one table per group, a column per quarter.
enum TimelinessView {
    /// Every figure passes disclosure control: counts of 1–7 show as *, others round to 5,
    /// and a percentage comes from the rounded counts.
    static func render(_ r: TimelinessReport, groups: [String], form: FormState, scope: String, layout: Layout.Context) -> String {
        func cell(_ c: TimelinessReport.Count) -> Markup {
            tag("td", ["class": "num"], text(c.denominator == 0 ? "—" : DisclosureControl.percentage(c.numerator, of: c.denominator)),
                tag("div", ["class": "hint"], text("\(DisclosureControl.count(c.numerator)) of \(DisclosureControl.count(c.denominator))")))
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
            tag("p", ["class": "lead", "id": "report-scope"], text(scope + ". Counts of 1 to 7 show as *; others are rounded to the nearest 5.")),
            tag("p", [:], text("OHID cohort rules: new birth visits count children who turned 30 days in the quarter; 6–8 week reviews, children who turned 8 weeks; 12-month reviews, children who turned 12 (C4) or 15 months (C5); 2–2½ year reviews, children aged 2½ in the quarter. ASQ-3 outcomes count children whose on-time review used a scored ASQ-3.")),
            form.errorSummary(),
            tag("form", ["method": "get", "action": "/reports/timeliness", "class": "inline-form"],
                form.input("quarter", "Quarter ending with", hint: "A financial-year quarter as the column headers show it, such as 2026/27 Q2", width: "10"),
                tag("button", ["type": "submit", "class": "button secondary"], text("Show"))),
            group(sections))
    }
}
