import CradleCore

/// Recording a review (with ASQ-3 and ASQ:SE-2 at 2–2½ years) and the review's page.
enum ReviewViews {
    static func form(_ f: FormState, person: PersonRow, review: MandatedReview, action: String, layout: Layout.Context) -> String {
        var fields: [Markup] = [
            f.hidden("review"),
            f.date("date", "Date of the review"),
            f.vocabulary("place", "Place", ContactPlace.self),
            f.vocabulary("method", "Method", ReviewMethod.self),
            f.vocabulary("practitionerType", "Delivered by", ReviewPractitionerType.self),
        ]
        if review == .twoYears {
            fields.append(asqFieldset(f))
            fields.append(f.input("asqse2", "ASQ:SE-2 total score (optional)", type: "number",
                                  hint: "Higher means more concern. No cut-off is configured for these questionnaires: none was found to ship.", width: "5"))
            fields.append(tag("fieldset", ["class": "fieldset"],
                              [tag("legend", [:], text("Other concerns raised"))]
                              + Concern.allCases.filter { ![.communication, .physical, .learning].contains($0) }.map { f.checkbox("concern_\($0.rawValue)", $0.label) }))
        }
        return Layout.page(layout,
            tag("p", ["class": "breadcrumb"], link("/people/\(person.id)", person.fullName), text(" › "), text(review.label)),
            tag("h1", [:], text("\(review.label) for \(person.fullName)")),
            f.errorSummary(),
            FormState.form(action: action, csrf: layout.csrf, group(fields), FormState.submit("Save review")))
    }

    /// Six items per area as radio groups: yes, sometimes, not yet (an item may be left out).
    static func asqFieldset(_ f: FormState) -> Markup {
        var parts: [Markup] = [
            tag("legend", [:], text("ASQ-3")),
            f.select("interval", "Questionnaire", options: ASQ3.supported.map { (String($0), "\($0) month questionnaire") },
                     blank: "No ASQ-3 used", hint: "Chosen by the child's age on the day, corrected for prematurity until 2 years."),
        ]
        for area in ASQArea.allCases {
            var items: [Markup] = []
            for i in 0..<ASQ3.itemsPerArea {
                let name = "\(area.rawValue)_\(i)"
                items.append(tag("fieldset", ["class": "asq-item"],
                    [tag("legend", [:], text("\(area.label) item \(i + 1)"))] + ASQAnswer.allCases.map { a in
                        tag("label", ["class": "radio"],
                            voidTag("input", ["type": "radio", "name": name, "value": a.rawValue, "checked": flag(f[name] == a.rawValue)]),
                            text(" " + a.label))
                    }))
            }
            parts.append(tag("fieldset", ["class": "fieldset asq-area", "id": area.rawValue],
                             [tag("legend", [:], text(area.label)), f.errorMessage(area.rawValue)] + items))
        }
        return tag("fieldset", ["class": "fieldset"], parts)
    }

    struct Page {
        var person: PersonRow
        var contact: ContactRow
        var review: MandatedReview
        var asq: ASQ3Result?
        var asqSE: ASQSE2Result?
        var proposals: [AssessmentPathway.Route]
        var sections: [HealthyChildStore.SectionRow]
        var cutoffsHaveMonitoring: Bool
        var canWriteHealth: Bool
        var canWriteSetting: Bool
    }

