import Plot

/// Body markup. Pages are built from Plot nodes through these few helpers so that every
/// text value is escaped by Plot and no view concatenates HTML strings.
typealias Markup = Node<HTML.BodyContext>

/// An element with attributes (nil values are left out) and children.
func tag(_ name: String, _ attributes: KeyValuePairs<String, String?> = [:], _ children: Markup...) -> Markup {
    tag(name, attributes, children)
}

func tag(_ name: String, _ attributes: KeyValuePairs<String, String?>, _ children: [Markup]) -> Markup {
    var nodes: [Markup] = []
    for (key, value) in attributes {
        guard let value else { continue }
        nodes.append(.attribute(named: key, value: value, ignoreIfValueIsEmpty: false))
    }
    return .element(named: name, nodes: nodes + children)
}

/// A void element such as `input`.
func voidTag(_ name: String, _ attributes: KeyValuePairs<String, String?>) -> Markup {
    var attrs: [Attribute<HTML.BodyContext>] = []
    for (key, value) in attributes {
        guard let value else { continue }
        attrs.append(Attribute(name: key, value: value, ignoreIfValueIsEmpty: false))
    }
    return .selfClosedElement(named: name, attributes: attrs)
}

func text(_ s: String) -> Markup { .text(s) }
func group(_ nodes: [Markup]) -> Markup { .group(nodes) }
func link(_ href: String, _ label: String, class cls: String? = nil) -> Markup { tag("a", ["href": href, "class": cls], text(label)) }

/// A boolean attribute value: present when true.
func flag(_ on: Bool) -> String? { on ? "" : nil }
