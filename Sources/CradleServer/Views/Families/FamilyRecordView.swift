import CradleCore

/// A family's own record, as a parent or carer sees it: no notes, an address hidden for
/// someone's safety left out, practitioners named by organisation and profession unless the
/// council chose to name them.
enum FamilyRecordView {
    static func page(_ r: FamilyRecord, viewer: FamilyMember, form: FormState, today: Day, seesNames: Bool, layout: Layout.Context) -> String {
        Layout.page(layout,
            tag("h1", [:], text("Your family's record")),
            tag("p", ["class": "lead"], text("What the services working with your family hold about you, who has looked at it, and what you have agreed to share.")),
            tag("nav", ["aria-label": "On this page", "class": "subnav no-print"],
                tag("ul", [:], [("involved", "Who is involved"), ("reviews", "Reviews"), ("looked", "Who has looked"), ("sharing", "Sharing"),
                                ("journey", "Your journey and plan"), ("requests", "Ask for a change"), ("download", "Download")].map {
                    tag("li", [:], link("#\($0.0)", $0.1))
                })),
            form.only("consents").errorSummary(),
            people(r),
            involved(r),
            reviews(r, today: today, forms: true),
            looked(r, seesNames: seesNames, limited: true),
            sharing(r, viewer: viewer, today: today, forms: true, csrf: layout.csrf),
            journey(r),
            requests(r, form.only("requests"), csrf: layout.csrf),
            tag("section", ["class": "panel", "aria-labelledby": "download-title", "id": "download"],
                tag("h2", ["id": "download-title"], text("Everything we hold about you")),
                tag("p", [:], text("Download a copy of everything in this record that you can see: to keep, print or send.")),
                tag("ul", ["class": "plain"],
                    tag("li", [:], link("/family/export.html", "Your record as a page to print or save as PDF")),
                    tag("li", [:], link("/family/export.json", "Your record as data (JSON)")))))
    }

    /// The download as a page: every section, every entry of who looked, no forms.
    static func export(_ r: FamilyRecord, viewer: FamilyMember, today: Day, seesNames: Bool, layout: Layout.Context) -> String {
        Layout.page(layout,
            tag("h1", [:], text("Everything we hold about your family")),
            tag("p", [:], text("\(r.familyName), as on \(today.display).")),
            people(r), involved(r), reviews(r, today: today, forms: false), looked(r, seesNames: seesNames, limited: false),
            sharing(r, viewer: viewer, today: today, forms: false, csrf: nil), journey(r), requests(r, nil, csrf: nil),
            tag("section", ["class": "panel", "aria-labelledby": "held-title"],
                tag("h2", ["id": "held-title"], text("Not included here")),
                tag("p", [:], text(FamilyExport.notesHeldBack))))
    }

    static func section(_ id: String, _ title: String, _ content: [Markup]) -> Markup {
        tag("section", ["class": "panel", "aria-labelledby": "\(id)-title", "id": id], [tag("h2", ["id": "\(id)-title"], text(title))] + content)
    }

    static func table(_ caption: String, _ headings: [String], _ rows: [[Markup]]) -> Markup {
        tag("table", ["class": "table"],
            tag("caption", ["class": "visually-hidden"], text(caption)),
            tag("thead", [:], tag("tr", [:], headings.map { tag("th", ["scope": "col"], text($0)) })),
            tag("tbody", [:], rows.map { tag("tr", [:], $0.map { tag("td", [:], $0) }) }))
    }

    static func people(_ r: FamilyRecord) -> Markup {
        section("people", "Your family", [
            table("People in your family", ["Name", "Relationship", "Date of birth", "NHS number", "Address"], r.members.map { m in
                [text(m.person.fullName), text(Format.label(m.person.relationship, Relationship.self)),
                 text(m.person.born?.display ?? m.person.due.map { "Due \($0.display)" } ?? "—"), text(m.person.nhsFormatted ?? "—"),
                 text(m.address.map { [$0.line, $0.postcode].compactMap { $0 }.joined(separator: ", ") } ?? "Not shown")]
            }),
        ])
    }

    static func involved(_ r: FamilyRecord) -> Markup {
        let open = r.involvements.filter { $0.endDate == nil }
        return section("involved", "Who is working with your family", [
            open.isEmpty ? tag("p", [:], text("No service is working with your family just now.")) :
            table("Services working with your family", ["Service", "Organisation", "For", "Since", "Your named worker", "Appointments"], open.map { i in
                let c = r.appointments[i.serviceId]
                return [text(i.serviceName), text(i.organisationName), text(r.name(of: i.personId) ?? "The whole family"), text(Format.day(i.startDate)),
                        text(i.leadName.map { n in n + (i.leadProfession.map { " (\(Format.label($0, Profession.self)))" } ?? "") } ?? "—"),
                        text(c.map { "\($0.attended) attended, \($0.missed) missed, \($0.booked) booked" } ?? "None yet")]
            }),
        ])
    }

