import CradleCore

/// The child record: demographics and family, the Services involved panel, a 12-month
/// chronology across services, and case notes.
enum ChildRecordView {
    /// What the policy lets this reader do from the record: each link and button is offered
    /// only when the action it leads to would be allowed.
    struct Offers {
        var editDetails = false
        var addContact = false
        var addService = false
        var addNote = false
        var consent = false
        var requestEarlyHelp = false
        var familyEarlyHelp = false
        var family = false
        var recordReview = false
        var viewReview = false
        var change: (InvolvementRow) -> Bool = { _ in false }
        var editNote: (NoteRow) -> Bool = { _ in false }
        /// Family members whose records this reader may open.
        var openMembers: Set<Int64> = []
    }

    static func render(_ r: ChildRecord, today: Day, layout: Layout.Context, why: String, offers: Offers = Offers()) -> String {
        let p = r.person
        let current = r.addresses.first { $0.toDate == nil }
        return Layout.page(layout,
            tag("p", ["class": "breadcrumb"], link("/search", "Find a child"), text(" › "), text(p.fullName)),
            tag("div", ["class": "record-heading"],
                tag("h1", [:], text(p.fullName)),
                tag("p", ["class": "banner"],
                    tag("span", [:], tag("strong", [:], text("NHS number ")), text(p.nhsFormatted ?? "Not known")),
                    tag("span", [:], tag("strong", [:], text(p.isUnborn ? "Due " : "Born ")), text(Format.day(p.isUnborn ? p.expectedDeliveryDate : p.dateOfBirth))),
                    tag("span", [:], tag("strong", [:], text("Age ")), text(Format.age(of: p, today: today))),
                    tag("span", [:], tag("strong", [:], text("Sex ")), text(Format.label(p.sex, Sex.self))),
                    tag("span", [:], tag("strong", [:], text("Postcode ")), text(current?.postcode ?? "—"))),
                tag("p", ["class": "why"], text("Why can I see this? \(why)"))),
            tag("div", ["class": "actions"], [
                offers.editDetails ? link("/people/\(p.id)/edit", "Edit details", class: "button secondary") : nil,
                offers.addContact ? link("/people/\(p.id)/contacts/new", "Add a contact", class: "button secondary") : nil,
                offers.addService ? link("/people/\(p.id)/involvements/new", "Add a service", class: "button secondary") : nil,
                offers.addNote ? link("/people/\(p.id)/notes/new", "Add a note", class: "button secondary") : nil,
                offers.consent ? link("/people/\(p.id)/consents", "Consent", class: "button secondary") : nil,
                offers.requestEarlyHelp ? link("/early-help/requests/new?person=\(p.id)", "Request early help", class: "button secondary") : nil,
                offers.familyEarlyHelp ? p.familyId.map { link("/families/\($0)/early-help", "Family's early help", class: "button secondary") } : nil,
            ].compactMap { $0 }),
            servicesPanel(r, change: offers.change),
            HealthyChildViews.schedulePanel(r, record: offers.recordReview, view: offers.viewReview),
            tag("div", ["class": "two-col"],
                details(r, current: current, hideForm: offers.editDetails && current != nil, csrf: layout.csrf),
                familyPanel(r, today: today, offers: offers)),
            chronology(r),
            notes(r, edit: offers.editNote)
        )
    }

    static func servicesPanel(_ r: ChildRecord, change: (InvolvementRow) -> Bool) -> Markup {
        let rows = r.services.map { s -> Markup in
            let i = s.involvement
            let c = s.counts
            return tag("tr", ["class": i.endDate == nil ? nil : "ended"],
                       tag("th", ["scope": "row"], text(i.serviceName), tag("div", ["class": "hint"], text(i.organisationName))),
                       tag("td", [:], text(i.leadName ?? "—"), tag("div", ["class": "hint"], text(Format.label(i.leadProfession, Profession.self)))),
                       tag("td", [:], text(Format.day(i.startDate) + (i.endDate.map { " to " + Format.day($0) } ?? " – now"))),
                       tag("td", ["class": "num", "data-label": "Contacts"], text(String(c?.total ?? 0))),
                       tag("td", ["class": "num", "data-label": "Attended"], text(String(c?.attended ?? 0))),
                       tag("td", ["class": "num", "data-label": "Missed"], text(String(c?.missed ?? 0))),
                       tag("td", ["class": "num", "data-label": "Booked"], text(String(c?.booked ?? 0))),
                       tag("td", [:], text(i.personId == nil ? "Family" : "Child"), text(" "),
                           change(i) ? link("/involvements/\(i.id)/edit", "Change", class: "small") : group([])))
        }
        let open = r.services.filter { $0.involvement.endDate == nil }.count
        return tag("section", ["class": "panel services", "aria-labelledby": "services-title", "id": "services"],
                   tag("h2", ["id": "services-title"], text("Services involved (\(open) current)")),
                   r.services.isEmpty ? tag("p", [:], text("No services are recorded as involved.")) :
                   tag("table", ["class": "table"],
                       tag("caption", ["class": "visually-hidden"], text("Services involved with this child and family, with contact counts for this child")),
                       tag("thead", [:], tag("tr", [:],
                           tag("th", ["scope": "col"], text("Service")), tag("th", ["scope": "col"], text("Lead")),
                           tag("th", ["scope": "col"], text("Dates")), tag("th", ["scope": "col", "class": "num"], text("Contacts")),
                           tag("th", ["scope": "col", "class": "num"], text("Attended")), tag("th", ["scope": "col", "class": "num"], text("Missed")),
                           tag("th", ["scope": "col", "class": "num"], text("Booked")), tag("th", ["scope": "col"], text("With")))),
                       tag("tbody", [:], rows)))
    }

