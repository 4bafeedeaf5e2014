import CradleCore

/// Our family journey: service level with history, the progress chart and table, and the form.
enum FamilyJourneyView {
    static func render(family: FamilyRow, journeys: [HealthyChildStore.JourneyRow], levels: [HealthyChildStore.LevelRow],
                       form f: FormState, why: String, mayRecord: Bool = true, maySetLevel: Bool = true, layout: Layout.Context) -> String {
        let current = levels.first
        let ratingFields = FamilyJourney.areas.enumerated().map { i, area in
            f.input("rating\(i)", area, type: "number", hint: "1 = we don't know what to do about this; 10 = everything is going very well", width: "3")
        }
        let priorityFields = FamilyJourney.areas.enumerated().map { i, area in f.checkbox("priority\(i)", area) }
        return Layout.page(layout,
            tag("p", ["class": "breadcrumb"], link("/families/\(family.id)", family.name), text(" › "), text("Our family journey")),
            tag("h1", [:], text("Our family journey: \(family.name)")),
            tag("p", ["class": "why"], text("Why can I see this? \(why)")),
            f.errorSummary(),
            tag("section", ["class": "panel", "id": "level", "aria-labelledby": "level-title"],
                tag("h2", ["id": "level-title"], text("Health-visiting service level")),
                tag("p", [:], text(current.map { "\(Format.label($0.level, HVServiceLevel.self)) since \(Format.day($0.fromDate))" } ?? "Not set")),
                levels.isEmpty ? group([]) : tag("ul", [:], levels.map { l in
                    tag("li", [:], text("\(Format.day(l.fromDate)): \(Format.label(l.level, HVServiceLevel.self)) — \(l.reason) (\(l.setByName ?? "unknown"))"))
                }),
                !maySetLevel ? group([]) : tag("details", [:], tag("summary", [:], text("Change the service level")),
                    FormState.form(action: "/families/\(family.id)/service-level", csrf: layout.csrf,
                                   f.vocabulary("level", "Service level", HVServiceLevel.self),
                                   f.input("reason", "Reason"), FormState.submit("Save level")))),
            tag("section", ["class": "panel", "id": "progress", "aria-labelledby": "progress-title"],
                tag("h2", ["id": "progress-title"], text("Progress over time")),
                journeys.isEmpty ? tag("p", [:], text("The family has not rated itself yet.")) : chart(journeys),
                journeys.isEmpty ? group([]) : table(journeys)),
            journeys.isEmpty ? group([]) : words(journeys),
            !mayRecord ? group([]) : tag("section", ["class": "panel", "aria-labelledby": "new-title"],
                tag("h2", ["id": "new-title"], text("A new family journey")),
                FormState.form(action: "/families/\(family.id)/journey", csrf: layout.csrf,
                               tag("fieldset", ["class": "fieldset"], [tag("legend", [:], text("How are things? Rate each area from 1 to 10"))] + ratingFields),
                               f.textarea("goodAt", "What is our family good at?", rows: 3),
                               f.textarea("wantToChange", "What would we like to change, improve or strengthen?", rows: 3),
                               f.textarea("lifeWhenDone", "What will our lives be like when it has happened?", rows: 3),
                               tag("fieldset", ["class": "fieldset"], [tag("legend", [:], text("Our priorities"))] + priorityFields),
                               f.textarea("actions", "Actions we agree", rows: 3),
                               FormState.submit("Save our family journey"))))
    }