    static func reviews(_ r: FamilyRecord, today: Day, forms: Bool) -> Markup {
        let rows: [[Markup]] = r.children.flatMap { c in
            (c.schedule?.entries ?? []).map { e in
                let open: Bool
                switch e.status { case .upcoming, .due, .overdue: open = true; default: open = false }
                return [text(c.person.givenName), text(e.review.label), text("\(e.window.from.display) to \(e.window.to.display)"), text(e.status.label),
                        forms && open ? link("/family?kind=review_change&person=\(c.person.id)#requests", "Ask to change it") : text("")]
            }
        }
        return section("reviews", "Your children's health and development reviews", [
            tag("p", [:], text("Your health visiting team will offer each review in the weeks shown. To move one, ask below and the team will contact you.")),
            rows.isEmpty ? tag("p", [:], text("No reviews to show.")) : table("Reviews", ["Child", "Review", "When it is due", "Where it stands", ""], rows),
        ])
    }

    static func category(_ raw: String) -> String {
        let words = raw.replacingOccurrences(of: "_", with: " ")
        return words.prefix(1).uppercased() + words.dropFirst()
    }

    static func who(_ profession: String, _ organisation: String?, _ name: String, seesNames: Bool) -> String {
        ([seesNames ? name : nil, Format.label(profession, Profession.self), organisation].compactMap { $0 }).joined(separator: ", ")
    }

    static func looked(_ r: FamilyRecord, seesNames: Bool, limited: Bool) -> Markup {
        section("looked", "Who has looked at your record and why", [
            tag("p", [:], text("Every time someone opens your family's record it is recorded. This is that record" + (limited ? ", newest first (the download has all of it)." : "."))),
            r.looks.isEmpty ? tag("p", [:], text("Nobody has looked at your record yet.")) :
            table("Who has looked at your record", ["When", "Who", "What", "Why"], r.looks.map { l in
                [text(Format.day(l.at)), text(l.who(seesNames: seesNames)),
                 text(category(l.category) + (l.personId.flatMap { r.name(of: $0) }.map { " (\($0))" } ?? "")),
                 l.decision == "break_glass" ? tag("strong", [:], text("Emergency access")) : text(Format.label(l.purpose, Purpose.self))]
            }),
            tag("h3", [:], text("Emergency access")),
            r.breakGlass.isEmpty ? tag("p", [:], text("Nobody has used emergency access to your record.")) :
            table("Emergency access to your record", ["When", "Who", "For", "Reason they gave", "Checked by information governance"], r.breakGlass.map { b in
                [text(Format.day(b.startedAt)), text(who(b.profession, b.organisation, b.displayName, seesNames: seesNames)),
                 text(r.name(of: b.personId) ?? ""), text(b.reason), text(b.reviewOutcome.map(category) ?? "Not yet")]
            }),
        ])
    }

    static func sharing(_ r: FamilyRecord, viewer: FamilyMember, today: Day, forms: Bool, csrf: String?) -> Markup {
        let mine = r.members.filter { $0.person.kind == PersonKind.child.rawValue || $0.person.id == viewer.personId }
        return section("sharing", "What is shared, and your choices", [
            tag("p", [:], text("Services share your family's record for your care under these agreements between them:")),
            r.agreements.isEmpty ? tag("p", [:], text("No agreement covers the services working with you.")) :
                tag("ul", [:], r.agreements.map { a in
                    tag("li", [:], text("\(a.name), for " + a.purposes.split(separator: ",").map { Format.label(String($0), Purpose.self).lowercased() }.joined(separator: ", ")
                                        + ". Lawful basis: " + Format.label(a.lawfulBasis, LawfulBasis.self)))
                }),
            tag("p", [:], text("Some sharing needs your consent. Your choice applies straight away.")),
            group(mine.map { m in
                let current = GovernanceStore.latest(m.consents)
                return group([
                    tag("h3", [:], text(m.person.fullName)),
                    table("Consent for \(m.person.fullName)", ["Sharing", "With", "Your choice", forms ? "Change it" : "Recorded"], ConsentPurpose.allCases.map { p in
                        let fact = current.first { $0.purpose == p }
                        let inForce = fact?.inForce(on: today) ?? false
                        let recorded = m.consents.first { $0.purpose == p.rawValue }
                        return [text(p.label), text(recipients(fact, r.organisations)), text(fact.map { $0.label(on: today) } ?? "Not asked yet"),
                                forms ? FormState.form(action: "/family/consents", csrf: csrf,
                                            voidTag("input", ["type": "hidden", "name": "personId", "value": String(m.person.id)]),
                                            voidTag("input", ["type": "hidden", "name": "purpose", "value": p.rawValue]),
                                            voidTag("input", ["type": "hidden", "name": "status", "value": inForce ? ConsentStatus.withdrawn.rawValue : ConsentStatus.given.rawValue]),
                                            tag("button", ["type": "submit", "class": "button-secondary"],
                                                text(inForce ? "Withdraw consent" : "Give consent"), tag("span", ["class": "visually-hidden"], text(" to \(p.label.lowercased()) for \(m.person.givenName)"))))
                                      : text(recorded.map { "\(Format.day($0.givenOn)) by \($0.recorderName ?? "a practitioner")" } ?? "—")]
                    }),
                ])
            }),
        ])
    }