    static func page(_ p: Page, why: String, layout: Layout.Context) -> String {
        let c = p.contact
        var content: [Markup] = [
            tag("p", ["class": "breadcrumb"], link("/people/\(p.person.id)", p.person.fullName), text(" › "), text(p.review.label)),
            tag("h1", [:], text("\(p.review.label): \(p.person.fullName)")),
            tag("p", ["class": "why"], text("Why can I see this? \(why)")),
            tag("dl", ["class": "summary"],
                tag("dt", [:], text("Date")), tag("dd", [:], text(Format.day(c.date))),
                tag("dt", [:], text("Practitioner")), tag("dd", [:], text(c.practitionerName ?? "—")),
                tag("dt", [:], text("Place")), tag("dd", [:], text(Format.label(c.place, ContactPlace.self))),
                tag("dt", [:], text("Service")), tag("dd", [:], text(c.serviceName))),
        ]
        if let asq = p.asq { content.append(asqTable(asq, monitoring: p.cutoffsHaveMonitoring)) }
        if let se = p.asqSE {
            content.append(tag("section", ["class": "panel", "aria-labelledby": "se-title"],
                               tag("h2", ["id": "se-title"], text("ASQ:SE-2")),
                               tag("p", [:], text("Total score \(se.total). \(se.label)."))))
        }
        if !p.proposals.isEmpty {
            content.append(tag("section", ["class": "panel", "aria-labelledby": "pathway-title", "id": "pathway"],
                tag("h2", ["id": "pathway-title"], text("Proposed pathways")),
                tag("ul", [:], p.proposals.map { r in
                    tag("li", [:], tag("strong", [:], text(r.pathway)), text(" — for \(r.concern.label.lowercased()). Next: \(r.nextSteps.joined(separator: "; ")). Programme to offer: \(r.programme)."))
                })))
        }
        if p.review == .twoYears { content.append(integrated(p, layout: layout)) }
        return Layout.page(layout, content)
    }

    static func asqTable(_ r: ASQ3Result, monitoring: Bool) -> Markup {
        let rows = r.areas.map { a -> Markup in
            let cls = a.band == .belowCutoff ? "tag tag-red" : a.band == .monitoring ? "tag tag-amber" : a.band == .notScorable ? "tag tag-grey" : "tag tag-green"
            return tag("tr", [:],
                       tag("th", ["scope": "row"], text(a.area.label)),
                       tag("td", ["class": "num"], text(a.score.map(formatScore) ?? "—")),
                       tag("td", ["class": "num"], text(formatScore(a.cutoff))),
                       tag("td", [:], text(a.missing == 0 ? "" : "\(a.missing) missing" + (a.score == nil ? "" : " (adjusted)"))),
                       tag("td", [:], scoreBar(a)),
                       tag("td", [:], tag("span", ["class": cls], text(a.band.label))))
        }
        return tag("section", ["class": "panel", "aria-labelledby": "asq-title", "id": "asq"],
            tag("h2", ["id": "asq-title"], text("ASQ-3: \(r.interval) month questionnaire")),
            tag("p", [:], text(r.allFiveAtOrAbove ? "At or above the expected level in all five areas." : "Not at the expected level in every area.")),
            tag("table", ["class": "table"],
                tag("caption", ["class": "visually-hidden"], text("ASQ-3 area scores against cut-offs")),
                tag("thead", [:], tag("tr", [:], tag("th", ["scope": "col"], text("Area")), tag("th", ["scope": "col", "class": "num"], text("Score")),
                                            tag("th", ["scope": "col", "class": "num"], text("Cut-off")), tag("th", ["scope": "col"], text("Items")),
                                            tag("th", ["scope": "col"], text("Score out of 60")), tag("th", ["scope": "col"], text("Band")))),
                tag("tbody", [:], rows)),
            monitoring ? group([]) : tag("p", ["class": "hint"], text("Monitoring-zone thresholds (1 SD below the mean) were not found for these questionnaires, so scores at or above the cut-off show as on track.")))
    }

    /// A small bar: the score out of 60 with the cut-off marked, read with the numbers beside it.
    static func scoreBar(_ a: ASQAreaScore) -> Markup {
        let width = 120.0
        let x = { (v: Double) in String(Int((min(max(v, 0), 60) / 60 * width).rounded())) }
        let score = a.score ?? 0
        return tag("svg", ["width": "124", "height": "14", "viewBox": "0 0 124 14", "role": "img",
                           "aria-label": "Score \(a.score.map(formatScore) ?? "not scorable") of 60; cut-off \(formatScore(a.cutoff))"],
                   voidTag("rect", ["x": "0", "y": "3", "width": "120", "height": "8", "fill": "#e8edee"]),
                   voidTag("rect", ["x": "0", "y": "3", "width": x(score), "height": "8", "fill": a.band == .belowCutoff ? "#d5281b" : "#007f3b"]),
                   voidTag("rect", ["x": x(a.cutoff), "y": "0", "width": "2", "height": "14", "fill": "#212b32"]))
    }

