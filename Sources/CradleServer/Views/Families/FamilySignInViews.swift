import CradleCore

/// The pages a parent or carer signs in through.
enum FamilySignInViews {
    /// The ways this council offers: a mailed link, and the identity provider's name if there is one.
    struct Ways { var emailLinks: Bool; var provider: String? }

    static func form(_ f: FormState, ways: Ways, layout: Layout.Context) -> String {
        Layout.page(layout,
            tag("div", ["class": "narrow"],
                tag("h1", [:], text("Sign in to your family's record")),
                tag("p", ["class": "lead"], text("See who is working with your family, your children's reviews, who has looked at your record and why, and what you have agreed to share.")),
                ways.provider.map { link("/family/sign-in/oidc", "Continue with \($0)", class: "button") } ?? group([]),
                ways.emailLinks ? group([
                    ways.provider == nil ? group([]) : tag("h2", [:], text("Or have a link emailed to you")),
                    f.errorSummary(),
                    FormState.form(action: "/family/sign-in", csrf: layout.csrf,
                        f.input("email", "Your email address", type: "email",
                                hint: "The address you gave your health visitor or children's centre. We will email you a link to sign in.",
                                autocomplete: "email", required: true),
                        FormState.submit("Email me a link")),
                    tag("p", [:], text("No email address registered? Ask your health visitor or children's centre to add one.")),
                ]) : group([]),
                tag("p", [:], link("/offer", "See what is on for families with children under 5"))))
    }

    static func sent(_ email: String, layout: Layout.Context) -> String {
        Layout.page(layout,
            tag("div", ["class": "narrow"],
                tag("h1", [:], text("Check your email")),
                tag("p", ["class": "lead", "role": "status"], text("If \(email) is registered for your family's record, we have sent it a link to sign in.")),
                tag("p", [:], text("The link works once, in the next 15 minutes. Nothing arrived? Check your junk folder, or "),
                    link("/family/sign-in", "ask for another link"), text("."))))
    }

    static func confirm(token: String, layout: Layout.Context) -> String {
        Layout.page(layout,
            tag("div", ["class": "narrow"],
                tag("h1", [:], text("Sign in to your family's record")),
                FormState.form(action: "/family/sign-in/\(token)", csrf: layout.csrf, FormState.submit("Continue to your family's record"))))
    }

    static func refused(_ why: String, provider: String, layout: Layout.Context) -> String {
        Layout.page(layout,
            tag("div", ["class": "narrow"],
                tag("h1", [:], text("We could not sign you in")),
                tag("p", [:], text("Signing in with \(provider) did not work: \(why).")),
                tag("p", [:], link("/family/sign-in", "Try again"),
                    text(". If your family has no access yet, ask your health visitor or children's centre to open it."))))
    }

    static func expired(layout: Layout.Context) -> String {
        Layout.page(layout,
            tag("div", ["class": "narrow"],
                tag("h1", [:], text("This sign-in link does not work")),
                tag("p", [:], text("Each link works once, for 15 minutes, and only while your family's access is open. "),
                    link("/family/sign-in", "Ask for a new link"), text("."))))
    }
}
