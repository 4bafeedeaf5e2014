import CradleCore

enum AccountSetupView {
    static func render(username: String, action: String, form: FormState, layout: Layout.Context) -> String {
        Layout.page(layout,
            tag("h1", [:], text("Set up your account")),
            tag("p", ["class": "lead"], text("Choose the password you will sign in with as \(username). Nobody else, your administrator included, will know it.")),
            form.errorSummary(),
            FormState.form(action: action, csrf: layout.csrf,
                form.input("new", "Password", type: "password",
                           hint: "At least \(PasswordPolicy.minimumLength) characters; three random words work well", width: "20"),
                form.input("confirm", "Password again", type: "password", width: "20"),
                FormState.submit("Set my password")))
    }
}
