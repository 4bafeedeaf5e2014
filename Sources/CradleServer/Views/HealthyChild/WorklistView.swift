import CradleCore

/// Reviews due and overdue, most urgent first.
enum WorklistView {
    /// `mayRecord`: whether the policy lets this reader record reviews (for their teams' children).
    static func render(_ items: [WorklistController.Item], mine: Bool, mayRecord: Bool, today: Day, layout: Layout.Context) -> String {
        let overdue = items.filter { if case .overdue = $0.entry.status { true } else { false } }.count
        let rows = items.prefix(500).map { i -> Markup in
            tag("tr", [:],
                tag("th", ["scope": "row"], link("/people/\(i.child.id)", "\(i.child.givenName) \(i.child.familyName)")),
                tag("td", [:], text(i.child.dateOfBirth.map(Format.day) ?? "Due " + Format.day(i.child.expectedDeliveryDate))),
                tag("td", [:], text(i.entry.review.label)),
                tag("td", [:], text("\(i.entry.window.from.display) to \(i.entry.window.to.display)")),
                tag("td", [:], tag("span", ["class": HealthyChildViews.statusClass(i.entry.status)], text(i.entry.status.label))),
                tag("td", [:], text(i.child.team ?? "")),
                tag("td", [:], mayRecord ? link("/people/\(i.child.id)/reviews/new?review=\(i.entry.review.rawValue)", "Record", class: "small") : group([])))
        }
        return Layout.page(layout,
            tag("h1", [:], text("Reviews due and overdue")),
            tag("p", [:], mine ? link("/worklist", "Show all my teams' children") : link("/worklist?mine=1", "Show only children I lead for")),
            tag("p", [:], text("\(items.count) reviews outstanding for \(mine ? "the children you lead for" : "your teams' children") on \(today.display): \(overdue) overdue, \(items.count - overdue) due." + (items.count > 500 ? " The 500 most urgent are shown." : ""))),
            items.isEmpty ? tag("p", [:], text("Nothing is due.")) :
            tag("table", ["class": "table"],
                tag("caption", ["class": "visually-hidden"], text("Outstanding reviews, most urgent first")),
                tag("thead", [:], tag("tr", [:], ["Child", "Born", "Review", "Window", "Status", "Team", ""].map { tag("th", ["scope": "col"], text($0)) })),
                tag("tbody", [:], Array(rows))))
    }
}
