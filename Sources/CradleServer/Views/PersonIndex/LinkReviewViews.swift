import CradleCore

/// The review queue, one proposed link with the two records side by side and the waterfall of
/// its weights, and the merges page.
enum LinkReviewViews {
    static func queue(open: [LinkReviewStore.ReviewRow], decided: [LinkReviewStore.ReviewRow], layout: Layout.Context) -> String {
        Layout.page(layout,
            SourceViews.nav("review"),
            tag("h1", [:], text("Links to review (\(open.count))")),
            tag("p", ["class": "lead"], text("Records the index found likely, but not certain enough, to be a child it already knows. Strongest first.")),
            open.isEmpty ? tag("p", [:], text("Nothing to review.")) :
            SourceViews.table("Proposed links", ["Record", "Source", "Born", "Possible match", "Weight"], open.map { r in
                tag("tr", [:], tag("th", ["scope": "row"], link("/links/review/\(r.id)", "\(r.givenName) \(r.familyName)")),
                    tag("td", [:], text(r.sourceName)), tag("td", [:], text(Format.day(r.dateOfBirth))),
                    tag("td", [:], text(r.candidateName ?? "")), tag("td", [:], text(String(format2dp: r.weight))))
            }),
            tag("h2", [:], text("Recent decisions")),
            decided.isEmpty ? tag("p", [:], text("None yet.")) :
            SourceViews.table("Recent decisions", ["Record", "Decision", "By", "When"], decided.map { r in
                tag("tr", [:], tag("th", ["scope": "row"], link("/links/review/\(r.id)", "\(r.givenName) \(r.familyName) ↔ \(r.candidateName ?? "")")),
                    tag("td", [:], text(r.status.capitalized)), tag("td", [:], text(r.decidedByName ?? "")), tag("td", [:], text(r.decidedAt ?? "")))
            }))
    }

    /// One side of the comparison: the source record, or the hand-entered Cradle record.
    struct Side {
        var title: String
        var facts: [(String, String)]
    }

    static func side(_ r: SourceRecordStore.RecordRow) -> Side {
        Side(title: "\(r.sourceName) record \(r.recordId)", facts: [
            ("Given name", r.givenName), ("Family name", r.familyName), ("Date of birth", Format.day(r.dateOfBirth)),
            ("Sex", r.sex.map { Format.label($0, Sex.self) } ?? "—"), ("NHS number", r.nhsNumber.flatMap { try? NHSNumber($0).formatted } ?? "—"),
            ("Postcode", r.postcode ?? "—"), ("Mother", [r.motherGivenName, r.motherDateOfBirth.map { "born \(Format.day($0))" }].compactMap { $0 }.joined(separator: ", ")),
            ("Received", "\(r.fileName), row \(r.rowNumber), \(r.receivedAt)"),
        ])
    }

    static func review(_ r: LinkReviewStore.ReviewRow, record: Side, candidate: Side, autoLink: Double, reviewFrom: Double,
                       form f: FormState, layout: Layout.Context) -> String {
        Layout.page(layout,
            SourceViews.nav("review"),
            tag("h1", [:], text("Is this one child?")),
            f.errorSummary(),
            tag("p", [:], text("Weight \(String(format2dp: r.weight)): links are made alone from \(String(format2dp: autoLink)), proposed from \(String(format2dp: reviewFrom)). "),
                r.isOpen ? RequestViews.toneTag("warn", "Waiting for review") : RequestViews.toneTag(r.status == "accepted" ? "ok" : "late", "\(r.status.capitalized) by \(r.decidedByName ?? "") at \(r.decidedAt ?? "")")),
            tag("div", ["class": "side-by-side"], [record, candidate].map { s in
                tag("section", ["class": "panel"],
                    tag("h2", [:], text(s.title)),
                    tag("dl", ["class": "summary"], s.facts.map { k, v in group([tag("dt", [:], text(k)), tag("dd", [:], text(v.isEmpty ? "—" : v))]) }))
            }),
            tag("section", ["class": "panel", "aria-labelledby": "why-title"],
                tag("h2", ["id": "why-title"], text("Why it scored \(String(format2dp: r.weight))")),
                waterfall(r.weights, autoLink: autoLink, reviewFrom: reviewFrom),
                SourceViews.table("Each comparison's weight", ["Comparison", "Level", "Weight"], r.weights.map { w in
                    tag("tr", [:], tag("th", ["scope": "row"], text(w.comparison.label)), tag("td", [:], text(w.level)), tag("td", [:], text(String(format2dp: w.weight))))
                })),
            r.isOpen ? tag("section", ["class": "panel", "aria-labelledby": "decide-title"],
                tag("h2", ["id": "decide-title"], text("Decide")),
                tag("p", [:], text("Accepting merges the two into one child's record (it can be undone from Merges). Rejecting keeps them apart for good: the index never proposes or joins them again.")),
                FormState.form(action: "/links/review/\(r.id)", csrf: layout.csrf,
                    f.select("decision", "Decision", options: [("accept", "Accept: the same child"), ("reject", "Reject: different children")]),
                    FormState.submit("Record decision"))) : group([]))
    }

