import CradleCore

/// The centre's page and a family's welcome card.
enum CentreViews {
    static func page(_ centre: BirthListStore.Centre, list: BirthList, registered: [Int64: String], activities: [CentreStore.ActivityRow],
                     notices: [BirthListStore.Notice], followUps: [FollowUpStore.Row], staff: [FollowUpStore.Staff], form f: FormState, today: Day, layout: Layout.Context) -> String {
        let previous = Period(containing: list.period.first - 1)
        let next = Period(containing: list.period.last + 1)
        return Layout.page(layout,
            tag("h1", [:], text(centre.name)),
            tag("p", ["class": "lead"], text("New births in your reach area whose families agreed to share their details with children's centres.")),
            ["activities", "details"].contains(f.submitted ?? "") ? group([]) : f.errorSummary(),
            centre.details == nil ? tag("p", ["class": "warning-panel"], text("Add your address, phone and opening times below: every welcome card prints them."), text(" "),
                                        link("#details", "Your centre's details")) : group([]),
            notices.isEmpty ? group([]) : tag("section", ["class": "panel", "aria-labelledby": "notices-title", "role": "alert"],
                tag("h2", ["id": "notices-title"], text("Erase these lists")),
                tag("ul", ["class": "plain"], notices.map { n in
                    tag("li", [:], text("A family on your list for \(Period(n.period).map(Format.month) ?? n.period) withdrew their consent on \(Format.day(n.createdAt)). Delete every copy of that month's list you hold. "),
                        tag("form", ["method": "post", "action": "/centres/\(centre.id)/notices/\(n.id)/done", "class": "inline"], Layout.csrfField(layout.csrf),
                            tag("button", ["type": "submit", "class": "button-secondary", "aria-label": "Copies of the \(n.period) list deleted"], text("Deleted"))))
                })),
            tag("section", ["class": "panel", "aria-labelledby": "list-title", "id": "list"],
                tag("h2", ["id": "list-title"], text("Born in \(Format.month(list.period))")),
                tag("p", [:], text("\(list.entries.count) families on your list, of \(list.birthsInArea) births in your reach area. "),
                    link("/centres/\(centre.id)?month=\(previous)", "Earlier month"),
                    next.first <= today ? group([text(" · "), link("/centres/\(centre.id)?month=\(next)", "Later month")]) : group([])),
                list.entries.isEmpty ? tag("p", [:], text("Nobody on the list for this month.")) :
                SourceViews.table("New births on your list", ["Child", "Born", "Postcode", "Parent", "Registration"], list.entries.map { e in
                    tag("tr", [:], tag("th", ["scope": "row"], text("\(e.givenName) \(e.familyName)")),
                        tag("td", [:], text(e.dateOfBirth.display)), tag("td", [:], text(e.postcode)), tag("td", [:], text(e.parentName ?? "")),
                        tag("td", [:], registered[e.personId].map { on in
                            group([RequestViews.toneTag("ok", "Registered \(Format.day(on))"), text(" "),
                                   link("/centres/\(centre.id)/welcome/\(e.personId)?month=\(list.period)", "Welcome card")])
                        } ?? registerForm(centre, e, period: list.period, csrf: layout.csrf)))
                })),
            tag("section", ["class": "panel", "aria-labelledby": "expected-title", "id": "expected"],
                tag("h2", ["id": "expected-title"], text("Expecting a baby (booked in \(Format.month(list.period)))")),
                tag("p", ["class": "hint"], text("Families who agreed at their antenatal booking to hear from children's centres before the birth.")),
                list.expected.isEmpty ? tag("p", [:], text("No bookings shared with you this month.")) :
                SourceViews.table("Babies expected", ["Mother", "Due", "Postcode", "Address"], list.expected.map { e in
                    tag("tr", [:], tag("th", ["scope": "row"], text(e.motherName)), tag("td", [:], text(e.due.display)),
                        tag("td", [:], text(e.postcode)), tag("td", [:], text(e.addressLine ?? "")))
                })),
            tag("section", ["class": "panel", "aria-labelledby": "follow-title", "id": "follow-ups"],
                tag("h2", ["id": "follow-title"], text("Follow-ups (\(followUps.filter { $0.closedOn == nil }.count) open)")),
                tag("p", ["class": "hint"], text("Missed immunisations and reviews health passed to you, for families who consented, under an agreement.")),
                followUps.isEmpty ? tag("p", [:], text("None.")) :
                SourceViews.table("Follow-ups, open first", ["Child", "Why", "Due", "Outcome"], followUps.map { u in
                    tag("tr", [:], tag("th", ["scope": "row"], text(u.childName)), tag("td", [:], text(Format.label(u.reason, FollowUpReason.self))),
                        tag("td", [:], u.closedOn == nil && u.dueDate < today.iso ? RequestViews.toneTag("late", "Overdue since \(Format.day(u.dueDate))") : text(Format.day(u.dueDate))),
                        tag("td", [:], u.closedOn.map { on in text("\(u.outcome ?? "") — \(u.ownerName ?? ""), \(Format.day(on))") }
                            ?? tag("form", ["method": "post", "action": "/centres/\(centre.id)/follow-ups/\(u.id)"],
                                   Layout.csrfField(layout.csrf),
                                   f.select("ownerId", "Followed up by", options: staff.map { (String($0.id), $0.displayName) }),
                                   f.input("outcome", "Outcome"),
                                   tag("button", ["type": "submit", "class": "button-secondary"], text("Close"))).suffixingIds("-\(u.id)")))
                })),
            tag("section", ["class": "panel", "aria-labelledby": "activities-title", "id": "activities"],
                tag("h2", ["id": "activities-title"], text("Activities on your welcome cards")),
                activities.isEmpty ? tag("p", [:], text("None yet: add what new families can come to.")) :
                tag("ul", ["class": "plain"], activities.map { a in
                    tag("li", [:], tag("strong", [:], text(a.title)), text(" — \(a.whenText), \(a.place). \(a.description) \(a.details.cost); \(a.details.agesLabel.lowercased()). "),
                        link("/centres/\(centre.id)/activities/\(a.id)", "Change", class: "no-print"))
                }),
                activityForm(centre, f.only("activities"), csrf: layout.csrf)),
            detailsPanel(centre, f.submitted == "details" ? f : FormState(values: [
                "address": centre.address ?? "", "phone": centre.phone ?? "", "openingTimes": centre.openingTimes ?? ""]), csrf: layout.csrf))
    }