    static func details(_ r: ChildRecord, current: AddressRow?, hideForm: Bool, csrf: String?) -> Markup {
        let hidden = (r.familyAccess.addressHidden ?? 0) == 1
        let p = r.person
        func row(_ k: String, _ v: String) -> Markup { group([tag("dt", [:], text(k)), tag("dd", [:], text(v))]) }
        return tag("section", ["class": "panel", "aria-labelledby": "details-title"],
                   tag("h2", ["id": "details-title"], text("Details")),
                   tag("dl", ["class": "summary"],
                       row("Given name", p.givenName), row("Family name", p.familyName),
                       row("Date of birth", Format.day(p.dateOfBirth)), row("Expected date of delivery", Format.day(p.expectedDeliveryDate)),
                       row("Gestation at birth", p.gestationWeeks.map { "\($0) weeks" } ?? "—"),
                       row("Birth weight", p.birthWeightGrams.map { "\($0) g" } ?? "—"),
                       row("GP practice", p.gpPractice.map { code in p.gpPracticeName.map { "\($0) (\(code))" } ?? code } ?? "—"),
                       row("Address", current.map { [$0.line, $0.postcode].compactMap { $0 }.joined(separator: ", ") } ?? "—"),
                       row("Previous addresses", String(r.addresses.filter { $0.toDate != nil }.count)),
                       hidden ? row("Address safety", "Hidden from the rest of the family when they sign in") : group([])),
                   hideForm ? FormState.form(action: "/people/\(p.id)/address-safety", csrf: csrf,
                       voidTag("input", ["type": "hidden", "name": "hidden", "value": hidden ? "off" : "on"]),
                       tag("button", ["type": "submit", "class": "button-secondary"],
                           text(hidden ? "Show this address to the family again" : "Hide this address from the rest of the family (safety)"))) : group([]))
    }

    /// When the family last looked at their own record, and their requests waiting.
    static func familyAccess(_ r: ChildRecord, offers: Offers) -> Markup {
        let a = r.familyAccess
        guard a.accounts > 0 || a.openRequests > 0 else { return group([]) }
        let seen = a.lastViewed.map { "The family last looked at their record on \(Format.day($0))." }
            ?? "The family has access but has not looked at their record yet."
        let waiting = a.openRequests == 0 ? "" : " \(a.openRequests) request\(a.openRequests == 1 ? "" : "s") from the family waiting."
        return tag("p", ["class": "family-access"], text(seen + waiting), text(" "),
                   offers.family && a.openRequests > 0 ? r.person.familyId.map { link("/families/\($0)#family-requests", "See them", class: "small") } ?? group([]) : group([]))
    }

    static func familyPanel(_ r: ChildRecord, today: Day, offers: Offers) -> Markup {
        let items = r.family.filter { $0.id != r.person.id }.map { m -> Markup in
            tag("li", [:], offers.openMembers.contains(m.id) ? link("/people/\(m.id)", m.fullName) : text(m.fullName),
                text(" — \(Format.label(m.relationship, Relationship.self)), \(Format.age(of: m, today: today))"))
        }
        return tag("section", ["class": "panel", "aria-labelledby": "family-title"],
                   tag("h2", ["id": "family-title"], text(r.person.familyLabel ?? "Family")),
                   items.isEmpty ? tag("p", [:], text("No other family members recorded.")) : tag("ul", ["class": "plain"], items),
                   familyAccess(r, offers: offers),
                   offers.family ? r.person.familyId.map { link("/families/\($0)", "View family", class: "small") } ?? group([]) : group([]))
    }

    static func chronology(_ r: ChildRecord) -> Markup {
        tag("section", ["class": "panel", "aria-labelledby": "chrono-title", "id": "chronology"],
            tag("h2", ["id": "chrono-title"], text("Chronology — last 12 months")),
            r.chronology.isEmpty ? tag("p", [:], text("Nothing recorded in the last 12 months.")) :
            tag("ol", ["class": "timeline"], r.chronology.map { e in
                tag("li", [:],
                    tag("time", ["datetime": e.date], text(Format.day(e.date))),
                    tag("span", ["class": "service-tag"], text(e.service)),
                    tag("div", [:], tag("strong", [:], text(e.title)),
                        e.detail.isEmpty ? group([]) : tag("span", ["class": "hint"], text(" — " + e.detail))))
            }))
    }

    static func notes(_ r: ChildRecord, edit: (NoteRow) -> Bool) -> Markup {
        tag("section", ["class": "panel", "aria-labelledby": "notes-title", "id": "notes"],
            tag("h2", ["id": "notes-title"], text("Case notes")),
            r.notes.isEmpty ? tag("p", [:], text("No case notes.")) :
            group(r.notes.map { n in
                tag("article", ["class": "note"],
                    tag("p", ["class": "hint"],
                        text("\(Format.day(n.writtenOn)) · \(n.authorName) (\(Format.label(n.authorProfession, Profession.self))) · Visible to: \(Format.label(n.visibility, NoteVisibility.self)) "),
                        edit(n) ? link("/notes/\(n.id)/edit", "Edit", class: "small") : group([])),
                    tag("p", [:], text(n.body)))
            }))
    }
}
