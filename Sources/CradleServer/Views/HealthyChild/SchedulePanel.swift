import CradleCore

/// The Healthy Child Programme pages' shared pieces.
enum HealthyChildViews {
    static func statusClass(_ s: ReviewStatus) -> String {
        switch s {
        case .overdue, .missed: "tag tag-red"
        case .due: "tag tag-amber"
        case .done(_, let inWindow): inWindow ? "tag tag-green" : "tag tag-grey"
        case .upcoming: "tag tag-grey"
        }
    }

    /// On the child record: each mandated review's window and status, with a link to record it
    /// or view it when the policy lets this reader.
    static func schedulePanel(_ r: ChildRecord, record mayRecord: Bool, view mayView: Bool) -> Markup {
        let id = r.person.id
        let rows = r.schedule.entries.map { e -> Markup in
            let recorded = r.reviews.first { $0.review == e.review }
            let action: Markup
            if let c = recorded?.contact { action = mayView ? link("/reviews/\(c.id)", "View review", class: "small") : text("Recorded") }
            else if case .missed = e.status { action = text("") }
            else if e.review == .antenatal, r.person.dateOfBirth != nil { action = text("") }
            else if !mayRecord { action = text("") }
            else { action = link("/people/\(id)/reviews/new?review=\(e.review.rawValue)", "Record review", class: "small") }
            return tag("tr", [:],
                       tag("th", ["scope": "row"], text(e.review.label)),
                       tag("td", [:], text("\(e.window.from.display) to \(e.window.to.display)")),
                       tag("td", [:], tag("span", ["class": statusClass(e.status)], text(e.status.label))),
                       tag("td", [:], action))
        }
        return tag("section", ["class": "panel", "aria-labelledby": "hcp-title", "id": "hcp"],
                   tag("h2", ["id": "hcp-title"], text("Healthy Child Programme")),
                   rows.isEmpty ? tag("p", [:], text("No date of birth or expected delivery date, so no schedule.")) :
                   tag("table", ["class": "table"],
                       tag("caption", ["class": "visually-hidden"], text("Mandated reviews, their windows and status")),
                       tag("thead", [:], tag("tr", [:], tag("th", ["scope": "col"], text("Review")), tag("th", ["scope": "col"], text("Window")),
                                                   tag("th", ["scope": "col"], text("Status")), tag("th", ["scope": "col"], text("")))),
                       tag("tbody", [:], rows)))
    }
}
