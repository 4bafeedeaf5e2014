import CradleCore

/// The partnership's maturity page: where each part of the partnership stands, a chart of the
/// scores over time with the table behind it, the evidence, and the form to add a score.
/// Printed, it is the board's paper: without the form and the site's header.
enum PartnershipViews {
    static let colours = ["#f6d7d2", "#fff2cc", "#cce5d8", "#007f3b"]

    static func page(_ scores: [MaturityStore.Score], mayScore: Bool, form: FormState, layout: Layout.Context) -> String {
        Layout.page(layout,
            tag("h1", [:], text("Partnership maturity")),
            tag("p", ["class": "lead"], text("How far the early years partnership has integrated, scored by the partnership against EIF's integrated early years maturity matrix, with the evidence for each score.")),
            tag("ol", ["class": "legend"], MaturityStage.allCases.map { s in
                tag("li", [:], tag("span", ["class": "swatch", "data-stage": String(s.rawValue)]),
                    text(" \(s.rawValue). \(s.label): \(s.meaning.lowercased())"))
            }),
            chart(scores),
            group(MaturityDimension.matrix.map { d in dimension(d, scores.filter { $0.dimension == d.code }) }),
            history(scores),
            mayScore ? scoreForm(form, csrf: layout.csrf) : group([]))
    }

    /// Each dimension's score at each assessment date (the latest eight), as a grid of cells
    /// coloured by stage; a blank cell is a dimension not scored that day.
    static func chart(_ scores: [MaturityStore.Score]) -> Markup {
        let dates = Array(Array(Set(scores.map(\.assessedOn))).sorted().suffix(8))
        guard !dates.isEmpty else { return tag("p", [:], text("The partnership has not scored itself yet.")) }
        let left = 250.0, cell = 70.0, row = 34.0, top = 24.0
        let w = left + Double(dates.count) * cell + 10, h = top + Double(MaturityDimension.matrix.count) * row + 10
        var parts: [Markup] = []
        for (j, d) in dates.enumerated() {
            parts.append(tag("text", ["x": String(Int(left + Double(j) * cell + cell / 2)), "y": "16", "font-size": "11", "text-anchor": "middle"], text(Format.day(d))))
        }
        var latest: [String] = []
        for (i, dim) in MaturityDimension.matrix.enumerated() {
            let y = top + Double(i) * row
            parts.append(tag("text", ["x": "0", "y": String(Int(y + row / 2 + 4)), "font-size": "12"], text(dim.name)))
            for (j, d) in dates.enumerated() {
                guard let s = scores.last(where: { $0.dimension == dim.code && $0.assessedOn == d }), let stage = s.maturity else { continue }
                let x = left + Double(j) * cell
                parts.append(voidTag("rect", ["x": String(Int(x + 2)), "y": String(Int(y + 2)), "width": String(Int(cell - 4)), "height": String(Int(row - 4)),
                                              "fill": colours[stage.rawValue - 1], "stroke": "#4c6272"]))
                parts.append(tag("text", ["x": String(Int(x + cell / 2)), "y": String(Int(y + row / 2 + 4)), "font-size": "13", "text-anchor": "middle",
                                          "fill": stage == .mature ? "#ffffff" : "#212b32"], text(String(stage.rawValue))))
            }
            if let s = scores.last(where: { $0.dimension == dim.code }), let stage = s.maturity { latest.append("\(dim.name) \(stage.label.lowercased())") }
        }
        // It scrolls sideways on a phone, so it takes the keyboard focus to be scrolled.
        return tag("figure", ["class": "chart-figure", "tabindex": "0"],
                   tag("svg", ["viewBox": "0 0 \(Int(w)) \(Int(h))", "width": "100%", "role": "img", "class": "chart",
                               "aria-label": "The partnership's stage on each dimension at each assessment. Latest: \(latest.joined(separator: "; ")). The table of every score is below."],
                       group(parts)),
                   tag("figcaption", [:], text("Stage on each dimension at each assessment (1 basic to 4 maturity); every score is in the table below.")))
    }

