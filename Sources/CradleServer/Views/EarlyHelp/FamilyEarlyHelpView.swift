import CradleCore

/// A family's early help summary, and the programme catalogue.
enum FamilyEarlyHelpView {
    static func render(family: FamilyRow, members: [PersonRow], levels: [RequestStore.LevelRow], requests: [RequestStore.RequestRow],
                       plans: [PlanStore.PlanRow], offers: [ProgrammeStore.OfferRow], fnp: FNPEligibility?, practitioners: [PractitionerOption],
                       continuum: NeedContinuum, mayOpenFamily: Bool, mayOffer: Bool = true, form f: FormState, why: String, today: Day, layout: Layout.Context) -> String {
        let current = levels.first.map { continuum.label($0.level) } ?? "Not assessed"
        return Layout.page(layout,
            tag("p", ["class": "breadcrumb"], link(if: mayOpenFamily, "/families/\(family.id)", family.name), text(" › Early help")),
            tag("h1", [:], text("Early help: \(family.name)")),
            tag("p", [:], text("Level of need: \(current)")),
            tag("p", ["class": "why"], text("Why can I see this? \(why)")),
            f.errorSummary(),
            tag("section", ["class": "panel", "aria-labelledby": "plans-title"],
                tag("h2", ["id": "plans-title"], text("Team around the family")),
                plans.isEmpty ? tag("p", [:], text("No plan.")) : tag("ul", [:], plans.map { p in
                    tag("li", [:], link("/plans/\(p.id)", "Plan from \(Format.day(p.startedOn))"),
                        text(" — lead \(p.leadName); \(p.isOpen ? "open, next review \(Format.day(p.nextReview))" : "closed: \(Format.label(p.closure, PlanClosure.self))")"))
                }),
                !practitioners.isEmpty && !plans.contains(where: \.isOpen)
                    ? tag("details", [:], tag("summary", [:], text("Start a team around the family")),
                          FormState.form(action: "/families/\(family.id)/plans", csrf: layout.csrf,
                              f.select("leadId", "Lead professional", options: PractitionerOption.choices(practitioners)),
                              FormState.submit("Start plan")))
                    : group([])),
            tag("section", ["class": "panel", "aria-labelledby": "requests-title"],
                tag("h2", ["id": "requests-title"], text("Requests for support")),
                requests.isEmpty ? tag("p", [:], text("None.")) : tag("ul", [:], requests.map { r in
                    tag("li", [:], link("/early-help/requests/\(r.id)", "Request \(r.id)"),
                        text(" — \(LocalTime(r.receivedAt)?.display ?? r.receivedAt), \(r.requestStatus.label)"))
                })),
            levels.isEmpty ? group([]) : RequestViews.levelHistory(levels, continuum),
            tag("section", ["class": "panel", "id": "programmes", "aria-labelledby": "prog-title"],
                tag("h2", ["id": "prog-title"], text("Evidence-based programmes")),
                fnp.map { e in tag("p", [:], tag("strong", [:], text("Family Nurse Partnership: " + (e.eligible ? "eligible. " : "not eligible. "))),
                                    text(e.reasons.joined(separator: "; "))) } ?? group([]),
                offers.isEmpty ? tag("p", [:], text("No programme offered.")) :
                tag("table", ["class": "table"],
                    tag("caption", ["class": "visually-hidden"], text("Programme offers")),
                    tag("thead", [:], tag("tr", [:], ["Programme", "Offered", "Status", "Outcome", "Next step"].map { tag("th", ["scope": "col"], text($0)) })),
                    tag("tbody", [:], offers.map { o in
                        let status = OfferStatus(rawValue: o.status) ?? .declined
                        let next = OfferStatus.allCases.filter { status.canMove(to: $0) }
                        return tag("tr", [:], tag("td", [:], text(o.programmeName),
                                                  o.outsideCriteria.map { tag("div", ["class": "hint"], text("Offered outside its criteria: \($0)")) } ?? group([])),
                            tag("td", [:], text("\(Format.day(o.offeredOn)) by \(o.offeredByName ?? "")")),
                            tag("td", [:], text(status.label + (o.enrolledOn.map { ", enrolled \(Format.day($0))" } ?? "") + (o.endedOn.map { ", ended \(Format.day($0))" } ?? ""))),
                            tag("td", [:], text([o.outcome, o.note].compactMap { $0 }.joined(separator: ". "))),
                            tag("td", [:], next.isEmpty || !mayOffer ? text("") : FormState.form(action: "/families/\(family.id)/programmes/\(o.id)", csrf: layout.csrf,
                                voidTag("input", ["type": "hidden", "name": "version", "value": String(o.version)]),
                                PanelViews.scoped(FormState().select("status", "Move to", options: next.map { ($0.rawValue, $0.label) }), o.id),
                                next.contains(.completed) ? group([
                                    PanelViews.scoped(FormState().input("measure", "Outcome measure (on completion)", hint: "For example: SDQ total difficulties"), o.id),
                                    PanelViews.scoped(FormState().input("baseline", "Score at the start", width: "5"), o.id),
                                    PanelViews.scoped(FormState().input("final", "Score at the end", width: "5"), o.id)]) : group([]),
                                PanelViews.scoped(FormState().input("note", "Note (optional)"), o.id),
                                tag("button", ["type": "submit", "class": "button-secondary small"], text("Save")))))
                    })),
                !mayOffer ? group([]) : FormState.form(action: "/families/\(family.id)/programmes", csrf: layout.csrf,
                    f.select("programme", "Offer a programme", options: Programme.catalogue.map { p in
                        (p.code, "\(p.name) (\(p.rating.label))" + (p.code == "fnp" && fnp?.eligible != true ? " — the family does not meet its criteria" : ""))
                    }),
                    f.textarea("outsideCriteria", "Reason, if the family does not meet the programme's criteria", rows: 2),
                    FormState.submit("Record offer"))))
    }

    static func catalogue(frontDoor: Bool, layout: Layout.Context) -> String {
        Layout.page(layout,
            frontDoor ? EarlyHelpNav.bar("programmes") : group([]),
            tag("h1", [:], text("Evidence-based programmes")),
            tag("p", [:], text("EIF (now Foundations) Guidebook ratings: level 3 or higher is evidence-based.")),
            tag("table", ["class": "table"],
                tag("caption", ["class": "visually-hidden"], text("Programme catalogue")),
                tag("thead", [:], tag("tr", [:], ["Programme", "EIF rating", "Ages", "Eligibility", "Source"].map { tag("th", ["scope": "col"], text($0)) })),
                tag("tbody", [:], Programme.catalogue.map { p in
                    tag("tr", [:], tag("th", ["scope": "row"], text(p.name)),
                        tag("td", [:], text(p.rating.label + (p.rating.evidenceBased ? " — evidence-based" : ""))),
                        tag("td", [:], text(ages(p))), tag("td", [:], text(p.eligibility)), tag("td", [:], text(p.source)))
                })))
    }

    static func ages(_ p: Programme) -> String {
        func m(_ v: Int) -> String { v < 0 ? "pregnancy" : v < 24 ? "\(v) months" : "\(v / 12) years" }
        return "\(m(p.fromMonths)) to \(m(p.toMonths))"
    }
}
