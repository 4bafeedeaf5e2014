import CradleCore

/// What practitioners see of a family's own access: who can sign in, when they last looked,
/// and what they asked for.
enum FamilyAccessViews {
    static func accessPanel(_ family: Int64, members: [PersonRow], accounts: [FamilyAccountStore.Account], offer: Bool,
                            form f: FormState, csrf: String?) -> Markup {
        let adults = members.filter { $0.kind == PersonKind.adult.rawValue }
        return tag("section", ["class": "panel", "aria-labelledby": "family-access-title", "id": "family-access"],
            tag("h2", ["id": "family-access-title"], text("The family's own access")),
            tag("p", [:], text("Parents and carers sign in with a link mailed to the address registered here, and see who is involved, reviews, who has looked and why, and their consent choices. Never notes.")),
            accounts.isEmpty ? tag("p", [:], text("Nobody in this family has access yet.")) :
            tag("table", ["class": "table"],
                tag("caption", ["class": "visually-hidden"], text("Family access")),
                tag("thead", [:], tag("tr", [:], ["Who", "Email", "Access", "Last looked at their record", ""].map { tag("th", ["scope": "col"], text($0)) })),
                tag("tbody", [:], accounts.map { row(family, $0, offer: offer, csrf: csrf) })),
            offer && !adults.isEmpty ? group([
                tag("h3", [:], text("Give a parent or carer access")),
                f.errorSummary(),
                FormState.form(action: "/families/\(family)/access", csrf: csrf,
                    f.select("personId", "Parent or carer", options: adults.map { (String($0.id), $0.fullName) }),
                    f.input("email", "Email address they gave you", type: "email", autocomplete: "off"),
                    FormState.submit("Give access")),
            ]) : group([]))
    }

    static func row(_ family: Int64, _ a: FamilyAccountStore.Account, offer: Bool, csrf: String?) -> Markup {
        let toggle = offer ? FormState.form(action: "/families/\(family)/access/\(a.id)/active", csrf: csrf,
                                            voidTag("input", ["type": "hidden", "name": "active", "value": a.active ? "off" : "on"]),
                                            tag("button", ["type": "submit", "class": "button-secondary"], text(a.active ? "Close access" : "Reopen access")))
                           : group([])
        return tag("tr", [:],
                   tag("td", [:], text("\(a.givenName) \(a.familyName)")), tag("td", [:], text(a.email)),
                   tag("td", [:], text(a.active ? "Open" : "Closed")),
                   tag("td", [:], text(a.lastViewedAt.map(Format.day) ?? "Not yet")),
                   tag("td", [:], toggle))
    }

    static func requestsPanel(_ requests: [FamilyRequestStore.Row], answer: Bool, from: String, form: FormState, csrf: String?) -> Markup {
        tag("section", ["class": "panel", "aria-labelledby": "family-requests-title", "id": "family-requests"],
            tag("h2", ["id": "family-requests-title"], text("Requests from the family")),
            requests.isEmpty ? tag("p", [:], text("No requests.")) : group(requests.map { item(from: from, $0, answer: answer, form: form, csrf: csrf) }))
    }

    static func item(from: String, _ r: FamilyRequestStore.Row, answer: Bool, form: FormState, csrf: String?) -> Markup {
        let f = form.only("answer-\(r.id)")
        return tag("div", ["class": "section-block"],
            tag("p", [:], tag("strong", [:], text(r.kindLabel)), text(" — \(r.familyName)" + (r.personName.map { ", about \($0)" } ?? "")
                                                                     + ", sent \(Format.day(r.createdAt)) by \(r.askedBy)")),
            tag("p", ["class": "prewrap"], text(r.body)),
            tag("p", [:], tag("span", ["class": r.isOpen ? "tag tag-amber" : "tag tag-green"], text(r.statusLabel)),
                text(r.response.map { " \($0)" } ?? "")),
            r.isOpen && answer ? group([
                f.errorSummary(idSuffix: "-\(r.id)"),
                FormState.form(action: "/family-requests/\(r.id)", csrf: csrf,
                    voidTag("input", ["type": "hidden", "name": "from", "value": from]),
                    f.select("status", "Outcome", options: [FamilyRequestStatus.done, .declined].map { ($0.rawValue, $0.label) }),
                    f.textarea("response", "What you tell the family", rows: 2),
                    FormState.submit("Send the answer")).suffixingIds("-\(r.id)"),
            ]) : group([]))
    }

    static func queue(_ open: [FamilyRequestStore.Row], form: FormState, layout: Layout.Context) -> String {
        Layout.page(layout,
            tag("h1", [:], text("Families' requests")),
            tag("p", [:], text("Corrections and review changes families asked for from their own record, oldest first.")),
            open.isEmpty ? tag("p", [:], text("No requests are waiting.")) :
                group(open.map { item(from: "queue", $0, answer: true, form: form, csrf: layout.csrf) }))
    }
}
