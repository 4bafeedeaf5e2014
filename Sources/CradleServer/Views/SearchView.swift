import CradleCore

enum SearchView {
    /// What a result offers this reader, as the policy decided for that child.
    enum Offer: Sendable { case record, breakGlass, accessLog, nothing }

    static func render(_ form: FormState, results: [(row: SearchRow, offer: Offer)]?, layout: Layout.Context) -> String {
        Layout.page(layout,
            tag("h1", [:], text("Find a child")),
            form.errorSummary(),
            tag("form", ["method": "get", "action": "/search", "class": "search-form", "novalidate": ""],
                tag("div", ["class": "search-grid"],
                    tag("fieldset", ["class": "fieldset"],
                        tag("legend", [:], text("By NHS number")),
                        form.input("nhsNumber", "NHS number", hint: "10 digits, spaces optional", width: "10")),
                    tag("fieldset", ["class": "fieldset"],
                        tag("legend", [:], text("By name and date of birth")),
                        form.input("familyName", "Family name", width: "20"),
                        form.input("givenName", "Given name (optional)", width: "20"),
                        form.date("dateOfBirth", "Date of birth")),
                    tag("fieldset", ["class": "fieldset"],
                        tag("legend", [:], text("By postcode")),
                        form.input("postcode", "Postcode", hint: "Current address", width: "10"))),
                tag("button", ["type": "submit", "class": "button"], text("Search"))),
            results.map(resultsTable) ?? group([]))
    }

    static func resultsTable(_ rows: [(row: SearchRow, offer: Offer)]) -> Markup {
        tag("section", ["aria-labelledby": "results-title", "class": "results"],
            tag("h2", ["id": "results-title"], text(rows.isEmpty ? "No children found" : "\(rows.count) \(rows.count == 1 ? "child" : "children") found")),
            rows.isEmpty ? tag("p", [:], text("Check the details and try again, or search another way.")) :
            tag("table", ["class": "table"],
                tag("thead", [:], tag("tr", [:],
                    tag("th", ["scope": "col"], text("Name")),
                    tag("th", ["scope": "col"], text("Date of birth")), tag("th", ["scope": "col"], text("Postcode district")))),
                tag("tbody", [:], rows.map { r, offer in
                    let name = "\(r.givenName) \(r.familyName)"
                    let who: Markup = switch offer {
                    case .record: link("/people/\(r.id)", name)
                    case .breakGlass: group([text(name + " "), tag("span", ["class": "hint"], text("Not a child your teams work with. ")),
                                             link("/people/\(r.id)/break-glass", "Emergency access", class: "small")])
                    case .accessLog: group([text(name + " "), link("/people/\(r.id)/access", "Who has seen this record", class: "small")])
                    case .nothing: group([text(name + " "), tag("span", ["class": "hint"], text("Not a child your teams work with"))])
                    }
                    return tag("tr", [:],
                        tag("td", [:], who),
                        tag("td", [:], text(r.dateOfBirth.map { Format.day($0) } ?? "Due " + Format.day(r.expectedDeliveryDate))),
                        tag("td", [:], text(r.postcodeDistrict ?? "—")))
                })))
    }
}
