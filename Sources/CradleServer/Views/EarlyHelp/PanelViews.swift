import CradleCore

/// Panels: the schedule, one panel's members, attendance and agenda with decisions, and one
/// agenda family.
enum PanelViews {
    static func list(_ panels: [PanelStore.PanelRow], practitioners: [PractitionerOption], form f: FormState, layout: Layout.Context) -> String {
        Layout.page(layout,
            EarlyHelpNav.bar("panels"),
            tag("h1", [:], text("Multi-agency panels")),
            f.errorSummary(),
            panels.isEmpty ? tag("p", [:], text("No panels scheduled.")) :
            tag("table", ["class": "table"],
                tag("caption", ["class": "visually-hidden"], text("Panels, latest first")),
                tag("thead", [:], tag("tr", [:], ["Panel", "Meets", "Where", "Families"].map { tag("th", ["scope": "col"], text($0)) })),
                tag("tbody", [:], panels.map { p in
                    tag("tr", [:], tag("th", ["scope": "row"], link("/panels/\(p.id)", p.name)),
                        tag("td", [:], text(LocalTime(p.meetsAt)?.display ?? p.meetsAt)), tag("td", [:], text(p.place)),
                        tag("td", [:], text(String(p.families ?? 0))))
                })),
            tag("section", ["class": "panel", "aria-labelledby": "new-panel"],
                tag("h2", ["id": "new-panel"], text("Schedule a panel")),
                FormState.form(action: "/panels", csrf: layout.csrf,
                    f.input("name", "Name", hint: "For example: Family Matters — North"),
                    f.input("meetsAt", "Date and time", hint: "For example 2026-12-03T10:00", width: "20"),
                    f.input("place", "Where it meets"),
                    GovernanceView.checks(f, "members", "Members", PractitionerOption.choices(practitioners)),
                    FormState.submit("Schedule panel"))))
    }

