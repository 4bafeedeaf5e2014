import CradleCore

/// Forms for a service's involvement, a contact, a note, and a family's name.
enum ServiceRecordForms {
    /// `services` are the ones the practitioner's teams run; starting one asks the lawful basis.
    static func involvement(_ form: FormState, title: String, action: String, services: [ServiceOption],
                            practitioners: [PractitionerOption], starting: Bool, layout: Layout.Context) -> String {
        Layout.page(layout,
            tag("h1", [:], text(title)),
            form.errorSummary(),
            FormState.form(action: action, csrf: layout.csrf,
                form.hidden("version"),
                form.select("serviceId", "Your team's service", options: services.map { (String($0.id), "\($0.name) (\($0.organisationName))") }),
                starting ? form.vocabulary("lawfulBasis", "Lawful basis", InvolvementBasis.self) : .group([]),
                form.checkbox("wholeFamily", "Involved with the whole family"),
                form.date("startDate", "Start date"),
                form.date("endDate", "End date", hint: "Leave empty while the service is involved"),
                form.select("leadPractitionerId", "Lead practitioner", options: PractitionerOption.choices(practitioners), blank: "None"),
                FormState.submit("Save")))
    }

    static func contact(_ form: FormState, title: String, action: String, services: ContactServiceChoices, layout: Layout.Context) -> String {
        let option = { (s: ServiceOption) in (value: String(s.id), label: "\(s.name) (\(s.organisationName))") }
        return Layout.page(layout,
            tag("h1", [:], text(title)),
            form.errorSummary(),
            FormState.form(action: action, csrf: layout.csrf,
                form.hidden("version"),
                form.select("serviceId", "Service", groups: [("Involved with this child", services.involved.map(option)),
                                                             ("Your team's other services", services.own.map(option))],
                            hint: "The service the contact was for: it shows under Services involved while that service is involved"),
                form.date("date", "Date"),
                form.vocabulary("type", "Type of contact", ContactType.self),
                form.vocabulary("place", "Place", ContactPlace.self),
                form.vocabulary("outcome", "Outcome", ContactOutcome.self),
                FormState.submit("Save contact")))
    }

    static func note(_ form: FormState, title: String, action: String, layout: Layout.Context) -> String {
        Layout.page(layout,
            tag("h1", [:], text(title)),
            form.errorSummary(),
            FormState.form(action: action, csrf: layout.csrf,
                form.hidden("version"),
                form.textarea("body", "Note"),
                form.vocabulary("visibility", "Who can read it", NoteVisibility.self),
                FormState.submit("Save note")))
    }

    static func family(_ form: FormState, title: String, action: String, layout: Layout.Context) -> String {
        Layout.page(layout,
            tag("h1", [:], text(title)),
            form.errorSummary(),
            FormState.form(action: action, csrf: layout.csrf,
                form.hidden("version"),
                form.input("name", "Family or household name", width: "30"),
                FormState.submit("Save")))
    }
}