    static func dimension(_ d: MaturityDimension, _ scores: [MaturityStore.Score]) -> Markup {
        let latest = scores.last
        return tag("section", ["class": "panel", "aria-labelledby": "\(d.code)-title", "id": d.code],
            tag("h2", ["id": "\(d.code)-title"], text(d.name)),
            latest.flatMap { s in s.maturity.map { stage in
                group([
                    tag("p", [:], tag("strong", [:], text("\(stage.label) (\(Format.day(s.assessedOn))): ")), text(d.looksLike(stage))),
                    tag("p", ["class": "prewrap"], text("Evidence: " + s.evidence)),
                    evidenceLinks(s),
                    stage == .mature ? group([]) : tag("p", ["class": "hint"],
                        text("Next, \(MaturityStage(rawValue: stage.rawValue + 1)!.label.lowercased()): " + d.looksLike(MaturityStage(rawValue: stage.rawValue + 1)!))),
                ])
            } } ?? tag("p", [:], text("Not scored yet. Basic level looks like: " + d.looksLike(.basic))))
    }

    static func evidenceLinks(_ s: MaturityStore.Score) -> Markup {
        let items = [s.link.map { tag("li", [:], link($0, "Further evidence: \($0)")) },
                     s.fileName.map { tag("li", [:], link("/partnership/files/\(s.id)", "Evidence file: \($0)")) }].compactMap { $0 }
        return items.isEmpty ? group([]) : tag("ul", ["class": "plain"], items)
    }

    static func history(_ scores: [MaturityStore.Score]) -> Markup {
        guard !scores.isEmpty else { return group([]) }
        return tag("section", ["class": "panel", "aria-labelledby": "history-title", "id": "history"],
            tag("h2", ["id": "history-title"], text("Every score")),
            tag("table", ["class": "table"],
                tag("caption", ["class": "visually-hidden"], text("Every score the partnership gave itself, oldest first")),
                tag("thead", [:], tag("tr", [:], ["Date", "Dimension", "Stage", "Evidence", "Recorded by"].map { tag("th", ["scope": "col"], text($0)) })),
                tag("tbody", [:], scores.map { s in
                    tag("tr", [:], tag("td", [:], text(Format.day(s.assessedOn))),
                        tag("td", [:], text(MaturityDimension.named(s.dimension)?.name ?? s.dimension)),
                        tag("td", [:], text(s.maturity.map { "\($0.rawValue). \($0.label)" } ?? String(s.stage))),
                        tag("td", ["class": "prewrap"], text(s.evidence), evidenceLinks(s)),
                        tag("td", [:], text(s.recordedBy)))
                })))
    }

    static func scoreForm(_ f: FormState, csrf: String?) -> Markup {
        tag("section", ["class": "panel no-print", "aria-labelledby": "score-title", "id": "score"],
            tag("h2", ["id": "score-title"], text("Add a score")),
            f.errorSummary(),
            tag("form", ["method": "post", "action": "/partnership/scores", "enctype": "multipart/form-data"],
                Layout.csrfField(csrf),
                f.select("dimension", "Dimension", options: MaturityDimension.matrix.map { ($0.code, $0.name) }),
                f.select("stage", "Stage the partnership has reached", options: MaturityStage.allCases.map { (String($0.rawValue), "\($0.rawValue). \($0.label)") }),
                f.date("assessedOn", "Date of the assessment"),
                f.textarea("evidence", "Evidence for this stage", rows: 4),
                f.input("link", "Link to further evidence (optional)", type: "url", hint: "A board paper or dashboard, starting https://"),
                tag("div", ["class": f.errors["file"] == nil ? "field" : "field field-error"],
                    tag("label", ["for": "file"], text("A file of evidence (optional)")),
                    tag("div", ["id": "file-hint", "class": "hint"], text("PDF, Word, Excel, PowerPoint, an image, CSV or text; up to 5 MB")),
                    f.errorMessage("file"),
                    voidTag("input", ["id": "file", "name": "file", "type": "file", "aria-describedby": "file-hint"])),
                FormState.submit("Record the score")))
    }
}
