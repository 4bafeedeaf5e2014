import CradleCore

enum AuditView {
    static func personAccess(_ p: PersonRow, entries: [AuditEntry], names: [Int64: String], layout: Layout.Context) -> String {
        list(title: "Who accessed \(p.fullName)'s record",
             intro: "Every view, search result and change is recorded, with the reason the access policy gave. The log cannot be edited: each entry is chained to the one before.",
             entries: entries, names: names, layout: layout)
    }

    static func list(title: String, intro: String, entries: [AuditEntry], names: [Int64: String], layout: Layout.Context) -> String {
        Layout.page(layout,
            GovernanceView.nav(),
            tag("h1", [:], text(title)),
            tag("p", ["class": "lead"], text(intro)),
            entries.isEmpty ? tag("p", [:], text("No recorded access.")) :
            tag("table", ["class": "table"],
                tag("thead", [:], tag("tr", [:],
                    tag("th", ["scope": "col"], text("When")), tag("th", ["scope": "col"], text("Who")),
                    tag("th", ["scope": "col"], text("What")), tag("th", ["scope": "col"], text("Decision")),
                    tag("th", ["scope": "col"], text("Reason")))),
                tag("tbody", [:], entries.map { e in
                    tag("tr", ["class": e.decision == "allow" ? nil : "denied"],
                        tag("td", [:], text(String(e.at.prefix(19)).replacingOccurrences(of: "T", with: " "))),
                        tag("td", [:], e.actorId.map { id in link("/governance/users/\(id)", names[id] ?? "Practitioner \(id)") } ?? text("Not signed in"),
                            tag("div", ["class": "hint"], text(Format.label(e.actorProfession, Profession.self)))),
                        tag("td", [:], text("\(e.action) \(e.category.replacingOccurrences(of: "_", with: " "))"),
                            tag("div", ["class": "hint"], text(e.path)),
                            e.personId.map { tag("div", ["class": "hint"], link("/people/\($0)/access", "Person \($0)")) } ?? group([])),
                        tag("td", [:], text(e.decision == "allow" ? "Allowed" : e.decision == "deny" ? "Refused" : "Break-glass")),
                        tag("td", [:], text(e.reason)))
                })))
    }
}
