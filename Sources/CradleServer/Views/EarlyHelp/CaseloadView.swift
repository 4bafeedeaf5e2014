import CradleCore

/// My early help caseload and my teams' plan counts.
enum CaseloadView {
    static func render(plans: [(PlanStore.PlanRow, PlanReviewStatus)], myId: Int64, requests: [RequestStore.RequestRow],
                       panels: [PanelStore.PanelRow], team: [PlanStore.TeamLoad], frontDoor: Bool, layout: Layout.Context) -> String {
        let overdue = plans.filter { $0.1.tone == "late" }.count
        return Layout.page(layout,
            frontDoor ? EarlyHelpNav.bar("caseload") : group([]),
            tag("h1", [:], text("Early help caseload")),
            tag("p", [:], link("/early-help/requests/new", "Request early help for a family", class: "button")),
            tag("section", ["class": "panel", "aria-labelledby": "plans-title"],
                tag("h2", ["id": "plans-title"], text("Teams around the family I am in (\(plans.count), \(overdue) overdue a review)")),
                plans.isEmpty ? tag("p", [:], text("None.")) :
                tag("table", ["class": "table"],
                    tag("caption", ["class": "visually-hidden"], text("My plans, next review first")),
                    tag("thead", [:], tag("tr", [:], ["Family", "My part", "Lead", "Next review", ""].map { tag("th", ["scope": "col"], text($0)) })),
                    tag("tbody", [:], plans.map { p, s in
                        tag("tr", [:], tag("th", ["scope": "row"], link("/plans/\(p.id)", p.familyName)),
                            tag("td", [:], text(p.leadId == myId ? "Lead professional" : "Member")),
                            tag("td", [:], text(p.leadName)), tag("td", [:], text(Format.day(p.nextReview))),
                            tag("td", [:], PlanViews.reviewTag(s)))
                    }))),
            tag("section", ["class": "panel", "aria-labelledby": "req-title"],
                tag("h2", ["id": "req-title"], text("Requests I made that are still open")),
                requests.isEmpty ? tag("p", [:], text("None.")) : tag("ul", [:], requests.map { r in
                    tag("li", [:], link("/early-help/requests/\(r.id)", "\(r.childLabel)"), text(" — \(r.requestStatus.label)"))
                })),
            tag("section", ["class": "panel", "aria-labelledby": "pan-title"],
                tag("h2", ["id": "pan-title"], text("Panels I sit on")),
                panels.isEmpty ? tag("p", [:], text("None.")) : tag("ul", [:], panels.map { p in
                    tag("li", [:], link("/panels/\(p.id)", p.name), text(" — \(LocalTime(p.meetsAt)?.display ?? p.meetsAt), \(p.families ?? 0) families"))
                })),
            tag("section", ["class": "panel", "aria-labelledby": "team-title"],
                tag("h2", ["id": "team-title"], text("My teams: open plans per lead professional")),
                team.isEmpty ? tag("p", [:], text("You are in no team.")) :
                tag("table", ["class": "table"],
                    tag("caption", ["class": "visually-hidden"], text("Open plans per practitioner")),
                    tag("thead", [:], tag("tr", [:], ["Practitioner", "Profession", "Plans led", "Overdue reviews"].map { tag("th", ["scope": "col"], text($0)) })),
                    tag("tbody", [:], team.map { t in
                        tag("tr", [:], tag("th", ["scope": "row"], text(t.displayName)), tag("td", [:], text(Format.label(t.profession, Profession.self))),
                            tag("td", [:], text(String(t.plans))), tag("td", [:], text(String(t.overdue))))
                    }))))
    }
}
