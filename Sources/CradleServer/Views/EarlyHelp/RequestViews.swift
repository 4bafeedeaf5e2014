import CradleCore

/// The self-referral form, the practitioner's request form, a request with its clock and
/// triage form, the triage queue and the advice line.
enum RequestViews {
    static func concernChecks(_ f: FormState, legend: String) -> Markup {
        GovernanceView.checks(f, "concerns", legend, SupportConcern.allCases.map { ($0.rawValue, $0.label) })
    }

    static func levelOptions(_ c: NeedContinuum) -> [(value: String, label: String)] {
        c.levels.map { (String($0.number), "\(c.label($0.number)) — \($0.meaning)") }
    }

    static func consentBox(_ f: FormState, _ label: String) -> Markup {
        tag("div", ["class": f.errors["consent"] == nil ? "field checkbox" : "field checkbox field-error", "id": "consent-field"],
            f.errorMessage("consent"),
            voidTag("input", ["id": "consent", "name": "consent", "type": "checkbox", "value": "yes", "checked": flag(f["consent"] == "yes")]),
            tag("label", ["for": "consent"], text(label)))
    }

    static func selfReferral(_ f: FormState, settings: EarlyHelpSettings, layout: Layout.Context) -> String {
        Layout.page(layout,
            tag("h1", [:], text("Ask for help for your family")),
            // Said before anything is typed: this form is read within two working days, not now.
            tag("div", ["class": "warning-panel", "role": "region", "aria-label": "In an emergency"],
                tag("p", [:], tag("strong", [:], text("If anyone is in danger now, call 999."))),
                tag("p", [:], text("If you think a child is being hurt or is at risk, phone children's services on \(settings.childrenServicesPhone), day or night. Do not use this form."))),
            tag("p", ["class": "lead"], text("Tell us what is happening and a family support worker will contact you. We look at every request within two working days.")),
            tag("p", [:], text("\(settings.authorityName) keeps what you send to help your family. "), link("/privacy", "How we use your information (privacy notice)")),
            f.errorSummary(),
            FormState.form(action: "/help", csrf: layout.csrf,
                f.input("parentName", "Your name", autocomplete: "name"),
                f.input("contact", "Phone number or email", hint: "How we should get in touch", autocomplete: "tel"),
                f.input("postcode", "Your postcode", autocomplete: "postal-code", width: "10"),
                f.input("childName", "Your child's name"),
                f.date("childDateOfBirth", "Your child's date of birth, or the baby's due date"),
                concernChecks(f, legend: "What are you worried about?"),
                f.textarea("details", "What is happening, and what would help?", rows: 5),
                consentBox(f, "I agree that the early help team may share this with the services that can help my family"),
                FormState.submit("Send my request")))
    }

    /// The privacy notice for what families send through the help form and what services record.
    static func privacy(settings: EarlyHelpSettings, layout: Layout.Context) -> String {
        let who = settings.authorityName
        let sections: [(String, String)] = [
            ("Who we are", "\(who) is the data controller for early help. The NHS trusts and children's centres that work with your family hold their own records and share them with us under written information-sharing agreements."),
            ("What we collect", "What you tell us on this form: your name and how to contact you, your postcode, your child's name and date of birth, what you are worried about and what would help."),
            ("Why, and our lawful basis", "To offer your family the right help. The lawful basis is a public task (UK GDPR article 6(1)(e)); for details about health, providing health or social care (article 9(2)(h))."),
            ("Who sees it", "The early help team, and with your agreement the services that can help: health visiting, children's centres, schools and nurseries, family support. If we believe a child is at risk of significant harm we must share it with children's social care, even without agreement."),
            ("How long we keep it", "Early help records are kept until the youngest child is 25, then destroyed."),
            ("Your rights", "You can ask to see what we hold, ask us to correct it, or object to how we use it. Contact the data protection officer at \(who), or phone \(settings.childrenServicesPhone). You can also complain to the Information Commissioner's Office."),
        ]
        return Layout.page(layout,
            tag("h1", [:], text("How we use your information")),
            group(sections.map { title, body in group([tag("h2", [:], text(title)), tag("p", [:], text(body))]) }),
            tag("p", [:], link("/help", "Back to asking for help")))
    }