    /// What the family said at each assessment, newest first: their own words, the priorities
    /// they chose and the actions agreed.
    static func words(_ js: [HealthyChildStore.JourneyRow]) -> Markup {
        tag("section", ["class": "panel", "id": "words", "aria-labelledby": "words-title"],
            tag("h2", ["id": "words-title"], text("In the family's own words")),
            group(js.reversed().map { j in
                let answers: [(String, String)] = [
                    ("What is our family good at?", j.goodAt),
                    ("What would we like to change, improve or strengthen?", j.wantToChange),
                    ("What will our lives be like when it has happened?", j.lifeWhenDone),
                    ("Our priorities", j.priorities.split(separator: "\n").joined(separator: ", ")),
                    ("Actions we agree", j.actions)]
                return tag("article", ["class": "journey-entry"],
                    tag("h3", [:], text(Format.day(j.assessedOn) + (j.recordedByName.map { " — recorded by \($0)" } ?? ""))),
                    tag("dl", ["class": "answers"], answers.map { q, a in
                        group([tag("dt", [:], text(q)), tag("dd", [:], text(a.isEmpty ? "Not answered" : a))])
                    }))
            }))
    }

    /// One line per area across the assessments, 1–10 up the side.
    static func chart(_ js: [HealthyChildStore.JourneyRow]) -> Markup {
        let w = 560.0, h = 220.0, left = 30.0, bottom = 24.0
        let colours = ["#005eb8", "#007f3b", "#d5281b", "#ffb81c", "#330072", "#00a499", "#ae2573", "#425563"]
        let xs = js.indices.map { js.count == 1 ? left + (w - left) / 2 : left + Double($0) * (w - left - 10) / Double(js.count - 1) }
        let y = { (v: Int) in (h - bottom) - Double(v - 1) / 9 * (h - bottom - 10) }
        var nodes: [Markup] = [1, 5, 10].map { v in
            group([voidTag("line", ["x1": String(left), "x2": String(w), "y1": String(y(v)), "y2": String(y(v)), "stroke": "#d8dde0"]),
                   tag("text", ["x": "4", "y": String(y(v) + 4), "font-size": "11"], text(String(v)))])
        }
        for (i, j) in js.enumerated() {
            nodes.append(tag("text", ["x": String(xs[i] - 28), "y": String(h - 6), "font-size": "11"], text(Format.day(j.assessedOn))))
        }
        for (a, area) in FamilyJourney.areas.enumerated() {
            let points = js.indices.compactMap { i in js[i].ratingValues[area].map { (xs[i], y($0)) } }
            guard !points.isEmpty else { continue }
            nodes.append(voidTag("polyline", ["points": points.map { "\(Int($0.0)),\(Int($0.1))" }.joined(separator: " "),
                                              "fill": "none", "stroke": colours[a % colours.count], "stroke-width": "2"]))
            for p in points { nodes.append(voidTag("circle", ["cx": String(Int(p.0)), "cy": String(Int(p.1)), "r": "3", "fill": colours[a % colours.count]])) }
        }
        let legend = FamilyJourney.areas.enumerated().map { a, area in
            // A drawn swatch, not a style attribute: the content security policy allows no inline style.
            tag("li", [:], tag("svg", ["class": "swatch", "viewBox": "0 0 10 10", "aria-hidden": "true"],
                                voidTag("rect", ["width": "10", "height": "10", "fill": colours[a % colours.count]])), text(" " + area))
        }
        return group([
            tag("svg", ["viewBox": "0 0 \(Int(w)) \(Int(h))", "width": "100%", "role": "img",
                        "aria-label": "The family's ratings of each area at each assessment; the table below gives the numbers"], nodes),
            tag("ul", ["class": "legend"], legend)])
    }

    static func table(_ js: [HealthyChildStore.JourneyRow]) -> Markup {
        tag("table", ["class": "table"],
            tag("caption", [:], text("Ratings at each assessment (1–10)")),
            tag("thead", [:], tag("tr", [:], [tag("th", ["scope": "col"], text("Area"))] + js.map { tag("th", ["scope": "col", "class": "num"], text(Format.day($0.assessedOn))) })),
            tag("tbody", [:], FamilyJourney.areas.map { area in
                tag("tr", [:], [tag("th", ["scope": "row"], text(area))] + js.map { tag("td", ["class": "num"], text($0.ratingValues[area].map(String.init) ?? "—")) })
            }))
    }
}
