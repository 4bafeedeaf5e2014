import CradleCore

enum AdminView {
    static func render(_ rows: [AccountStore.Row], organisations: [Directory.OrganisationOption], form: FormState,
                       setupLink: (username: String, url: String)?, now: Double, layout: Layout.Context) -> String {
        Layout.page(layout,
            tag("h1", [:], text("Accounts")),
            tag("p", ["class": "lead"], text("Administrators add and deactivate practitioners. They cannot open children's records, and never choose or see a practitioner's password.")),
            setupLink.map { l in
                tag("div", ["class": "notice", "role": "status"],
                    tag("p", [:], text("Account \(l.username) added. Give this set-up link to them alone; it works once, for \(Int(AccountSetup.lifetime / 3600)) hours, and lets them choose their own password:")),
                    tag("code", ["class": "token", "id": "setup-link"], text(l.url)))
            } ?? group([]),
            form.errorSummary(),
            tag("section", ["class": "panel", "aria-labelledby": "add-title"],
                tag("h2", ["id": "add-title"], text("Add a practitioner")),
                FormState.form(action: "/admin/accounts", csrf: layout.csrf,
                    form.input("displayName", "Name", width: "20"),
                    form.input("username", "Username", width: "20"),
                    form.vocabulary("profession", "Profession", Profession.self),
                    form.select("organisationId", "Organisation", options: organisations.map { (String($0.id), $0.name) }),
                    FormState.submit("Add practitioner"))),
            tag("table", ["class": "table"],
                tag("thead", [:], tag("tr", [:], tag("th", ["scope": "col"], text("Name")), tag("th", ["scope": "col"], text("Username")),
                    tag("th", ["scope": "col"], text("Profession")), tag("th", ["scope": "col"], text("Organisation")), tag("th", ["scope": "col"], text("State")))),
                tag("tbody", [:], rows.map { r in
                    let locked = (r.lockedUntil ?? 0) > now
                    return tag("tr", [:], tag("td", [:], text(r.displayName)), tag("td", [:], text(r.username)),
                        tag("td", [:], text(Format.label(r.profession, Profession.self))), tag("td", [:], text(r.organisationName)),
                        tag("td", [:],
                            tag("form", ["method": "post", "action": "/admin/accounts/\(r.id)/active", "class": "inline"],
                                Layout.csrfField(layout.csrf),
                                voidTag("input", ["type": "hidden", "name": "active", "value": r.active ? "false" : "true"]),
                                tag("button", ["type": "submit", "class": "button secondary"], text(r.active ? "Deactivate \(r.username)" : "Reactivate \(r.username)"))),
                            locked ? tag("form", ["method": "post", "action": "/admin/accounts/\(r.id)/unlock", "class": "inline"],
                                         Layout.csrfField(layout.csrf),
                                         tag("button", ["type": "submit", "class": "button"], text("Unlock \(r.username)"))) : group([])))
                })))
    }
}
