import CradleCore

enum BreakGlassView {
    static func form(personId: Int64, form: FormState, hours: Int, layout: Layout.Context) -> String {
        Layout.page(layout,
            tag("h1", [:], text("Emergency access (break-glass)")),
            tag("p", ["class": "lead"], text("You have no recorded relationship with this child. In an emergency you may open the record for \(hours) hours. Your reason is recorded, and the information governance lead reviews every emergency access.")),
            form.errorSummary(),
            FormState.form(action: "/people/\(personId)/break-glass", csrf: layout.csrf,
                form.textarea("reason", "Why do you need this record now?", rows: 4),
                FormState.submit("Open the record")))
    }

    static func reviews(_ rows: [GovernanceStore.BreakGlassRow], layout: Layout.Context) -> String {
        Layout.page(layout,
            GovernanceView.nav(),
            tag("h1", [:], text("Break-glass reviews")),
            rows.isEmpty ? tag("p", [:], text("No emergency access has been used.")) :
            tag("table", ["class": "table"],
                tag("thead", [:], tag("tr", [:], tag("th", ["scope": "col"], text("When")), tag("th", ["scope": "col"], text("Who")),
                    tag("th", ["scope": "col"], text("Record")), tag("th", ["scope": "col"], text("Reason")), tag("th", ["scope": "col"], text("Review")))),
                tag("tbody", [:], rows.map { r in
                    tag("tr", [:],
                        tag("td", [:], text(String(r.startedAt.prefix(16)).replacingOccurrences(of: "T", with: " "))),
                        tag("td", [:], link("/governance/users/\(r.practitionerId)", r.practitionerName)),
                        tag("td", [:], link("/people/\(r.personId)/access", "Person \(r.personId)")),
                        tag("td", [:], text(r.reason)),
                        tag("td", [:], r.reviewOutcome.map { text("\($0.capitalized) — \(r.reviewNote ?? "")") } ??
                            tag("form", ["method": "post", "action": "/governance/break-glass/\(r.id)"],
                                Layout.csrfField(layout.csrf),
                                tag("select", ["name": "outcome", "id": "outcome-\(r.id)", "class": "input", "aria-label": "Outcome of the review"],
                                    tag("option", ["value": "appropriate"], text("Appropriate")),
                                    tag("option", ["value": "inappropriate"], text("Inappropriate"))),
                                voidTag("input", ["name": "note", "id": "note-\(r.id)", "class": "input", "placeholder": "Note", "aria-label": "Review note"]),
                                tag("button", ["type": "submit", "class": "button"], text("Record review")))))
                })))
    }
}
