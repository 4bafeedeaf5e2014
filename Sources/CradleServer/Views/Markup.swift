/// Page markup: a small tree built with `tag`, `voidTag`, `text` and `group`, escaped as it is
/// built and rendered in one pass.
///
/// Cradle began on Plot. Profiling the record page showed Plot's closure tree was a quarter
/// of the CPU of a view, and Plot writes attribute values unescaped (a typed `"` could break
/// out of `value="…"`). This keeps Plot's shape (typed nodes, no string concatenation in
/// views) with escaping guaranteed by construction.
indirect enum Markup {
    /// Escaped text (or trusted markup produced by this file).
    case text(String)
    case element(String, attributes: [(String, String)], children: [Markup])
    case void(String, attributes: [(String, String)])
    case group([Markup])

    func render(into out: inout String) {
        switch self {
        case .text(let s):
            out += s
        // Appends piece by piece: `a + b` would build a temporary string for every tag.
        case .element(let name, let attributes, let children):
            out += "<"
            out += name
            Markup.write(attributes, into: &out)
            out += ">"
            for c in children { c.render(into: &out) }
            out += "</"
            out += name
            out += ">"
        case .void(let name, let attributes):
            out += "<"
            out += name
            Markup.write(attributes, into: &out)
            out += "/>"
        case .group(let children):
            for c in children { c.render(into: &out) }
        }
    }

    static func write(_ attributes: [(String, String)], into out: inout String) {
        for (k, v) in attributes {
            out += " "
            out += k
            out += "=\""
            out += v
            out += "\""
        }
    }
}

/// Escapes text for HTML in one pass, for text and attribute values alike.
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

/// Attribute values are escaped here; a nil value leaves the attribute out.
private func escaped(_ attributes: KeyValuePairs<String, String?>) -> [(String, String)] {
    var out: [(String, String)] = []
    out.reserveCapacity(attributes.count)
    for (key, value) in attributes {
        guard let value else { continue }
        out.append((key, htmlEscape(value)))
    }
    return out
}

/// An element with attributes (nil values are left out) and children.
func tag(_ name: String, _ attributes: KeyValuePairs<String, String?> = [:], _ children: Markup...) -> Markup {
    .element(name, attributes: escaped(attributes), children: children)
}

func tag(_ name: String, _ attributes: KeyValuePairs<String, String?>, _ children: [Markup]) -> Markup {
    .element(name, attributes: escaped(attributes), children: children)
}

/// A void element such as `input`.
func voidTag(_ name: String, _ attributes: KeyValuePairs<String, String?>) -> Markup {
    .void(name, attributes: escaped(attributes))
}

func text(_ s: String) -> Markup { .text(htmlEscape(s)) }
func group(_ nodes: [Markup]) -> Markup { .group(nodes) }
func link(_ href: String, _ label: String, class cls: String? = nil) -> Markup { tag("a", ["href": href, "class": cls], text(label)) }

/// A boolean attribute value: present when true.
func flag(_ on: Bool) -> String? { on ? "" : nil }

extension Markup {
    /// The same markup with every id (and the `for` and `aria-describedby` that point at ids)
    /// given a suffix, so one form can repeat on a page without duplicate ids. `suffix` must
    /// need no escaping.
    func suffixingIds(_ suffix: String) -> Markup {
        func fix(_ attributes: [(String, String)]) -> [(String, String)] {
            attributes.map { k, v in
                switch k {
                case "id", "for": (k, v + suffix)
                case "aria-describedby": (k, v.split(separator: " ").map { $0 + suffix }.joined(separator: " "))
                default: (k, v)
                }
            }
        }
        switch self {
        case .text: return self
        case .element(let name, let attributes, let children): return .element(name, attributes: fix(attributes), children: children.map { $0.suffixingIds(suffix) })
        case .void(let name, let attributes): return .void(name, attributes: fix(attributes))
        case .group(let children): return .group(children.map { $0.suffixingIds(suffix) })
        }
    }
}
