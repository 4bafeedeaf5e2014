import CradleCore

/// "Are you sure?" before a change that is hard to take back (a merge, undoing one, withdrawing
/// consent, ending an involvement): what will happen, and the same form sent again, confirmed.
enum ConfirmView {
    static func render(title: String, consequences: [String], action: String, fields: [String: String], confirm: String,
                       cancel: String, layout: Layout.Context) -> String {
        let hidden = fields.filter { $0.key != "_csrf" && $0.key != "confirmed" }.sorted { $0.key < $1.key }.map { k, v in
            voidTag("input", ["type": "hidden", "name": k, "value": v])
        }
        return Layout.page(layout,
            tag("h1", [:], text(title)),
            tag("div", ["class": "warning-panel", "role": "region", "aria-label": "What will happen"],
                tag("ul", [:], consequences.map { tag("li", [:], text($0)) })),
            FormState.form(action: action, csrf: layout.csrf,
                group(hidden),
                voidTag("input", ["type": "hidden", "name": "confirmed", "value": "yes"]),
                tag("div", ["class": "actions"],
                    tag("button", ["type": "submit", "class": "button warning"], text(confirm)),
                    link(cancel, "Cancel: go back without changing anything", class: "button secondary"))))
    }
}
