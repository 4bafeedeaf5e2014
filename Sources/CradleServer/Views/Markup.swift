import Plot

/// Body markup. Pages are built from Plot nodes through these few helpers so that every
/// text value is escaped by Plot and no view concatenates HTML strings.
typealias Markup = Node<HTML.BodyContext>

/// Escapes text for HTML in one pass. Plot escapes text nodes slowly (a string per
/// character) and does not escape attribute values at all, so every value goes through here:
/// a quote in a typed name can never break out of `value="…"`.
func htmlEscape(_ s: String) -> String {
    var needs = false
    for b in s.utf8 where b == 38 || b == 60 || b == 62 || b == 34 || b == 39 { needs = true; break }
    guard needs else { return s }
    var out = ""
    out.reserveCapacity(s.utf8.count + 16)
    for ch in s.unicodeScalars {
        switch ch {
        case "&": out += "&amp;"
        case "<": out += "&lt;"
        case ">": out += "&gt;"
        case "\"": out += "&quot;"
        case "'": out += "&#39;"
        default: out.unicodeScalars.append(ch)
        }
    }
    return out
}

/// An element with attributes (nil values are left out) and children.
func tag(_ name: String, _ attributes: KeyValuePairs<String, String?> = [:], _ children: Markup...) -> Markup {
    tag(name, attributes, children)
}

func tag(_ name: String, _ attributes: KeyValuePairs<String, String?>, _ children: [Markup]) -> Markup {
    var nodes: [Markup] = []
    for (key, value) in attributes {
        guard let value else { continue }
        nodes.append(.attribute(named: key, value: htmlEscape(value), ignoreIfValueIsEmpty: false))
    }
    return .element(named: name, nodes: nodes + children)
}

/// A void element such as `input`.
func voidTag(_ name: String, _ attributes: KeyValuePairs<String, String?>) -> Markup {
    var attrs: [Attribute<HTML.BodyContext>] = []
    for (key, value) in attributes {
        guard let value else { continue }
        attrs.append(Attribute(name: key, value: htmlEscape(value), ignoreIfValueIsEmpty: false))
    }
    return .selfClosedElement(named: name, attributes: attrs)
}

func text(_ s: String) -> Markup { .raw(htmlEscape(s)) }
func group(_ nodes: [Markup]) -> Markup { .group(nodes) }
func link(_ href: String, _ label: String, class cls: String? = nil) -> Markup { tag("a", ["href": href, "class": cls], text(label)) }

/// A boolean attribute value: present when true.
func flag(_ on: Bool) -> String? { on ? "" : nil }
