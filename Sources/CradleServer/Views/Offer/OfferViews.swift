import CradleCore

/// The local offer: the public search page, and the fields its keepers fill in.
enum OfferViews {
    struct Search {
        var postcode: String
        var age: ChildAge?
        var need: OfferNeed?
        /// Why the postcode did not place the results, said above them.
        var notice: String?
        var placed: Bool
    }

    static func page(_ s: Search, entries: [OfferEntry], keep: [(id: Int64, name: String, written: Bool)], layout: Layout.Context) -> String {
        let sections: [(OfferEntry.Kind, String)] = [(.centre, "Children's centres"), (.activity, "Activities and sessions"),
                                                     (.service, "Services"), (.programme, "Programmes (by referral)")]
        return Layout.page(layout,
            tag("h1", [:], text("Things to do and help for families with children under 5")),
            tag("p", ["class": "lead"], text("Everything on offer locally for pregnancy and the first five years: free unless it says otherwise.")),
            keep.isEmpty ? group([]) : tag("section", ["class": "panel no-print", "aria-labelledby": "keep-title"],
                tag("h2", ["id": "keep-title"], text("Your teams' services")),
                tag("ul", ["class": "plain"], keep.map { k in
                    tag("li", [:], link("/services/\(k.id)/offer", (k.written ? "Change the entry for " : "Write an entry for ") + k.name))
                })),
            searchForm(s),
            s.notice.map { tag("div", ["class": "notice", "role": "status"], text($0)) } ?? group([]),
            tag("p", ["role": "status"], text(summary(entries.count, s))),
            group(sections.map { kind, title in
                let these = entries.filter { $0.kind == kind }
                guard !these.isEmpty else { return group([]) }
                return tag("section", ["aria-labelledby": "offer-\(kind.rawValue)"],
                           tag("h2", ["id": "offer-\(kind.rawValue)"], text(title)),
                           group(these.map { card($0, placed: s.placed) }))
            }),
            tag("p", ["class": "no-print"], text("Worried about your child or need support? "), link("/help", "Ask for help"),
                text(". If a child is in danger now, call 999.")))
    }

    static func summary(_ n: Int, _ s: Search) -> String {
        var what = "\(n) result\(n == 1 ? "" : "s")"
        if let age = s.age { what += " for \(age.label.lowercased())" }
        if let need = s.need { what += " about \(need.label.lowercased())" }
        if s.placed { what += ", nearest to \(s.postcode) first" }
        return what
    }

    static func searchForm(_ s: Search) -> Markup {
        let f = FormState(values: ["postcode": s.postcode, "age": s.age?.rawValue ?? "", "need": s.need?.rawValue ?? ""])
        return tag("form", ["method": "get", "action": "/offer", "class": "offer-search no-print", "role": "search"],
                   f.input("postcode", "Your postcode", hint: "To show what is nearest to you first", autocomplete: "postal-code", width: "10"),
                   f.select("age", "Age of your child", options: ChildAge.allCases.map { ($0.rawValue, $0.label) }, blank: "Any age"),
                   f.select("need", "Help with", options: OfferNeed.allCases.map { ($0.rawValue, $0.label) }, blank: "Anything"),
                   FormState.submit("Search"))
    }

    static func card(_ e: OfferEntry, placed: Bool) -> Markup {
        let rows: [(String, String)] = [("When", e.when), ("Where", e.place), ("Cost", e.details.cost),
                                        ("Ages", e.details.agesLabel), ("How to join", e.details.howToJoin)]
        return tag("article", ["class": "offer-card"],
                   tag("h3", [:], text(e.title)),
                   tag("p", ["class": "offer-provider"], text(e.kind == .centre ? "" : e.provider),
                       placed && e.nearness != .elsewhere ? tag("span", ["class": "tag tag-green"], text(e.nearness.label)) : group([])),
                   tag("p", [:], text(e.description)),
                   tag("dl", ["class": "offer-facts"], rows.filter { !$0.1.isEmpty }.map { k, v in
                       group([tag("dt", [:], text(k)), tag("dd", [:], text(v))])
                   }),
                   e.details.needs.isEmpty || e.kind == .centre ? group([]) :
                       tag("p", ["class": "hint"], text("Helps with: " + e.details.needs.map(\.label).joined(separator: ", "))))
    }