    static func sent(due: LocalTime, layout: Layout.Context) -> String {
        Layout.page(layout,
            tag("div", ["class": "confirmation", "role": "status"],
                tag("h1", [:], text("Your request has been sent")),
                tag("p", [:], text("A family support worker will look at it by \(due.display) and contact you. If a child is in danger now, call 999.")),
                link("/help", "Send another request")))
    }

    static func practitionerForm(_ f: FormState, person: PersonRow?, continuum: NeedContinuum, layout: Layout.Context) -> String {
        Layout.page(layout,
            tag("h1", [:], text("Request early help")),
            f.errorSummary(),
            FormState.form(action: "/early-help/requests", csrf: layout.csrf,
                person.map { p in group([f.hidden("personId"), tag("p", [:], text("For "), link("/people/\(p.id)", p.fullName), text(p.dateOfBirth.map { ", born \(Format.day($0))" } ?? ""))]) }
                    ?? group([f.input("childName", "Child's name", hint: "When the child is not on Cradle yet"),
                              f.input("childDateOfBirth", "Date of birth or due date", width: "10"),
                              f.input("parentName", "Parent or carer"), f.input("contact", "Phone or email"),
                              f.input("postcode", "Postcode", width: "10")]),
                concernChecks(f, legend: "Concerns"),
                f.textarea("details", "Details of the concern", rows: 5),
                f.select("suggestedLevel", "Suggested level of need", options: levelOptions(continuum), blank: "Not sure"),
                consentBox(f, "The family agreed to this request for early help (informed consent)"),
                FormState.submit("Send to the front door")))
    }

    static func clockTag(_ s: TriageClockStatus) -> Markup { toneTag(s.tone, s.label) }

    /// A status tag coloured by tone: ok green, warn amber, anything else red.
    static func toneTag(_ tone: String, _ label: String) -> Markup {
        tag("span", ["class": tone == "ok" ? "tag tag-green" : tone == "warn" ? "tag tag-amber" : "tag tag-red"], text(label))
    }

    static func request(_ r: RequestStore.RequestRow, clock: TriageClockStatus, mayOpenRecord: Bool, frontDoor: Bool, mayOpenFamilyHelp: Bool, due: LocalTime, levels: [RequestStore.LevelRow],
                        triage: Bool, services: [ServiceOption], form f: FormState, find: Find?, continuum: NeedContinuum, why: String,
                        layout: Layout.Context) -> String {
        let facts: [(String, String)] = [
            ("From", r.source == RequestSource.family.rawValue ? "The family (self-referral)" : "\(r.referrerName ?? "A practitioner"), \(r.referrerOrganisation ?? "")"),
            ("Received", LocalTime(r.receivedAt)?.display ?? r.receivedAt),
            ("Triage due by", due.display),
            ("Parent or carer", r.parentName ?? ""), ("Contact", r.contact ?? ""), ("Postcode", r.postcode ?? ""),
            ("Concerns", r.concernList.map(\.label).joined(separator: "; ")),
            ("Suggested level", r.suggestedLevel.map(continuum.label) ?? "Not given"),
            ("Status", r.requestStatus.label),
        ].filter { !$0.1.isEmpty }
        var triaged: [Markup] = []
        if let outcome = r.outcome {
            triaged = [tag("section", ["class": "panel", "aria-labelledby": "triage-title"],
                tag("h2", ["id": "triage-title"], text("Triage")),
                tag("p", [:], text("\(Format.label(outcome, TriageOutcome.self)) at \(r.level.map(continuum.label) ?? "") by \(r.triagedByName ?? "") on \(r.triaged?.display ?? "")")),
                tag("p", [:], text(r.rationale ?? "")),
                r.serviceName.map { tag("p", [:], text("Allocated to \($0)")) } ?? group([]),
                r.signpostTo.map { tag("p", [:], text("Signposted to \($0)")) } ?? group([]))]
        }
        return Layout.page(layout,
            tag("p", ["class": "breadcrumb"], frontDoor ? link("/early-help/triage", "Triage") : link("/caseload", "Early help"), text(" › Request \(r.id)")),
            tag("h1", [:], text("Request for support: \(r.childLabel)")),
            tag("p", [:], clockTag(clock)),
            tag("p", ["class": "why"], text("Why can I see this? \(why)")),
            f.errorSummary(),
            tag("dl", ["class": "summary"], facts.map { group([tag("dt", [:], text($0.0)), tag("dd", [:], text($0.1))]) }),
            mayOpenRecord ? r.personId.map { tag("p", [:], link("/people/\($0)", "Open the child's record")) } ?? group([]) : group([]),
            mayOpenFamilyHelp ? r.familyId.map { tag("p", [:], link("/families/\($0)/early-help", "The family's early help")) } ?? group([]) : group([]),
            tag("section", ["class": "panel"], tag("h2", [:], text("What is happening")), tag("p", ["class": "prewrap"], text(r.details))),
            group(triaged),
            levels.isEmpty ? group([]) : levelHistory(levels, continuum),
            triage ? group([find.map { findChild(r, $0) } ?? group([]),
                            triageForm(r, services: services, form: f, find: find, continuum: continuum, csrf: layout.csrf)]) : group([]))
    }