    static let sections: [(key: String, title: String)] = [("setting", "Early years setting: EYFS progress check"), ("wellcomm", "WellComm language screen"),
                                                           ("outcome", "Outcome and agreed actions")]

    /// The integrated review: each section with its author, and a form for those who may write it.
    static func integrated(_ p: Page, layout: Layout.Context) -> Markup {
        var parts: [Markup] = [tag("h2", ["id": "integrated-title"], text("Integrated 2–2½ year review"))]
        for (key, title) in sections {
            let existing = p.sections.first { $0.section == key }
            let mayWrite = key == "setting" ? p.canWriteSetting : p.canWriteHealth
            var block: [Markup] = [tag("h3", [:], text(title))]
            if let e = existing {
                block.append(tag("p", ["class": "hint"], text("By \(e.authorName ?? "unknown") (\(Format.label(e.authorProfession, Profession.self))), \(Format.day(e.writtenOn))")))
                block.append(sectionSummary(key, e.values))
            } else {
                block.append(tag("p", [:], text("Not yet written.")))
            }
            if mayWrite {
                var values = existing?.values ?? [:]
                if let e = existing { values["version"] = String(e.version) }
                block.append(tag("details", [:], tag("summary", [:], text(existing == nil ? "Write this section" : "Change this section")),
                                 sectionForm(key, FormState(values: values), contactId: p.contact.id, csrf: layout.csrf)))
            }
            parts.append(tag("div", ["class": "section-block", "id": "section-\(key)"], block))
        }
        return tag("section", ["class": "panel", "aria-labelledby": "integrated-title", "id": "integrated"], parts)
    }

    static func sectionSummary(_ key: String, _ v: [String: String]) -> Markup {
        switch key {
        case "setting":
            return tag("ul", [:], EYFSPrimeArea.allCases.map { a in
                tag("li", [:], tag("strong", [:], text(a.label + ": ")), text(Format.label(v[a.rawValue], EYFSJudgement.self)))
            } + [tag("li", [:], text(v["settingComments"] ?? ""))])
        case "wellcomm":
            return tag("p", [:], text(Format.label(v["result"], WellCommResult.self) + (v["wellcommComments"].map { " — " + $0 } ?? "")))
        default:
            return tag("div", [:], tag("p", [:], tag("strong", [:], text("Outcome: ")), text(v["outcome"] ?? "")),
                       tag("p", [:], tag("strong", [:], text("Agreed actions: ")), text(v["actions"] ?? "")))
        }
    }

    static func sectionForm(_ key: String, _ f: FormState, contactId: Int64, csrf: String?) -> Markup {
        var fields: [Markup] = [f.hidden("version")]
        switch key {
        case "setting":
            fields += EYFSPrimeArea.allCases.map { f.vocabulary($0.rawValue, $0.label, EYFSJudgement.self) }
            fields.append(f.textarea("settingComments", "What the setting sees", rows: 3))
        case "wellcomm":
            fields.append(f.vocabulary("result", "WellComm result", WellCommResult.self))
            fields.append(f.textarea("wellcommComments", "Notes", rows: 3))
        default:
            fields.append(f.textarea("outcome", "Outcome", rows: 3))
            fields.append(f.textarea("actions", "Agreed actions (who does what by when)", rows: 4))
        }
        return tag("form", ["method": "post", "action": "/reviews/\(contactId)/sections/\(key)", "novalidate": ""],
                   [Layout.csrfField(csrf)] + fields + [FormState.submit("Save section")])
    }
}
