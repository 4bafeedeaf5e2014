import Foundation

/// Gives every data cell of a `table class="table"` the name of its column (`data-label`), so
/// that on a phone, where the stylesheet stacks each row as a card, every value says what it is.
/// Done once on the finished page: tables are built in many views, and a label missed in one
/// would leave a bare number on a phone. Cells that already carry a label keep it.
enum TableLabels {
    static func apply(to html: String) -> String {
        guard html.contains("<table class=\"table\"") else { return html }
        var out = ""
        out.reserveCapacity(html.utf8.count + html.utf8.count / 8)
        var rest = Substring(html)
        while let start = rest.range(of: "<table class=\"table\"") {
            out += rest[..<start.lowerBound]
            guard let end = rest.range(of: "</table>", range: start.upperBound..<rest.endIndex) else { break }
            out += label(rest[start.lowerBound..<end.upperBound])
            rest = rest[end.upperBound...]
        }
        out += rest
        return out
    }

    static func label(_ table: Substring) -> String {
        guard let headStart = table.range(of: "<thead>"), let headEnd = table.range(of: "</thead>") else { return String(table) }
        let names = headers(table[headStart.upperBound..<headEnd.lowerBound])
        guard !names.isEmpty else { return String(table) }
        var out = String(table[..<headEnd.upperBound])
        var rest = table[headEnd.upperBound...]
        var column = 0
        // Walk the body's cells in order, counting columns within each row.
        while let next = rest.range(of: "<t") {
            out += rest[..<next.lowerBound]
            let tail = rest[next.lowerBound...]
            if tail.hasPrefix("<tr") { column = 0; out += "<tr"; rest = tail.dropFirst(3); continue }
            let cell = tail.hasPrefix("<td") ? "<td" : tail.hasPrefix("<th") && !tail.hasPrefix("<thead") ? "<th" : nil
            guard let cell else { out += "<t"; rest = tail.dropFirst(2); continue }
            let tagEnd = tail.firstIndex(of: ">") ?? tail.endIndex
            let attributes = tail[tail.index(tail.startIndex, offsetBy: 3)..<tagEnd]
            out += cell
            if cell == "<td", !attributes.contains("data-label="), column < names.count, !names[column].isEmpty {
                out += " data-label=\"\(names[column])\""
            }
            column += 1
            rest = tail.dropFirst(3)
        }
        out += rest
        return out
    }

    /// The column headers' texts (tags stripped, already escaped), in order.
    static func headers(_ head: Substring) -> [String] {
        var names: [String] = []
        var rest = head
        while let open = rest.range(of: "<th") {
            guard let close = rest.range(of: "</th>", range: open.upperBound..<rest.endIndex),
                  let tagEnd = rest[open.upperBound..<close.lowerBound].firstIndex(of: ">") else { break }
            var text = "", inTag = false
            for ch in rest[rest.index(after: tagEnd)..<close.lowerBound] {
                if ch == "<" { inTag = true } else if ch == ">" { inTag = false } else if !inTag { text.append(ch) }
            }
            names.append(text.replacingOccurrences(of: "\"", with: "&quot;"))
            rest = rest[close.upperBound...]
        }
        return names
    }
}
