import CradleCore

/// The team-around-the-family plan: team, goals, actions, reviews, level of need, closure.
enum PlanViews {
    static func reviewTag(_ s: PlanReviewStatus) -> Markup { RequestViews.toneTag(s.tone, s.label) }

    static func plan(_ p: PlanStore.PlanRow, members: [PlanStore.MemberRow], goals: [PlanStore.GoalRow], actions: [PlanStore.ActionRow],
                     reviews: [PlanStore.ReviewRow], levels: [RequestStore.LevelRow], practitioners: [PractitionerOption],
                     reviewStatus: PlanReviewStatus, settings: EarlyHelpSettings, mayEdit: Bool, mayOpenFamilyHelp: Bool, form f: FormState, why: String,
                     today: Day, layout: Layout.Context) -> String {
        let c = settings.continuum, cadence = settings.planReviews
        let lastHeld = reviews.first.flatMap { try? Day($0.heldOn) } ?? ((try? Day(p.startedOn)) ?? today)
        func section(_ id: String, _ title: String, _ body: Markup...) -> Markup {
            tag("section", ["class": "panel", "id": id, "aria-labelledby": "\(id)-title"], [tag("h2", ["id": "\(id)-title"], text(title))] + body)
        }
        // Each form shows only its own values and problems, and opens when it has problems.
        func editor(_ summary: String, _ action: String, idSuffix: String = "", _ fields: (FormState) -> [Markup]) -> Markup {
            let g = f.only(action)
            return mayEdit ? tag("details", ["open": flag(g.hasProblems)], tag("summary", [:], text(summary)),
                                 g.errorSummary(idSuffix: idSuffix),
                                 FormState.form(action: "/plans/\(p.id)/\(action)", csrf: layout.csrf, group(fields(g)))) : group([])
        }
        let editors = ["members", "goals", "actions", "reviews", "step", "close"]
        let status: Markup = p.isOpen
            ? group([text("Open since \(Format.day(p.startedOn)). Next review \(Format.day(p.nextReview)) "), reviewTag(reviewStatus)])
            : text("Closed \(Format.day(p.closedOn)): \(Format.label(p.closure, PlanClosure.self)). \(p.closureNote ?? "")")
        return Layout.page(layout,
            tag("p", ["class": "breadcrumb"], link(if: mayOpenFamilyHelp, "/families/\(p.familyId)/early-help", "Early help: \(p.familyName)"), text(" › Team around the family")),
            tag("h1", [:], text("Team around the family: \(p.familyName)")),
            tag("p", [:], status),
            tag("p", [:], text("Lead professional: \(p.leadName)")),
            tag("p", ["class": "why"], text("Why can I see this? \(why)")),
            // A problem with a form not shown (the plan closed meanwhile, an action marked done) shows here.
            mayEdit && editors.contains(f.submitted ?? "") ? group([]) : f.errorSummary(),
            section("members", "The team (the family included)",
                tag("ul", [:], members.map { m in tag("li", [:], text("\(m.name) — \(m.role)" + (m.kind == PlanMemberKind.family.rawValue ? " (family)" : ""))) }),
                editor("Add a member", "members") { f in
                    [f.vocabulary("kind", "Member", PlanMemberKind.self),
                     f.select("practitionerId", "Practitioner", options: PractitionerOption.choices(practitioners)),
                     f.input("name", "Family member's name"), f.input("role", "Role in the team"), FormState.submit("Add member")]
                }),
            section("goals", "Goals",
                goals.isEmpty ? tag("p", [:], text("No goals yet: agree them with the family.")) :
                tag("table", ["class": "table"],
                    tag("caption", ["class": "visually-hidden"], text("SMART goals")),
                    tag("thead", [:], tag("tr", [:], ["Goal", "How we will know", "Concern", "Who", "By"].map { tag("th", ["scope": "col"], text($0)) })),
                    tag("tbody", [:], goals.map { g in
                        tag("tr", [:], tag("td", [:], text(g.goal)), tag("td", [:], text(g.measure)), tag("td", [:], text(Format.label(g.concern, SupportConcern.self))),
                            tag("td", [:], text(g.owner)), tag("td", [:], text(Format.day(g.targetDate))))
                    })),
                editor("Add a SMART goal", "goals") { f in
                    [f.input("goal", "Goal", hint: "Specific: what will be different for the child or family"),
                     f.input("measure", "How we will know", hint: "Measurable: what we will count or see"),
                     f.vocabulary("concern", "The concern it answers", SupportConcern.self),
                     f.input("owner", "Who will work on it", hint: "Achievable: the family and practitioners who will do it"),
                     f.date("targetDate", "Target date", hint: "Time-bound: within a year"),
                     FormState.submit("Add goal")]
                }),
            section("actions", "Actions",
                actions.isEmpty ? tag("p", [:], text("No actions yet.")) :
                tag("ul", ["class": "actions"], actions.map { a in
                    let late = a.doneOn == nil && (try? Day(a.dueDate)).map { $0 < today } == true
                    return tag("li", [:], text("\(a.action) — \(a.owner), by \(Format.day(a.dueDate)) "),
                        a.doneOn.map { tag("span", ["class": "tag tag-green"], text("Done \(Format.day($0))")) }
                            ?? (late ? tag("span", ["class": "tag tag-red"], text("Overdue")) : group([])),
                        a.doneOn == nil && mayEdit ? FormState.form(action: "/plans/\(p.id)/actions/\(a.id)/done", csrf: layout.csrf,
                                                                     tag("button", ["type": "submit", "class": "button-secondary small"], text("Mark done"))) : group([]))
                }),
                // The goal form above also has an owner: this form's ids get a suffix.
                editor("Add an action", "actions", idSuffix: "-action") { f in
                    [f.input("action", "Action"), f.input("owner", "Owner"), f.date("dueDate", "Due date"), FormState.submit("Add action")]
                }.suffixingIds("-action")),
            section("reviews", "Reviews",
                tag("p", [:], text("The team reviews the plan every \(cadence.minimumWeeks)–\(cadence.maximumWeeks) weeks.")),
                reviews.isEmpty ? tag("p", [:], text("No review yet.")) : group(reviews.map { r in
                    group([tag("h3", [:], text("\(Format.day(r.heldOn)) — \(c.label(r.level))")),
                           tag("p", ["class": "prewrap"], text(r.progress)),
                           tag("p", [:], text("The family: \(r.familyView)")),
                           tag("p", ["class": "hint"], text("Recorded by \(r.recordedByName ?? ""); next review \(Format.day(r.nextReview))"))])
                }),
                editor("Record a review", "reviews") { f in
                    [f.date("heldOn", "Review date"),
                     f.textarea("progress", "Progress against the goals", rows: 4),
                     f.textarea("familyView", "What the family said", rows: 3),
                     f.select("level", "Level of need now", options: RequestViews.levelOptions(c)),
                     f.date("nextReview", "Next review", hint: "Between \((lastHeld + cadence.minimumWeeks * 7).display) and \((today + cadence.maximumWeeks * 7).display)"),
                     FormState.submit("Save review")]
                }),
            tag("div", ["id": "levels"], levels.isEmpty ? tag("p", [:], text("No level of need recorded.")) : RequestViews.levelHistory(levels, c)),
            mayEdit ? section("change", "Step up, step down or close",
                editor("Step up or down", "step") { f in
                    [f.select("stepLevel", "New level of need", options: RequestViews.levelOptions(c)),
                     f.input("stepReason", "Reason"), FormState.submit("Change level")]
                },
                editor("Close the plan", "close") { f in
                    [voidTag("input", ["type": "hidden", "name": "version", "value": String(p.version)]),
                     f.vocabulary("closure", "Outcome", PlanClosure.self),
                     f.textarea("closureNote", "Closing summary", rows: 3), FormState.submit("Close plan")]
                }) : group([]))
    }
}