    /// Whom a consent names: kinds of organisation, named ones, or whoever the purpose implies.
    static func recipients(_ fact: ConsentFact?, _ organisations: [Int64: String]) -> String {
        guard let fact, !(fact.recipientKinds.isEmpty && fact.recipientOrganisations.isEmpty) else { return "Those the purpose names" }
        return (fact.recipientKinds.map(\.label) + fact.recipientOrganisations.map { organisations[$0] ?? "organisation \($0)" }).joined(separator: ", ")
    }

    static func journey(_ r: FamilyRecord) -> Markup {
        let latest = r.journeys.last
        return section("journey", "Your family's journey and plan", [
            latest.map { j in
                group([
                    tag("p", [:], text("The family-led assessment you agreed on \(Format.day(j.assessedOn)).")),
                    tag("dl", ["class": "answers"],
                        tag("dt", [:], text("What your family is good at")), tag("dd", [:], text(j.goodAt)),
                        tag("dt", [:], text("What you want to change")), tag("dd", [:], text(j.wantToChange)),
                        tag("dt", [:], text("What life will be like when it is done")), tag("dd", [:], text(j.lifeWhenDone)),
                        tag("dt", [:], text("How you rated each part of family life (1 to 10)")),
                        tag("dd", [:], text(j.ratingValues.sorted { $0.key < $1.key }.map { "\($0.key): \($0.value)" }.joined(separator: "; "))),
                        tag("dt", [:], text("What you agreed to do")), tag("dd", ["class": "prewrap"], text(j.actions))),
                ])
            } ?? tag("p", [:], text("You have not done a family-led assessment with us.")),
            group(r.plans.filter(\.plan.isOpen).map { p in
                group([
                    tag("h3", [:], text("Your family's plan, with \(p.plan.leadName) as your lead professional")),
                    table("Your plan's goals", ["Goal", "How we will know", "By"], p.goals.map { [text($0.goal), text($0.measure), text(Format.day($0.targetDate))] }),
                    table("Your plan's actions", ["Action", "Who", "By", "Done"], p.actions.map {
                        [text($0.action), text($0.owner), text(Format.day($0.dueDate)), text($0.doneOn.map { Format.day($0) } ?? "Not yet")]
                    }),
                ])
            }),
        ])
    }

    static func requests(_ r: FamilyRecord, _ f: FormState?, csrf: String?) -> Markup {
        section("requests", "Ask us to correct something or change a review", [
            f.map { f in
                group([
                    f.errorSummary(),
                    FormState.form(action: "/family/requests", csrf: csrf,
                        f.select("kind", "What you are asking", options: FamilyRequestKind.allCases.map { ($0.rawValue, $0.label) }),
                        f.select("personId", "Who it is about", options: r.members.map { (String($0.person.id), $0.person.fullName) }, blank: "The whole family"),
                        f.textarea("body", "What should change", rows: 4),
                        FormState.submit("Send your request")),
                ])
            } ?? group([]),
            r.requests.isEmpty ? tag("p", [:], text("You have not asked for anything yet.")) :
            table("Your requests", ["Sent", "Asked", "About", "What you asked", "Answer"], r.requests.map { q in
                [text(Format.day(q.createdAt)), text(q.kindLabel), text(q.personName ?? "The whole family"), text(q.body),
                 text(q.statusLabel + (q.response.map { ": \($0)" } ?? ""))]
            }),
        ])
    }
}