    static func activityForm(_ centre: BirthListStore.Centre, _ f: FormState, csrf: String?) -> Markup {
        group([f.errorSummary(),
               FormState.form(action: "/centres/\(centre.id)/activities", csrf: csrf,
                   f.input("title", "Activity"), f.input("when", "When it runs", hint: "For example: Tuesdays 10:00–11:30"),
                   f.input("place", "Where"), f.textarea("description", "What families do there", rows: 2),
                   OfferViews.detailsFields(f),
                   FormState.submit("Add activity"))])
    }

    /// How families reach the centre, as every welcome card prints it.
    static func detailsPanel(_ centre: BirthListStore.Centre, _ f: FormState, csrf: String?) -> Markup {
        tag("section", ["class": "panel", "aria-labelledby": "details-title", "id": "details"],
            tag("h2", ["id": "details-title"], text("Your centre's details (printed on every welcome card)")),
            f.errorSummary(),
            FormState.form(action: "/centres/\(centre.id)/details", csrf: csrf,
                f.input("address", "Address", width: "30"), f.input("phone", "Phone number", autocomplete: "off", width: "20"),
                f.input("openingTimes", "Opening times", hint: "For example: Monday to Friday 9am to 5pm", width: "30"),
                FormState.submit("Save details")))
    }

    static func registerForm(_ centre: BirthListStore.Centre, _ e: BirthList.Entry, period: Period, csrf: String?) -> Markup {
        tag("form", ["method": "post", "action": "/centres/\(centre.id)/registrations", "class": "inline"],
            Layout.csrfField(csrf),
            voidTag("input", ["type": "hidden", "name": "personId", "value": String(e.personId)]),
            voidTag("input", ["type": "hidden", "name": "month", "value": period.description]),
            // One form per family, each with its own consent box: grouped and named, so a screen
            // reader says whose registration it is.
            tag("div", ["class": "field checkbox", "role": "group", "aria-label": "Registering \(e.givenName) \(e.familyName)"],
                voidTag("input", ["type": "checkbox", "id": "consent", "name": "consentToStore", "value": "yes"]),
                tag("label", ["for": "consent"], text("Family agrees we keep their details"))),
            tag("button", ["type": "submit", "class": "button-secondary", "aria-label": "Register \(e.givenName) \(e.familyName)"], text("Register")))
            .suffixingIds("-\(e.personId)")
    }

    static func welcome(_ centre: BirthListStore.Centre, _ e: BirthList.Entry, activities: [CentreStore.ActivityRow], layout: Layout.Context) -> String {
        Layout.page(layout,
            tag("article", ["class": "welcome-card"],
                tag("h1", [:], text("Welcome to \(centre.name)")),
                tag("p", ["class": "lead"], text("Congratulations on the birth of \(e.givenName). Your children's centre is here for you and your family: come along to any of these, free.")),
                activities.isEmpty ? tag("p", [:], text("Ask us what is on this week.")) :
                tag("ul", [:], activities.map { a in
                    tag("li", [:], tag("strong", [:], text(a.title)), text(" — \(a.whenText) at \(a.place). \(a.description)"))
                }),
                centre.details.map { d in
                    tag("dl", ["class": "summary"],
                        tag("dt", [:], text("Find us")), tag("dd", [:], text(d.address)),
                        tag("dt", [:], text("Phone")), tag("dd", [:], text(d.phone)),
                        tag("dt", [:], text("Open")), tag("dd", [:], text(d.openingTimes)))
                } ?? group([]),
                tag("p", [:], text("For \(e.parentName.map { "\($0) and " } ?? "")\(e.givenName) \(e.familyName), \(e.postcode).")),
                tag("p", ["class": "no-print hint"], text("Print this page (the header and footer are left off) to give or post to the family."))))
    }
}
