import CradleCore

/// The page for a refused, missing or failed request; offers break-glass on a refused record.
enum ErrorView {
    static func render(status: Int, title: String, message: String, breakGlass: String? = nil, layout: Layout.Context) -> String {
        Layout.page(layout,
            tag("h1", [:], text(title)),
            tag("p", ["class": "lead", "id": "refusal-reason"], text(message)),
            breakGlass.map { tag("p", [:], link($0, "Emergency access (break-glass)", class: "button secondary")) } ?? group([]),
            tag("p", [:], text("Error \(status). "), link(layout.signedIn == nil ? "/sign-in" : "/search", layout.signedIn == nil ? "Sign in" : "Find a child")))
    }
}
