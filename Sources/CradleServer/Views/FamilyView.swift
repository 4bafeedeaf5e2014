import CradleCore

enum FamilyView {
    /// What the policy lets this reader do from the family's page.
    struct Offers {
        var rename = false, addMember = false, journey = false, earlyHelp = false
        /// Registering a parent's email for the family's own view, and answering the family's requests.
        var familyAccess = false, answerRequests = false
        var openMembers: Set<Int64> = []
    }

    static func render(_ family: FamilyRow, members: [PersonRow], offers: Offers, accounts: [FamilyAccountStore.Account],
                       requests: [FamilyRequestStore.Row], form: FormState, today: Day, layout: Layout.Context) -> String {
        Layout.page(layout,
            tag("h1", [:], text(family.name)),
            tag("div", ["class": "actions"], [
                offers.rename ? link("/families/\(family.id)/edit", "Rename", class: "button secondary") : nil,
                offers.addMember ? link("/families/\(family.id)/members/new", "Add a family member", class: "button secondary") : nil,
                offers.journey ? link("/families/\(family.id)/journey", "Our family journey and service level", class: "button secondary") : nil,
                offers.earlyHelp ? link("/families/\(family.id)/early-help", "Early help", class: "button secondary") : nil,
            ].compactMap { $0 }),
            tag("table", ["class": "table"],
                tag("thead", [:], tag("tr", [:], tag("th", ["scope": "col"], text("Name")), tag("th", ["scope": "col"], text("Relationship")),
                                      tag("th", ["scope": "col"], text("Age")), tag("th", ["scope": "col"], text("NHS number")))),
                tag("tbody", [:], members.map { m in
                    tag("tr", [:], tag("td", [:], offers.openMembers.contains(m.id) ? link("/people/\(m.id)", m.fullName) : text(m.fullName)),
                        tag("td", [:], text(Format.label(m.relationship, Relationship.self))),
                        tag("td", [:], text(Format.age(of: m, today: today))),
                        tag("td", [:], text(m.nhsFormatted ?? "—")))
                })),
            FamilyAccessViews.accessPanel(family.id, members: members, accounts: accounts, offer: offers.familyAccess, form: form.only("access"), csrf: layout.csrf),
            FamilyAccessViews.requestsPanel(requests, answer: offers.answerRequests, from: "family", form: form, csrf: layout.csrf))
    }
}
