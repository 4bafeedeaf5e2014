import CradleCore

/// What a form shows: the values entered (kept on error, so nothing typed is lost) and the
/// problems, each beside its field and listed in a summary at the top.
struct FormState {
    var values: [String: String] = [:]
    var errors = FieldErrors()
    var notice: String? = nil
    /// Which of a page's several forms was sent, when a page has more than one: the others
    /// start empty rather than showing its values and errors.
    var submitted: String? = nil

    subscript(_ field: String) -> String { values[field] ?? "" }

    /// This state for the form named `name`; an empty one for any other form on the page.
    func only(_ name: String) -> FormState { submitted == name ? self : FormState() }

    var hasProblems: Bool { !errors.isEmpty || notice != nil }

    /// `idSuffix` is the suffix a form's field ids carry when the page has two fields of one name.
    func errorSummary(idSuffix: String = "") -> Markup {
        guard hasProblems else { return group([]) }
        let items = errors.messages.map { tag("li", [:], link("#\($0.field)\(idSuffix)", $0.message)) }
        return tag("div", ["class": "error-summary", "role": "alert", "tabindex": "-1", "aria-labelledby": "error-summary-title"],
                   tag("h2", ["id": "error-summary-title"], text("There is a problem")),
                   notice.map { tag("p", [:], text($0)) } ?? group([]),
                   tag("ul", [:], items))
    }

    /// The message beside a field in error; nothing when the field is fine.
    func errorMessage(_ name: String) -> Markup {
        errors[name].map { tag("p", ["id": "\(name)-error", "class": "error-message"], text("Error: \($0)")) } ?? group([])
    }

    /// The field's wrapper, label, hint and error message around its control.
    private func field(_ name: String, _ label: String, hint: String?, _ control: (_ describedBy: String?) -> Markup) -> Markup {
        let describedBy = [hint.map { _ in "\(name)-hint" }, errors[name].map { _ in "\(name)-error" }].compactMap { $0 }.joined(separator: " ")
        return tag("div", ["class": errors[name] == nil ? "field" : "field field-error"],
                   tag("label", ["for": name], text(label)),
                   hint.map { tag("div", ["id": "\(name)-hint", "class": "hint"], text($0)) } ?? group([]),
                   errorMessage(name),
                   control(describedBy.isEmpty ? nil : describedBy))
    }

    /// A labelled text input.
    func input(_ name: String, _ label: String, type: String = "text", hint: String? = nil, autocomplete: String? = nil,
               width: String? = nil, required: Bool = false) -> Markup {
        field(name, label, hint: hint) { describedBy in
            voidTag("input", ["id": name, "name": name, "type": type, "value": self[name],
                              "class": width.map { "input width-\($0)" } ?? "input",
                              "autocomplete": autocomplete, "aria-describedby": describedBy,
                              "aria-invalid": errors[name] == nil ? nil : "true", "required": flag(required)])
        }
    }

    /// A date typed day first, whatever the browser's language: a text box with a hint, not the
    /// browser's date picker (which shows month first in a US-English browser). A stored date
    /// (ISO) shows as DD/MM/YYYY; what a person typed stays as they typed it. The server reads
    /// DD/MM/YYYY and YYYY-MM-DD.
    func date(_ name: String, _ label: String, hint: String? = nil) -> Markup {
        var shown = self
        if self[name].contains("-"), let d = try? Day(self[name]) { shown.values[name] = d.dayFirst }
        let example = "Day, month, year: for example 27/03/2024"
        return shown.input(name, label, hint: hint.map { "\($0). \(example)" } ?? example, autocomplete: "off", width: "10")
    }

    func textarea(_ name: String, _ label: String, rows: Int = 6) -> Markup {
        field(name, label, hint: nil) { describedBy in
            tag("textarea", ["id": name, "name": name, "rows": String(rows), "class": "input", "aria-describedby": describedBy], text(self[name]))
        }
    }

    func select(_ name: String, _ label: String, options: [(value: String, label: String)], blank: String? = "Choose…",
                hint: String? = nil) -> Markup {
        var opts: [Markup] = []
        if let blank { opts.append(tag("option", ["value": ""], text(blank))) }
        for o in options {
            opts.append(tag("option", ["value": o.value, "selected": flag(self[name] == o.value)], text(o.label)))
        }
        return field(name, label, hint: hint) { describedBy in
            tag("select", ["id": name, "name": name, "class": "input", "aria-describedby": describedBy], opts)
        }
    }

    /// A select whose options come in labelled groups (an empty group is left out).
    func select(_ name: String, _ label: String, groups: [(label: String, options: [(value: String, label: String)])],
                hint: String? = nil) -> Markup {
        let opts = groups.filter { !$0.options.isEmpty }.map { g in
            tag("optgroup", ["label": g.label], g.options.map { o in
                tag("option", ["value": o.value, "selected": flag(self[name] == o.value)], text(o.label))
            })
        }
        return field(name, label, hint: hint) { describedBy in
            tag("select", ["id": name, "name": name, "class": "input", "aria-describedby": describedBy], opts)
        }
    }

    func vocabulary<V: Vocabulary>(_ name: String, _ label: String, _ type: V.Type) -> Markup {
        select(name, label, options: V.allCases.map { ($0.rawValue, $0.label) })
    }

    func checkbox(_ name: String, _ label: String) -> Markup {
        let on = ["on", "true", "1", "yes"].contains(self[name].lowercased())
        return tag("div", ["class": "field checkbox"],
                   voidTag("input", ["id": name, "name": name, "type": "checkbox", "value": "on", "checked": flag(on)]),
                   tag("label", ["for": name], text(label)))
    }

    func hidden(_ name: String) -> Markup { voidTag("input", ["type": "hidden", "name": name, "value": self[name]]) }

    /// The form element with its CSRF token.
    static func form(action: String, csrf: String?, _ children: Markup...) -> Markup {
        tag("form", ["method": "post", "action": action, "novalidate": ""], [Layout.csrfField(csrf)] + children)
    }

    static func submit(_ label: String) -> Markup { tag("button", ["type": "submit", "class": "button"], text(label)) }
}
