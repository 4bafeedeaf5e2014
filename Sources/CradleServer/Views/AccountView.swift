import CradleCore

enum AccountView {
    static func render(_ me: SignedIn, tokens: [PractitionerQueries.TokenRow], today: Day, form: FormState, newToken: String?, confirmation: String?,
                       layout: Layout.Context) -> String {
        Layout.page(layout,
            tag("h1", [:], text("Your account")),
            confirmation.map { tag("p", ["class": "confirmation", "role": "status"], text($0)) } ?? group([]),
            tag("p", ["class": "lead"], text("\(me.displayName) · \(me.actor.profession?.label ?? "") · signed in as \(me.username)")),
            form.errorSummary(),
            tag("section", ["class": "panel", "aria-labelledby": "password-title"],
                tag("h2", ["id": "password-title"], text("Change your password")),
                tag("p", ["class": "hint"], text("At least \(PasswordPolicy.minimumLength) characters. Three random words make a strong password that is easy to remember.")),
                FormState.form(action: "/account/password", csrf: layout.csrf,
                    form.input("current", "Current password", type: "password", autocomplete: "current-password", width: "20"),
                    form.input("new", "New password", type: "password", autocomplete: "new-password", width: "20"),
                    form.input("confirm", "New password again", type: "password", autocomplete: "new-password", width: "20"),
                    FormState.submit("Change password"))),
            tag("section", ["class": "panel", "aria-labelledby": "tokens-title"],
                tag("h2", ["id": "tokens-title"], text("Personal API tokens")),
                newToken.map { t in
                    tag("div", ["class": "confirmation", "role": "status"],
                        tag("p", [:], text("Your new token — copy it now; it is not shown again:")),
                        tag("code", ["class": "token"], text(t)))
                } ?? group([]),
                tokens.isEmpty ? tag("p", [:], text("You have no API tokens.")) :
                tag("table", ["class": "table"],
                    tag("thead", [:], tag("tr", [:], tag("th", ["scope": "col"], text("Name")), tag("th", ["scope": "col"], text("Made")),
                                          tag("th", ["scope": "col"], text("Expires")), tag("th", ["scope": "col"], text("State")))),
                    tag("tbody", [:], tokens.map { t in
                        tag("tr", [:], tag("td", [:], text(t.name)), tag("td", [:], text(Format.day(t.createdAt))),
                            tag("td", [:], text((t.expiresOn <= today.iso ? "Expired " : "") + Format.day(t.expiresOn))),
                            tag("td", [:], t.revokedAt == nil && t.expiresOn > today.iso
                                ? tag("form", ["method": "post", "action": "/account/tokens/\(t.id)/revoke", "class": "inline"],
                                      Layout.csrfField(layout.csrf), tag("button", ["type": "submit", "class": "button secondary"], text("Revoke \(t.name)")))
                                : text(t.revokedAt.map { "Revoked \(Format.day($0))" } ?? "Expired")))
                    })),
                FormState.form(action: "/account/tokens", csrf: layout.csrf,
                    form.input("name", "New token name", hint: "What will use it, for example a reporting script", width: "20"),
                    FormState.submit("Make a token"))))
    }
}