    static func levelHistory(_ levels: [RequestStore.LevelRow], _ c: NeedContinuum) -> Markup {
        tag("section", ["class": "panel", "aria-labelledby": "levels-title"],
            tag("h2", ["id": "levels-title"], text("Level of need")),
            levelChart(levels, c),
            tag("ol", ["class": "history"], levels.map { l in
                tag("li", [:], tag("strong", [:], text(c.label(l.level))),
                    text(" from \(LocalTime(l.setAt)?.display ?? l.setAt) — \(l.reason) (\(l.setByName ?? ""))"))
            }))
    }

    /// The level over time as steps, oldest on the left; the list beside it says the same in words.
    static func levelChart(_ levels: [RequestStore.LevelRow], _ c: NeedContinuum) -> Markup {
        let points = levels.reversed().compactMap { l in LocalTime(l.setAt).map { ($0.totalMinutes, l.level) } }
        guard points.count >= 2, let first = points.first?.0, let last = points.last?.0 else { return group([]) }
        let w = 560.0, h = 40.0 + 28.0 * Double(c.levels.count), left = 150.0, right = 16.0
        let span = Double(max(1, last - first))
        let x = { (t: Int) in left + Double(t - first) / span * (w - left - right) }
        let y = { (n: Int) in h - 24 - Double(n - 1) * 28 }
        var path = "M\(Int(x(points[0].0))),\(Int(y(points[0].1)))"
        for (i, p) in points.enumerated().dropFirst() {
            path += " H\(Int(x(p.0))) V\(Int(y(p.1)))"
            if i == points.count - 1 { path += " H\(Int(w - right))" }
        }
        let grid = c.levels.map { l in
            group([voidTag("line", ["x1": String(left), "x2": String(w - right), "y1": String(y(l.number)), "y2": String(y(l.number)), "stroke": "#d8dde0"]),
                   tag("text", ["x": "0", "y": String(y(l.number) + 4), "font-size": "12"], text("\(l.number) \(l.name)"))])
        }
        return tag("svg", ["viewBox": "0 0 \(Int(w)) \(Int(h))", "width": "100%", "role": "img", "class": "chart",
                           "aria-label": "Level of need over time, from \(c.label(points[0].1)) to \(c.label(points[points.count - 1].1)); each change is listed below"],
                   group(grid), voidTag("path", ["d": path, "fill": "none", "stroke": "#005eb8", "stroke-width": "3"]))
    }

    /// Finding the child a request is about, within the request: the same search as "Find a
    /// child" (NHS number, name and date of birth, or postcode), started from what the family
    /// wrote. Its results are offered to pick in the triage form below.
    struct Find {
        var form: FormState
        var results: [SearchRow]?
        /// The search as a query string, kept on the triage form so a problem there keeps the results.
        var query: String
    }