    static func panel(_ p: PanelStore.PanelRow, members: [PanelStore.MemberRow], items: [PanelStore.ItemRow], actions: [PanelStore.ActionRow],
                      candidates: [PanelStore.Candidate], practitioners: [PractitionerOption], services: [ServiceOption],
                      coordinator: Bool, continuum: NeedContinuum, form f: FormState, why: String, layout: Layout.Context) -> String {
        let memberList = tag("section", ["class": "panel", "id": "members", "aria-labelledby": "members-title"],
            tag("h2", ["id": "members-title"], text("Members and attendance")),
            coordinator
            ? FormState.form(action: "/panels/\(p.id)/attendance", csrf: layout.csrf,
                GovernanceView.checks(FormState(values: ["attended": members.filter { $0.attended == true }.map { String($0.practitionerId) }.joined(separator: ",")]),
                                      "attended", "Who attended", members.map { (String($0.practitionerId), "\($0.displayName) — \(Format.label($0.profession, Profession.self)), \($0.organisationName)") }),
                FormState.submit("Save attendance"))
            : tag("ul", [:], members.map { m in
                tag("li", [:], text("\(m.displayName) — \(Format.label(m.profession, Profession.self)), \(m.organisationName)" + (m.attended.map { $0 ? " (attended)" : " (apologies)" } ?? "")))
            }))
        let agenda = items.map { i -> Markup in
            let itemActions = actions.filter { $0.itemId == i.id }
            var decided: [Markup] = []
            if let d = i.decision {
                decided = [tag("p", [:], tag("strong", [:], text(Format.label(d, PanelDecision.self))),
                               text(" at \(i.level.map(continuum.label) ?? "")" + (i.leadName.map { "; lead professional \($0)" } ?? "") + (i.serviceName.map { "; allocated to \($0)" } ?? ""))),
                           tag("p", ["class": "prewrap"], text(i.discussion ?? "")),
                           i.planId.map { tag("p", [:], link("/plans/\($0)", "Team around the family plan")) } ?? group([])]
            } else if coordinator {
                var form = f
                if form.values["itemId"] != String(i.id) { form = FormState() }
                decided = [tag("details", [:], tag("summary", [:], text("Record the panel's decision")),
                    FormState.form(action: "/panels/\(p.id)/items/\(i.id)/decision", csrf: layout.csrf,
                        voidTag("input", ["type": "hidden", "name": "itemId", "value": String(i.id)]),
                        scoped(form.textarea("discussion", "Discussion", rows: 4), i.id),
                        scoped(form.vocabulary("decision", "Decision", PanelDecision.self), i.id),
                        scoped(form.select("level", "Level of need", options: RequestViews.levelOptions(continuum)), i.id),
                        scoped(form.select("leadId", "Lead professional (team around the family)", options: PractitionerOption.choices(practitioners)), i.id),
                        scoped(form.select("serviceId", "Service (allocation)", options: services.map { (String($0.id), $0.name) }), i.id),
                        FormState.submit("Record decision")))]
            }
            return tag("li", ["id": "item-\(i.id)", "class": "agenda-item"],
                tag("h3", [:], link("/panels/\(p.id)/families/\(i.familyId)", i.familyName)),
                tag("p", [:], text("\(Format.label(i.source, AgendaSource.self)): \(i.reason)")),
                group(decided),
                itemActions.isEmpty ? group([]) : tag("ul", ["class": "actions"], itemActions.map { a in
                    tag("li", [:], text("\(a.action) — \(a.owner), by \(Format.day(a.dueDate))"))
                }),
                coordinator ? tag("details", [:], tag("summary", [:], text("Add an action")),
                    FormState.form(action: "/panels/\(p.id)/items/\(i.id)/actions", csrf: layout.csrf,
                        scoped(FormState().input("action", "Action"), i.id), scoped(FormState().input("owner", "Owner"), i.id),
                        scoped(FormState().date("dueDate", "Due date"), i.id), FormState.submit("Add action"))) : group([]))
        }
        let addForm: Markup = coordinator ? tag("section", ["class": "panel", "aria-labelledby": "add-title"],
            tag("h2", ["id": "add-title"], text("Add a family to the agenda")),
            candidates.isEmpty ? tag("p", [:], text("No triaged requests or 2-year review concerns are waiting for a panel.")) :
            tag("ul", [:], candidates.map { c in
                tag("li", [:], FormState.form(action: "/panels/\(p.id)/agenda", csrf: layout.csrf,
                    voidTag("input", ["type": "hidden", "name": "familyId", "value": String(c.familyId)]),
                    voidTag("input", ["type": "hidden", "name": "personId", "value": c.personId.map(String.init) ?? ""]),
                    voidTag("input", ["type": "hidden", "name": "requestId", "value": c.requestId.map(String.init) ?? ""]),
                    voidTag("input", ["type": "hidden", "name": "source", "value": c.source]),
                    voidTag("input", ["type": "hidden", "name": "reason", "value": c.reason]),
                    text("\(c.familyName) — \(Format.label(c.source, AgendaSource.self)): \(c.reason) "),
                    tag("button", ["type": "submit", "class": "button-secondary small"], text("Add"))))
            }),
            tag("details", [:], tag("summary", [:], text("Add a family of concern")),
                FormState.form(action: "/panels/\(p.id)/agenda", csrf: layout.csrf,
                    voidTag("input", ["type": "hidden", "name": "source", "value": AgendaSource.familyOfConcern.rawValue]),
                    f.input("familyId", "Family record number", width: "10"), f.textarea("reason", "Why the panel should discuss them", rows: 3),
                    FormState.submit("Add to agenda")))) : group([])
        return Layout.page(layout,
            coordinator ? EarlyHelpNav.bar("panels") : group([]),
            tag("h1", [:], text(p.name)),
            tag("p", [:], text("\(LocalTime(p.meetsAt)?.display ?? p.meetsAt), \(p.place)")),
            tag("p", ["class": "why"], text("Why can I see this? \(why). Agenda families are shown for this panel only.")),
            f.errorSummary(),
            memberList,
            tag("section", ["class": "panel", "id": "agenda", "aria-labelledby": "agenda-title"],
                tag("h2", ["id": "agenda-title"], text("Agenda")),
                items.isEmpty ? tag("p", [:], text("No families on the agenda yet.")) : tag("ol", ["class": "agenda"], agenda)),
            addForm)
    }

    /// Form controls repeat per agenda item: give each its own ids.
    static func scoped(_ m: Markup, _ id: Int64) -> Markup { m.suffixingIds("-\(id)") }

    static func agendaFamily(_ p: PanelStore.PanelRow, _ item: PanelStore.ItemRow, requests: [RequestStore.RequestRow],
                             levels: [RequestStore.LevelRow], continuum: NeedContinuum, why: String, layout: Layout.Context) -> String {
        Layout.page(layout,
            tag("p", ["class": "breadcrumb"], link("/panels/\(p.id)", p.name), text(" › \(item.familyName)")),
            tag("h1", [:], text("\(item.familyName), for \(p.name)")),
            tag("p", ["class": "why"], text("Why can I see this? \(why)")),
            tag("p", [:], text("\(Format.label(item.source, AgendaSource.self)): \(item.reason)")),
            requests.isEmpty ? group([]) : tag("section", ["class": "panel"], tag("h2", [:], text("Requests for support")),
                group(requests.map { r in
                    group([tag("h3", [:], text("Received \(LocalTime(r.receivedAt)?.display ?? r.receivedAt) — \(r.requestStatus.label)")),
                           tag("p", [:], text(r.concernList.map(\.label).joined(separator: "; "))),
                           tag("p", ["class": "prewrap"], text(r.details)),
                           r.rationale.map { tag("p", [:], text("Triage: \($0)")) } ?? group([])])
                })),
            levels.isEmpty ? group([]) : RequestViews.levelHistory(levels, continuum))
    }
}