    /// Each comparison's weight as a step from the running total: green adds, red takes away;
    /// dashed lines mark the review and auto-link thresholds. The table below says the same.
    static func waterfall(_ weights: [ComparisonWeight], autoLink: Double, reviewFrom: Double) -> Markup {
        guard !weights.isEmpty else { return group([]) }
        var running = 0.0
        var steps: [(label: String, from: Double, to: Double)] = []
        for w in weights { steps.append((w.comparison.label, running, running + w.weight)); running += w.weight }
        steps.append(("Total", 0, running))
        let values: [Double] = steps.flatMap { [$0.from, $0.to] } + [0, autoLink, reviewFrom]
        let lo: Double = (values.min() ?? 0) - 1, hi: Double = (values.max() ?? 1) + 1
        // The thresholds' labels sit in a margin of their own on the right, clear of the bars.
        let w = 720.0, h = 300.0, left = 10.0, right = 120.0, bottom = 60.0, top = 10.0
        let y = { (v: Double) in top + (hi - v) / (hi - lo) * (h - top - bottom) }
        let slot = (w - left - right) / Double(steps.count)
        var bars: [Markup] = []
        for (i, s) in steps.enumerated() {
            let x = left + Double(i) * slot + slot * 0.15
            let colour = s.label == "Total" ? "#005eb8" : (s.to >= s.from ? "#007f3b" : "#d5281b")
            bars.append(voidTag("rect", ["x": String(Int(x)), "y": String(Int(y(max(s.from, s.to)))), "width": String(Int(slot * 0.7)),
                                         "height": String(max(1, Int(abs(y(s.from) - y(s.to))))), "fill": colour]))
            bars.append(tag("text", ["x": String(Int(x + slot * 0.35)), "y": String(Int(h - bottom + 16)), "font-size": "11", "text-anchor": "middle"], text(s.label)))
            bars.append(tag("text", ["x": String(Int(x + slot * 0.35)), "y": String(Int(h - bottom + 32)), "font-size": "11", "text-anchor": "middle"],
                            text((s.label == "Total" ? "" : (s.to - s.from >= 0 ? "+" : "")) + String(format2dp: s.to - s.from))))
        }
        func line(_ v: Double, _ label: String) -> Markup {
            group([voidTag("line", ["x1": String(left), "x2": String(w - right), "y1": String(Int(y(v))), "y2": String(Int(y(v))), "stroke": "#425563", "stroke-dasharray": "4 3"]),
                   tag("text", ["x": String(w - right + 6), "y": String(Int(y(v)) + 4), "font-size": "12"], text(label))])
        }
        return tag("svg", ["viewBox": "0 0 \(Int(w)) \(Int(h))", "width": "100%", "role": "img", "class": "chart",
                           "aria-label": "Waterfall of the match weight: \(weights.map { "\($0.comparison.label) \(String(format2dp: $0.weight))" }.joined(separator: ", ")); total \(String(format2dp: running)). The table below lists each comparison"],
                   voidTag("line", ["x1": String(left), "x2": String(w - right), "y1": String(Int(y(0))), "y2": String(Int(y(0))), "stroke": "#aeb7bd"]),
                   line(autoLink, "auto-link \(String(format2dp: autoLink))"), line(reviewFrom, "review \(String(format2dp: reviewFrom))"),
                   group(bars))
    }

    static func merges(_ merges: [MergeStore.MergeRow], form f: FormState, layout: Layout.Context) -> String {
        Layout.page(layout,
            SourceViews.nav("merges"),
            tag("h1", [:], text("Merges")),
            tag("p", ["class": "lead"], text("Two records of one child become one. Undoing a merge puts every record, contact, note and address back where it was, and the two are never joined again automatically.")),
            tag("section", ["class": "panel", "aria-labelledby": "merge-title"],
                tag("h2", ["id": "merge-title"], text("Merge two people")),
                f.errorSummary(),
                FormState.form(action: "/links/merges", csrf: layout.csrf,
                    f.input("keptPersonId", "Record to keep (its number)", hint: "The number in the record's address, /people/NUMBER", width: "10"),
                    f.input("mergedPersonId", "Record to merge into it (its number)", width: "10"),
                    f.input("reason", "Reason"),
                    FormState.submit("Merge"))),
            tag("h2", [:], text("Recent merges")),
            merges.isEmpty ? tag("p", [:], text("None yet.")) :
            SourceViews.table("Merges, newest first", ["Merge", "Kept", "Merged", "Reason", "By", "Undone", ""], merges.enumerated().map { n, m in
                tag("tr", [:], tag("th", ["scope": "row"], text("\(m.id) · \(m.mergedAt)")),
                    tag("td", [:], link("/people/\(m.keptPersonId)", "\(m.keptName) (\(m.keptPersonId))")),
                    tag("td", [:], text("\(m.mergedName) (\(m.mergedPersonId))")), tag("td", [:], text(m.reason)),
                    tag("td", [:], text(m.mergedByName ?? "")), tag("td", [:], text(m.unmergedAt.map { "\($0) by \(m.unmergedByName ?? "")" } ?? "No")),
                    tag("td", [:], m.unmergedAt != nil ? group([]) :
                        tag("form", ["method": "post", "action": "/links/merges/\(m.id)/unmerge", "class": "inline"],
                            Layout.csrfField(layout.csrf),
                            tag("button", ["type": "submit", "class": "button-secondary", "aria-label": "Undo merge \(m.id)"], text("Undo")))))
            }))
    }
}
