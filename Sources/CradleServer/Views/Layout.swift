import CradleCore

/// The page frame every screen shares: header with who is signed in, main content, footer.
enum Layout {
    struct Context {
        var title: String
        var signedIn: SignedIn?
        var csrf: String?
        var active: String? = nil
        /// The sections the policy lets this person open, in order.
        var nav: [NavItem] = []
        /// What the last save did ("Contact added"), shown once at the top of the next page.
        var saved: String? = nil
    }

    /// A section in the header: its address, its name, and the `active` key that marks it current.
    struct NavItem: Equatable {
        var path: String
        var label: String
        var key: String
    }

    static func page(_ c: Context, _ content: Markup...) -> String {
        page(c, content)
    }

    static func page(_ c: Context, _ content: [Markup]) -> String {
        let body = group([
            tag("a", ["href": "#main", "class": "skip-link"], text("Skip to main content")),
            header(c),
            tag("main", ["id": "main", "class": "container"],
                [c.saved.map { tag("div", ["class": "saved-notice", "role": "status"], text($0)) } ?? group([])] + content),
            tag("footer", ["class": "site-footer"],
                tag("div", ["class": "container"],
                    text("Cradle — the integrated early-years record. Demo data is fictional; NHS numbers are from the 999 test range."))),
        ])
        var out = "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"UTF-8\"/>"
            + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/>"
            + "<title>" + htmlEscape(c.title) + " — Cradle</title><link rel=\"stylesheet\" href=\"/cradle.css\"/></head><body>"
        out.reserveCapacity(24_576)
        var page = ""
        body.render(into: &page)
        out += TableLabels.apply(to: page)
        out += "</body></html>"
        return out
    }

    static func header(_ c: Context) -> Markup {
        var right: [Markup] = []
        if let s = c.signedIn {
            right = [
                tag("nav", ["aria-label": "Main"],
                    tag("ul", ["class": "nav"], c.nav.map { item in
                        tag("li", [:], link(item.path, item.label, class: c.active == item.key ? "current" : nil))
                    })),
                tag("div", ["class": "who"],
                    s.actor.familyMember == nil ? link("/account", "\(s.displayName) · \(s.actor.profession?.label ?? "")", class: "account-link")
                                                : link("/family", s.displayName, class: "account-link"),
                    tag("form", ["method": "post", "action": "/sign-out", "class": "inline"],
                        csrfField(c.csrf),
                        tag("button", ["type": "submit", "class": "button-link"], text("Sign out")))),
            ]
        }
        return tag("header", ["class": "site-header"],
                   tag("div", ["class": "container header-row"],
                       link("/", "Cradle", class: "brand"),
                       group(right)))
    }

    static func csrfField(_ token: String?) -> Markup {
        voidTag("input", ["type": "hidden", "name": "_csrf", "value": token ?? ""])
    }
}
