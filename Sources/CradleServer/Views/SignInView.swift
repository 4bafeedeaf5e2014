
enum SignInView {
    static func render(_ form: FormState, layout: Layout.Context) -> String {
        Layout.page(layout,
            tag("div", ["class": "narrow"],
                tag("h1", [:], text("Sign in to Cradle")),
                tag("p", ["class": "lead"], text("The integrated early-years record for Fernmoor's health, children's centre, early help and social care teams.")),
                form.errorSummary(),
                FormState.form(action: "/sign-in", csrf: layout.csrf,
                    form.input("username", "Username", autocomplete: "username", width: "20", required: true),
                    form.input("password", "Password", type: "password", autocomplete: "current-password", width: "20", required: true),
                    FormState.submit("Sign in")),
                tag("h2", [:], text("Parents and carers")),
                tag("ul", ["class": "plain"],
                    tag("li", [:], link("/family/sign-in", "Sign in to your family's record")),
                    tag("li", [:], link("/offer", "What is on for families with children under 5")),
                    tag("li", [:], link("/help", "Ask for help")))))
    }
}