    /// The fields every offer entry shares.
    static func detailsFields(_ f: FormState) -> Markup {
        let chosen = Set(f["needs"].split(separator: ",").map(String.init))
        return group([
            f.input("cost", "Cost", hint: "For example: Free, or £2 a session", width: "20"),
            f.textarea("howToJoin", "How to join", rows: 2),
            f.input("fromMonths", "From age (months)", type: "number", hint: "-9 for pregnancy, 0 for birth", width: "5"),
            f.input("toMonths", "To age (months)", type: "number", hint: "Up to 60, the fifth birthday", width: "5"),
            tag("fieldset", ["class": "field", "id": "needs"],
                tag("legend", [:], text("What it helps with")),
                f.errorMessage("needs"),
                group(OfferNeed.allCases.map { n in
                    tag("div", ["class": "checkbox"],
                        voidTag("input", ["id": "needs-\(n.rawValue)", "name": "needs", "type": "checkbox", "value": n.rawValue,
                                          "checked": flag(chosen.contains(n.rawValue))]),
                        tag("label", ["for": "needs-\(n.rawValue)"], text(n.label)))
                })),
        ])
    }

    /// What an entry's stored details fill its form with.
    static func values(_ d: OfferDetails) -> [String: String] {
        ["cost": d.cost, "howToJoin": d.howToJoin, "fromMonths": String(d.fromMonths), "toMonths": String(d.toMonths), "needs": d.needCodes]
    }

    static func serviceForm(_ s: LocalOfferStore.ServiceRow, _ f: FormState, layout: Layout.Context) -> String {
        Layout.page(layout,
            tag("h1", [:], text("\(s.name): entry in the local offer")),
            tag("p", [:], text("Families see this on "), link("/offer", "the local offer"),
                text(" without signing in. Write it for a parent: what you offer, when, where and how to get it.")),
            f.errorSummary(),
            FormState.form(action: "/services/\(s.id)/offer", csrf: layout.csrf,
                f.textarea("description", "What the service offers families", rows: 3),
                f.input("when", "When it is available", hint: "For example: Monday to Friday, 9:00–17:00"),
                f.input("place", "Where", hint: "For example: at home, or at your children's centre"),
                detailsFields(f),
                FormState.submit("Save the entry")),
            s.offerDescription.isEmpty ? group([]) :
                FormState.form(action: "/services/\(s.id)/offer/withdraw", csrf: layout.csrf,
                    tag("button", ["type": "submit", "class": "button button-secondary"], text("Take it off the local offer"))))
    }

    static func activityForm(centre: Int64, _ a: CentreStore.ActivityRow, _ f: FormState, layout: Layout.Context) -> String {
        Layout.page(layout,
            tag("h1", [:], text("Change an activity: \(a.title)")),
            f.errorSummary(),
            FormState.form(action: "/centres/\(centre)/activities/\(a.id)", csrf: layout.csrf,
                f.input("title", "Activity"), f.input("when", "When it runs", hint: "For example: Tuesdays 10:00–11:30"),
                f.input("place", "Where"), f.textarea("description", "What families do there", rows: 2),
                detailsFields(f),
                FormState.submit("Save the activity")),
            FormState.form(action: "/centres/\(centre)/activities/\(a.id)/withdraw", csrf: layout.csrf,
                tag("button", ["type": "submit", "class": "button button-secondary"], text("Stop listing this activity"))),
            tag("p", [:], link("/centres/\(centre)#activities", "Back to your centre")))
    }

    static func activityValues(_ a: CentreStore.ActivityRow) -> [String: String] {
        values(a.details).merging(["title": a.title, "when": a.whenText, "place": a.place, "description": a.description]) { a, _ in a }
    }
}
