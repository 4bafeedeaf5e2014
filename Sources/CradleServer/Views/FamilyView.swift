import CradleCore

enum FamilyView {
    static func render(_ family: FamilyRow, members: [PersonRow], today: Day, layout: Layout.Context) -> String {
        Layout.page(layout,
            tag("h1", [:], text(family.name)),
            tag("div", ["class": "actions"],
                link("/families/\(family.id)/edit", "Rename", class: "button secondary"),
                link("/families/\(family.id)/members/new", "Add a family member", class: "button secondary"),
                link("/families/\(family.id)/journey", "Our family journey and service level", class: "button secondary"),
                link("/families/\(family.id)/early-help", "Early help", class: "button secondary")),
            tag("table", ["class": "table"],
                tag("thead", [:], tag("tr", [:], tag("th", ["scope": "col"], text("Name")), tag("th", ["scope": "col"], text("Relationship")),
                                      tag("th", ["scope": "col"], text("Age")), tag("th", ["scope": "col"], text("NHS number")))),
                tag("tbody", [:], members.map { m in
                    tag("tr", [:], tag("td", [:], link("/people/\(m.id)", m.fullName)),
                        tag("td", [:], text(Format.label(m.relationship, Relationship.self))),
                        tag("td", [:], text(Format.age(of: m, today: today))),
                        tag("td", [:], text(m.nhsFormatted ?? "—")))
                })))
    }
}
