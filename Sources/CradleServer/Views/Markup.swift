/// Page markup, built with `tag`, `voidTag`, `text` and `group` and escaped as it is built.
///
/// Cradle began on Plot. Profiling the record page showed Plot's closure tree was a quarter
/// of the CPU of a view, and Plot writes attribute values unescaped (a typed `"` could break
/// out of `value="…"`). This keeps Plot's shape (nested calls, no string concatenation
/// in views) with escaping guaranteed by construction.
///
/// A node is its HTML, written once when it is built: a tree of enum cases and attribute
/// arrays cost three allocations per element and a second pass to render, a fifth of the
/// record page's CPU. Attribute values and text are escaped as they are written, so a `"`
/// never appears raw inside a value or text, which `suffixingIds` relies on.
struct Markup {
    fileprivate(set) var html: String

    /// Trusted markup produced by this file or a view's own literal (an SVG chart).
    static func text(_ trusted: String) -> Markup { Markup(html: trusted) }

    static func group(_ children: [Markup]) -> Markup {
        var out = ""
        out.reserveCapacity(children.reduce(0) { $0 + $1.html.utf8.count })
        for c in children { out += c.html }
        return Markup(html: out)
    }

    func render(into out: inout String) { out += html }

    fileprivate static func element(_ name: String, _ attributes: KeyValuePairs<String, String?>, _ children: [Markup]?) -> Markup {
        var size = 2 * name.utf8.count + 5
        for (key, value) in attributes { size += key.utf8.count + (value?.utf8.count ?? 0) + 4 }
        for c in children ?? [] { size += c.html.utf8.count }
        var out = ""
        out.reserveCapacity(size)
        out += "<"
        out += name
        // A nil value leaves the attribute out.
        for (key, value) in attributes {
            guard let value else { continue }
            out += " "
            out += key
            out += "=\""
            appendEscaped(value, to: &out)
            out += "\""
        }
        guard let children else {
            out += "/>"
            return Markup(html: out)
        }
        out += ">"
        for c in children { out += c.html }
        out += "</"
        out += name
        out += ">"
        return Markup(html: out)
    }
}

/// Escapes text for HTML in one pass, for text and attribute values alike.
func htmlEscape(_ s: String) -> String {
    var out = ""
    appendEscaped(s, to: &out)
    return out
}

private func appendEscaped(_ s: String, to out: inout String) {
    var needs = false
    for b in s.utf8 where b == 38 || b == 60 || b == 62 || b == 34 || b == 39 { needs = true; break }
    guard needs else { out += s; return }
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
}

/// An element with attributes (nil values are left out) and children.
func tag(_ name: String, _ attributes: KeyValuePairs<String, String?> = [:], _ children: Markup...) -> Markup {
    .element(name, attributes, children)
}

func tag(_ name: String, _ attributes: KeyValuePairs<String, String?>, _ children: [Markup]) -> Markup {
    .element(name, attributes, children)
}

/// A void element such as `input`.
func voidTag(_ name: String, _ attributes: KeyValuePairs<String, String?>) -> Markup {
    .element(name, attributes, nil)
}

func text(_ s: String) -> Markup { Markup(html: htmlEscape(s)) }
func group(_ nodes: [Markup]) -> Markup { .group(nodes) }
func link(_ href: String, _ label: String, class cls: String? = nil) -> Markup { tag("a", ["href": href, "class": cls], text(label)) }

/// A link when the policy lets the reader follow it; otherwise its label as plain text.
func link(if allowed: Bool, _ href: String, _ label: String, class cls: String? = nil) -> Markup {
    allowed ? link(href, label, class: cls) : text(label)
}

/// A boolean attribute value: present when true.
func flag(_ on: Bool) -> String? { on ? "" : nil }

extension Markup {
    /// The same markup with every id (and the `for` and `aria-describedby` that point at ids)
    /// given a suffix, so one form can repeat on a page without duplicate ids. `suffix` must
    /// need no escaping. Values and text never hold a raw `"`, so ` id="` only starts an attribute.
    func suffixingIds(_ suffix: String) -> Markup {
        let bytes = Array(html.utf8)
        let names: [(name: [UInt8], split: Bool)] = [(Array(" id=\"".utf8), false), (Array(" for=\"".utf8), false),
                                                     (Array(" aria-describedby=\"".utf8), true)]
        let end = Array(suffix.utf8)
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count + 64)
        var i = 0
        scan: while i < bytes.count {
            if bytes[i] == 32 {
                for (name, split) in names where bytes[i...].starts(with: name) {
                    out += name
                    i += name.count
                    // Copy the value, suffixing each of its ids.
                    while i < bytes.count && bytes[i] != 34 {
                        if split && bytes[i] == 32 { out += end }
                        out.append(bytes[i])
                        i += 1
                    }
                    out += end
                    continue scan
                }
            }
            out.append(bytes[i])
            i += 1
        }
        return Markup(html: String(decoding: out, as: UTF8.self))
    }
}