    static func findChild(_ r: RequestStore.RequestRow, _ find: Find) -> Markup {
        let f = find.form
        return tag("section", ["class": "panel", "aria-labelledby": "find-title", "id": "find"],
            tag("h2", ["id": "find-title"], text("Find the child's record")),
            tag("p", ["class": "hint"], text("Link the request to the child's record before allocating it or taking it to panel. Search by NHS number, by family name and date of birth, or by postcode."
                + (r.childName.map { " The request names \($0)" + (r.childDateOfBirth.map { ", born or due \(Format.day($0))" } ?? "") + "." } ?? ""))),
            f.errorSummary(),
            tag("form", ["method": "get", "action": "/early-help/requests/\(r.id)#find", "class": "search-form", "novalidate": ""],
                tag("div", ["class": "search-grid"],
                    f.input("nhsNumber", "NHS number", hint: "10 digits, spaces optional", width: "10"),
                    f.input("familyName", "Family name", width: "20"),
                    f.input("givenName", "Given name (optional)", width: "20"),
                    f.date("dateOfBirth", "Date of birth"),
                    f.input("postcode", "Postcode", width: "10")),
                tag("button", ["type": "submit", "class": "button secondary"], text("Find"))),
            find.results.map { rows in
                tag("p", ["role": "status"], text(rows.isEmpty ? "No children found: check the details or search another way." :
                                                   "\(rows.count) \(rows.count == 1 ? "child" : "children") found: choose one in the triage form below."))
            } ?? group([]))
    }

    /// The children found, as choices; the request stays unlinked unless one is chosen.
    static func pick(_ rows: [SearchRow], _ f: FormState) -> Markup {
        let options = rows.map { r in
            (String(r.id), "\(r.givenName) \(r.familyName), born \(r.dateOfBirth.map(Format.day) ?? "—"), \(r.postcodeDistrict ?? "postcode not known")")
        } + [("", "None of these: leave the request unlinked")]
        return tag("fieldset", ["class": "fieldset", "id": "personId"],
            [tag("legend", [:], text("Link to the child's record"))] + options.enumerated().map { i, o in
                tag("div", ["class": "field checkbox"],
                    voidTag("input", ["type": "radio", "id": "personId-\(i)", "name": "personId", "value": o.0,
                                      "checked": flag(f["personId"] == o.0)]),
                    tag("label", ["for": "personId-\(i)"], text(o.1)))
            })
    }

    static func triageForm(_ r: RequestStore.RequestRow, services: [ServiceOption], form f: FormState, find: Find?, continuum: NeedContinuum,
                           csrf: String?) -> Markup {
        var values = f
        if values["version"].isEmpty { values.values["version"] = String(r.version) }
        return tag("section", ["class": "panel", "aria-labelledby": "decide-title"],
            tag("h2", ["id": "decide-title"], text("Triage this request")),
            FormState.form(action: "/early-help/requests/\(r.id)/triage" + (find.map { $0.query.isEmpty ? "" : "?" + $0.query } ?? ""), csrf: csrf,
                values.hidden("version"),
                find?.results.map { pick($0, values) } ?? group([]),
                values.vocabulary("outcome", "Outcome", TriageOutcome.self),
                values.select("level", "Level of need", options: levelOptions(continuum)),
                values.select("serviceId", "Service (when allocating)", options: services.map { (String($0.id), "\($0.name) — \($0.organisationName)") }),
                values.input("signpostTo", "Community service (when signposting)"),
                values.textarea("rationale", "Rationale", rows: 3),
                FormState.submit("Record triage")))
    }

