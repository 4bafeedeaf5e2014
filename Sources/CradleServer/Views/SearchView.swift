import CradleCore

enum SearchView {
    static func render(_ form: FormState, results: [SearchRow]?, layout: Layout.Context) -> String {
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
                        form.input("dateOfBirth", "Date of birth", type: "date", hint: "For example 2024-03-27 or 27/03/2024")),
                    tag("fieldset", ["class": "fieldset"],
                        tag("legend", [:], text("By postcode")),
                        form.input("postcode", "Postcode", hint: "Current address", width: "10"))),
                tag("button", ["type": "submit", "class": "button"], text("Search"))),
            results.map(resultsTable) ?? group([]))
    }

    static func resultsTable(_ rows: [SearchRow]) -> Markup {
        tag("section", ["aria-labelledby": "results-title", "class": "results"],
            tag("h2", ["id": "results-title"], text(rows.isEmpty ? "No children found" : "\(rows.count) \(rows.count == 1 ? "child" : "children") found")),
            rows.isEmpty ? tag("p", [:], text("Check the details and try again, or search another way.")) :
            tag("table", ["class": "table"],
                tag("thead", [:], tag("tr", [:],
                    tag("th", ["scope": "col"], text("Name")),
                    tag("th", ["scope": "col"], text("Date of birth")), tag("th", ["scope": "col"], text("Postcode district")))),
                tag("tbody", [:], rows.map { r in
                    tag("tr", [:],
                        tag("td", [:], link("/people/\(r.id)", "\(r.givenName) \(r.familyName)")),
                        tag("td", [:], text(r.dateOfBirth.map { Format.day($0) } ?? "Due " + Format.day(r.expectedDeliveryDate))),
                        tag("td", [:], text(r.postcodeDistrict ?? "—")))
                })))
    }
}
