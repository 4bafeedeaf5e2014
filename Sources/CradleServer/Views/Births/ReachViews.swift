import CradleCore

/// The reach dashboard. Every count is shown through disclosure control (1–7 as *, others to
/// the nearest 5), and percentages are computed from the controlled figures.
enum ReachViews {
    static func shown(_ n: Int) -> String { DisclosureControl.count(n).description }

    /// A row with no counts is a month with no births recorded: its cells say so rather than 0.
    static func table(_ caption: String, _ first: String, _ rows: [(String, ReachCounts?)]) -> Markup {
        let headers = [first] + ReachCounts().figures.map(\.name) + ["Registered of births"]
        return SourceViews.table(caption, headers, rows.map { name, counts in
            guard let c = counts else {
                return tag("tr", [:], tag("th", ["scope": "row"], text(name)),
                           tag("td", ["colspan": String(headers.count - 1), "class": "hint"], text("No births recorded yet")))
            }
            return tag("tr", [:], [tag("th", ["scope": "row"], text(name))] + c.figures.map { tag("td", [:], text(shown($0.count))) }
                + [tag("td", [:], text(DisclosureControl.percentage(c.registered, of: c.births)))])
        })
    }

    /// `unmapped` (children whose postcode reaches no centre) is the borough's, shown only to
    /// those who see the whole borough.
    static func page(_ s: ReachSummary, from: Day, to: Day, scope: String, unmapped: Int?, layout: Layout.Context) -> String {
        Layout.page(layout,
            tag("h1", [:], text("Reach: from birth to children's centre")),
            tag("p", ["id": "report-scope"], text(scope + ".")),
            tag("p", ["class": "lead"], text("Children born \(from.display) to \(to.display), by the centre whose reach area they live in. "),
                text("Counts of 1 to 7 show as *, others are rounded to the nearest 5; percentages use the rounded figures.")),
            tag("dl", ["class": "summary"], s.total.figures.map { f in group([tag("dt", [:], text(f.name)), tag("dd", [:], text(shown(f.count)))]) }
                + (unmapped.map { [tag("dt", [:], text("Children whose postcode reaches no centre")), tag("dd", [:], text(shown($0)))] } ?? [])),
            tag("section", ["class": "panel", "aria-labelledby": "trend-title"],
                tag("h2", ["id": "trend-title"], text("Month by month")),
                trend(s.byMonth),
                table("Reach by month of birth", "Month", s.byMonth.map { (Period($0.0).map(Format.month) ?? $0.0, $0.1) })),
            tag("section", ["class": "panel", "aria-labelledby": "centres-title"],
                tag("h2", ["id": "centres-title"], text("By centre")), table("Reach by centre", "Centre", s.byCentre.map { ($0.0, $0.1) })),
            tag("section", ["class": "panel", "aria-labelledby": "localities-title"],
                tag("h2", ["id": "localities-title"], text("By locality")), table("Reach by locality", "Locality", s.byLocality.map { ($0.0, $0.1) })))
    }

    /// Births, consented and registered per month as lines, using the controlled figures. A
    /// month with no births recorded, or a figure suppressed as too small, is a gap in its line,
    /// never a fall to zero; the table beneath gives every month.
    static func trend(_ months: [(String, ReachCounts?)]) -> Markup {
        guard months.count >= 2 else { return group([]) }
        let series: [(String, String, (ReachCounts) -> Int)] = [("Births", "#005eb8", { $0.births }), ("Consented", "#007f3b", { $0.consented }),
                                                                  ("Registered", "#d5281b", { $0.registered })]
        let w = 640.0, h = 240.0, left = 40.0, bottom = 40.0, top = 10.0
        let top_ = Double(max(5, months.compactMap { $0.1.flatMap { DisclosureControl.count($0.births).number } }.max() ?? 5))
        let x = { (i: Int) in left + Double(i) / Double(months.count - 1) * (w - left - 20) }
        let y = { (v: Double) in top + (1 - v / top_) * (h - top - bottom) }
        var parts: [Markup] = [voidTag("line", ["x1": String(left), "x2": String(w - 20), "y1": String(Int(y(0))), "y2": String(Int(y(0))), "stroke": "#aeb7bd"]),
                               tag("text", ["x": "0", "y": String(Int(y(top_)) + 4), "font-size": "11"], text(String(Int(top_))))]
        for (i, m) in months.enumerated() where i % 2 == 0 {
            parts.append(tag("text", ["x": String(Int(x(i))), "y": String(Int(h - bottom + 16)), "font-size": "11", "text-anchor": "middle"], text(String(m.0.suffix(5)))))
        }
        for (k, (name, colour, value)) in series.enumerated() {
            let values = months.map { $0.1.flatMap { DisclosureControl.count(value($0)).number } }
            for run in runs(values) {
                let points = run.map { (Int(x($0)), Int(y(Double(values[$0]!)))) }
                if points.count == 1 {
                    parts.append(voidTag("circle", ["cx": String(points[0].0), "cy": String(points[0].1), "r": "3", "fill": colour]))
                } else {
                    parts.append(voidTag("polyline", ["points": points.map { "\($0.0),\($0.1)" }.joined(separator: " "),
                                                      "fill": "none", "stroke": colour, "stroke-width": "2.5"]))
                }
            }
            parts.append(tag("text", ["x": String(Int(left + Double(k) * 110)), "y": String(Int(h - 6)), "font-size": "12", "fill": colour], text("— \(name)")))
        }
        let latest = months.last { $0.1 != nil }
        let summary = latest.map { m in
            let c = m.1!
            return "in \(Period(m.0).map(Format.month) ?? m.0) \(shown(c.births)) births, \(shown(c.consented)) consented, \(shown(c.registered)) registered"
        } ?? "no births recorded yet"
        return tag("svg", ["viewBox": "0 0 \(Int(w)) \(Int(h))", "width": "100%", "role": "img", "class": "chart",
                           "aria-label": "Births, consented and registered per month; \(summary). Gaps are months with no births recorded or figures too small to show. The table below gives every month"],
                   group(parts))
    }

    /// The indices of each unbroken run of known values.
    static func runs(_ values: [Int?]) -> [[Int]] {
        var out: [[Int]] = [], current: [Int] = []
        for (i, v) in values.enumerated() {
            if v != nil { current.append(i) } else if !current.isEmpty { out.append(current); current = [] }
        }
        if !current.isEmpty { out.append(current) }
        return out
    }
}
