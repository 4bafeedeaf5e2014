import CradleCore

enum ConsentView {
    static func recipients(_ h: GovernanceStore.ConsentRow, _ names: [Int64: String]) -> String {
        let kinds = h.recipientKinds.split(separator: ",").map { Format.label(String($0), OrganisationKind.self) }
        let orgs = h.recipientOrganisations.split(separator: ",").compactMap { Int64($0) }.map { names[$0] ?? "organisation \($0)" }
        let all = kinds + orgs
        return all.isEmpty ? "any recipient the purpose implies" : all.joined(separator: ", ")
    }

    /// `mayRecord`: whether the policy lets this reader record a decision (the form shows only then).
    static func render(_ p: PersonRow, history: [GovernanceStore.ConsentRow], form: FormState, organisations: [Directory.OrganisationOption],
                       mayRecord: Bool = true, today: Day, layout: Layout.Context) -> String {
        let names = Dictionary(uniqueKeysWithValues: organisations.map { ($0.id, $0.name) })
        let current = GovernanceStore.latest(history)
        return Layout.page(layout,
            tag("p", ["class": "breadcrumb"], link("/people/\(p.id)", p.fullName), text(" › Consent")),
            tag("h1", [:], text("Consent for \(p.fullName)")),
            tag("section", ["class": "panel", "aria-labelledby": "current-title"],
                tag("h2", ["id": "current-title"], text("In force now")),
                tag("table", ["class": "table"],
                    tag("thead", [:], tag("tr", [:], tag("th", ["scope": "col"], text("Purpose")), tag("th", ["scope": "col"], text("Decision")),
                                          tag("th", ["scope": "col"], text("Since")))),
                    tag("tbody", [:], ConsentPurpose.allCases.map { purpose in
                        let c = current.first { $0.purpose == purpose }
                        return tag("tr", [:], tag("th", ["scope": "row"], text(purpose.label)),
                                   tag("td", [:], text(c.map { $0.label(on: today) } ?? "Not asked")),
                                   tag("td", [:], text(c.map { $0.givenOn.display } ?? "—")))
                    }))),
            !mayRecord ? group([]) : tag("section", ["class": "panel", "aria-labelledby": "record-title"],
                tag("h2", ["id": "record-title"], text("Record a decision")),
                tag("p", ["class": "hint"], text("Withdrawal takes effect at once for every later list and access that relied on the consent.")),
                form.errorSummary(),
                FormState.form(action: "/people/\(p.id)/consents", csrf: layout.csrf,
                    form.vocabulary("purpose", "Purpose", ConsentPurpose.self),
                    form.vocabulary("status", "Decision", ConsentStatus.self),
                    form.input("givenBy", "Who decided", hint: "A parent with parental responsibility, or the young person", width: "30"),
                    form.date("date", "Date"),
                    form.date("expires", "Expires (optional)"),
                    form.vocabulary("method", "How", ConsentMethod.self),
                    GovernanceView.checks(form, "recipientKinds", "Recipients: kinds of organisation (none ticked means any the purpose implies)",
                                          OrganisationKind.allCases.map { ($0.rawValue, $0.label) }),
                    tag("div", ["class": "field"],
                        tag("label", ["for": "recipientOrganisations"], text("Recipients: named organisations (optional)")),
                        tag("select", ["id": "recipientOrganisations", "name": "recipientOrganisations", "multiple": "", "size": "6", "class": "input"],
                            organisations.map { o in tag("option", ["value": String(o.id)], text(o.name)) })),
                    FormState.submit("Record decision"))),
            tag("section", ["class": "panel", "aria-labelledby": "history-title"],
                tag("h2", ["id": "history-title"], text("History")),
                history.isEmpty ? tag("p", [:], text("No consent decisions recorded.")) :
                tag("ul", ["class": "plain"], history.map { h in
                    tag("li", [:], text("\(Format.day(h.givenOn)): \(Format.label(h.status, ConsentStatus.self)) — \(Format.label(h.purpose, ConsentPurpose.self)) — by \(h.givenBy), \(Format.label(h.method, ConsentMethod.self)); to: \(recipients(h, names)); recorded by \(h.recorderName ?? "—")"))
                })))
    }
}