    static func queue(waiting: [(RequestStore.RequestRow, TriageClockStatus)], triaged: [(RequestStore.RequestRow, TriageClockStatus)],
                      calendar: TriageCalendar, now: LocalTime, layout: Layout.Context) -> String {
        let breached = waiting.filter { $0.1.tone == "late" }.count, soon = waiting.filter { $0.1.tone == "warn" }.count
        func rows(_ list: [(RequestStore.RequestRow, TriageClockStatus)]) -> [Markup] {
            list.map { r, s in
                tag("tr", [:],
                    tag("th", ["scope": "row"], link("/early-help/requests/\(r.id)", "\(r.id): \(r.childLabel)")),
                    tag("td", [:], text(LocalTime(r.receivedAt)?.display ?? r.receivedAt)),
                    tag("td", [:], text(Format.label(r.source, RequestSource.self))),
                    tag("td", [:], text(r.concernList.map(\.label).joined(separator: "; "))),
                    tag("td", [:], clockTag(s)),
                    tag("td", [:], text(r.outcome.map { Format.label($0, TriageOutcome.self) } ?? "")))
            }
        }
        let head = tag("thead", [:], tag("tr", [:], ["Request", "Received", "From", "Concerns", "48-hour clock", "Outcome"].map { tag("th", ["scope": "col"], text($0)) }))
        let rule = "The clock runs \(calendar.hours) hours" + (calendar.weekendsCount ? "" : ", stopped at weekends") + (calendar.bankHolidaysCount ? "" : " and on bank holidays") + "; it warns \(calendar.warnHoursBefore) hours before."
        return Layout.page(layout,
            EarlyHelpNav.bar("triage"),
            tag("h1", [:], text("Triage queue")),
            tag("p", [:], text("\(waiting.count) awaiting triage at \(now.display): \(breached) breached, \(soon) due soon. \(rule)")),
            waiting.isEmpty ? tag("p", [:], text("Nothing is waiting.")) :
                tag("table", ["class": "table"], tag("caption", ["class": "visually-hidden"], text("Awaiting triage, oldest first")), head, tag("tbody", [:], rows(waiting))),
            tag("h2", [:], text("Recently triaged")),
            triaged.isEmpty ? tag("p", [:], text("None yet.")) :
                tag("table", ["class": "table"], tag("caption", ["class": "visually-hidden"], text("Recently triaged")), head, tag("tbody", [:], rows(triaged))))
    }

    static func advice(_ log: [RequestStore.AdviceRow], form f: FormState, layout: Layout.Context) -> String {
        Layout.page(layout,
            EarlyHelpNav.bar("advice"),
            tag("h1", [:], text("Advice line")),
            f.errorSummary(),
            tag("section", ["class": "panel", "aria-labelledby": "log-title"],
                tag("h2", ["id": "log-title"], text("Log an enquiry")),
                FormState.form(action: "/early-help/advice", csrf: layout.csrf,
                    f.vocabulary("caller", "Who called", AdviceEnquiry.Caller.self),
                    f.input("callerName", "Caller's name (optional)"),
                    f.input("organisation", "Organisation (for professionals)"),
                    f.input("familyId", "Family record number (optional)", hint: "Leave empty when no family is named", width: "10"),
                    f.textarea("topic", "What they asked", rows: 3),
                    f.textarea("advice", "Advice given", rows: 3),
                    FormState.submit("Log enquiry"))),
            tag("h2", [:], text("Recent enquiries")),
            log.isEmpty ? tag("p", [:], text("No enquiries yet.")) :
            tag("table", ["class": "table"],
                tag("caption", ["class": "visually-hidden"], text("Recent enquiries")),
                tag("thead", [:], tag("tr", [:], ["When", "Caller", "Asked", "Advice", "Family", "By"].map { tag("th", ["scope": "col"], text($0)) })),
                tag("tbody", [:], log.map { a in
                    tag("tr", [:], tag("td", [:], text(LocalTime(a.receivedAt)?.display ?? a.receivedAt)),
                        tag("td", [:], text([Format.label(a.caller, AdviceEnquiry.Caller.self), a.callerName, a.organisation].compactMap { $0 }.joined(separator: ", "))),
                        tag("td", [:], text(a.topic)), tag("td", [:], text(a.advice)),
                        tag("td", [:], a.familyId.map { link("/families/\($0)/early-help", "Family \($0)") } ?? text("Not named")),
                        tag("td", [:], text(a.recordedByName ?? "")))
                })))
    }
}

/// The front door's own navigation.
enum EarlyHelpNav {
    static func bar(_ active: String) -> Markup {
        let items = [("caseload", "/caseload", "My caseload"), ("triage", "/early-help/triage", "Triage queue"),
                     ("advice", "/early-help/advice", "Advice line"), ("panels", "/panels", "Panels"), ("programmes", "/early-help/programmes", "Programmes")]
        return tag("nav", ["aria-label": "Early help", "class": "subnav"],
                   tag("ul", [:], items.map { key, href, label in
                       tag("li", [:], tag("a", ["href": href, "aria-current": key == active ? "page" : nil], text(label)))
                   }))
    }
}
