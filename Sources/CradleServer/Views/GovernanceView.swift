import CradleCore

/// Information-governance pages: the agreements and what each authorises.
enum GovernanceView {
    static func nav() -> Markup {
        tag("nav", ["aria-label": "Information governance", "class": "subnav"],
            link("/governance", "Agreements"), text(" · "), link("/governance/break-glass", "Break-glass reviews"),
            text(" · "), link("/governance/denied", "Refused accesses"), text(" · "), link("/governance/audit", "Audit trail"))
    }

    static func agreements(_ rows: [(GovernanceStore.AgreementRow, [Int64])], organisations: [Directory.OrganisationOption],
                           layout: Layout.Context) -> String {
        let names = Dictionary(uniqueKeysWithValues: organisations.map { ($0.id, $0.name) })
        return Layout.page(layout,
            nav(),
            tag("h1", [:], text("Information-sharing agreements")),
            tag("p", ["class": "lead"], text("Every access across organisations needs a live (operational, in-date) agreement covering the parties, the purpose and the data. The access policy names the agreement it relied on.")),
            link("/governance/agreements/new", "Add an agreement", class: "button"),
            group(rows.map { (a, parties) in
                tag("section", ["class": "panel"],
                    tag("h2", [:], text(a.name), text(" "), tag("span", ["class": "hint"], text("(\(Format.label(a.status, AgreementStatus.self)))"))),
                    tag("dl", ["class": "summary"],
                        tag("dt", [:], text("Authorises")),
                        tag("dd", [:], text(a.purposes.split(separator: ",").map { Format.label(String($0), Purpose.self) }.joined(separator: ", ")
                                            + " — " + a.categories.split(separator: ",").map { Format.label(String($0), DataCategory.self) }.joined(separator: ", "))),
                        tag("dt", [:], text("Lawful basis")), tag("dd", [:], text(Format.label(a.lawfulBasis, LawfulBasis.self))),
                        tag("dt", [:], text("In force")), tag("dd", [:], text("\(Format.day(a.startDate)) to \(a.endDate.map { Format.day($0) } ?? "no end date"); review \(Format.day(a.reviewDate))")),
                        tag("dt", [:], text("Signed by")), tag("dd", [:], text([a.caldicottGuardian, a.siro, a.dpo].joined(separator: "; "))),
                        tag("dt", [:], text("Parties (\(parties.count))")), tag("dd", [:], text(parties.compactMap { names[$0] }.sorted().joined(separator: ", ")))),
                    link("/governance/agreements/\(a.id)/edit", "Change", class: "small"))
            }))
    }

    /// A group of checkboxes whose ticked values arrive as one comma-separated field.
    static func checks(_ form: FormState, _ name: String, _ legend: String, _ options: [(String, String)]) -> Markup {
        let chosen = Set(form[name].split(separator: ",").map(String.init))
        return tag("fieldset", ["class": form.errors[name] == nil ? "fieldset field" : "fieldset field field-error", "id": name],
                   tag("legend", [:], text(legend)),
                   form.errorMessage(name),
                   group(options.map { (value, label) in
                       tag("div", ["class": "checkbox"],
                           voidTag("input", ["type": "checkbox", "name": name, "value": value, "id": "\(name)-\(value)", "checked": flag(chosen.contains(value))]),
                           tag("label", ["for": "\(name)-\(value)"], text(label)))
                   }))
    }

    static func agreementForm(_ form: FormState, action: String, organisations: [Directory.OrganisationOption], layout: Layout.Context) -> String {
        return Layout.page(layout,
            tag("h1", [:], text("Information-sharing agreement")),
            form.errorSummary(),
            FormState.form(action: action, csrf: layout.csrf,
                form.hidden("version"),
                form.input("name", "Name", width: "30"),
                form.vocabulary("status", "Status", AgreementStatus.self),
                form.vocabulary("lawfulBasis", "Lawful basis", LawfulBasis.self),
                checks(form, "purposes", "Purposes", Purpose.allCases.filter { $0 != .signIn }.map { ($0.rawValue, $0.label) }),
                checks(form, "categories", "Data categories", DataCategory.allCases.map { ($0.rawValue, $0.label) }),
                checks(form, "parties", "Parties", organisations.map { (String($0.id), "\($0.name) (\(Format.label($0.kind, OrganisationKind.self)))") }),
                form.date("startDate", "Start date"),
                form.date("endDate", "End date"),
                form.date("reviewDate", "Review date"),
                form.input("caldicottGuardian", "Caldicott guardian", width: "30"),
                form.input("siro", "Senior information risk owner", width: "30"),
                form.input("dpo", "Data protection officer", width: "30"),
                FormState.submit("Save agreement")))
    }
}
