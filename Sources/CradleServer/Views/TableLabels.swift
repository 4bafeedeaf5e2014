/// Gives every data cell of a `table class="table"` the name of its column (`data-label`), so
/// that on a phone, where the stylesheet stacks each row as a card, every value says what it is.
/// Done once on the finished page: tables are built in many views, and a label missed in one
/// would leave a bare number on a phone. Cells that already carry a label keep it. One pass
/// over the page's bytes, as it runs on every page.
enum TableLabels {
    static let tableOpen = Array("<table class=\"table\"".utf8), tableClose = Array("</table>".utf8)
    static let headOpen = Array("<thead>".utf8), headClose = Array("</thead>".utf8)
    static let th = Array("<th".utf8), thClose = Array("</th>".utf8), td = Array("<td".utf8), tr = Array("<tr".utf8)
    static let labelled = Array("data-label=".utf8)

    static func apply(to html: String) -> String {
        let bytes = Array(html.utf8)
        guard var start = find(tableOpen, in: bytes, from: 0) else { return html }
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count + bytes.count / 8)
        var i = 0
        repeat {
            guard let end = find(tableClose, in: bytes, from: start) else { break }
            out += bytes[i..<start]
            label(bytes, start, end, into: &out)
            i = end
            start = find(tableOpen, in: bytes, from: end) ?? bytes.count
        } while start < bytes.count
        out += bytes[i...]
        return String(decoding: out, as: UTF8.self)
    }

    /// Copies `bytes[start..<end]` (one table, without its closing tag) into `out`, labelling
    /// its body's data cells.
    static func label(_ bytes: [UInt8], _ start: Int, _ end: Int, into out: inout [UInt8]) {
        guard let head = find(headOpen, in: bytes, from: start, before: end),
              let headEnd = find(headClose, in: bytes, from: head, before: end) else { out += bytes[start..<end]; return }
        let names = headers(bytes, head, headEnd)
        var i = headEnd
        out += bytes[start..<i]
        var column = 0
        while let cell = find([UInt8(ascii: "<"), UInt8(ascii: "t")], in: bytes, from: i, before: end) {
            out += bytes[i..<cell]
            if starts(bytes, cell, with: tr) {
                column = 0
            } else if starts(bytes, cell, with: td) || (starts(bytes, cell, with: th) && bytes[cell + 3] != UInt8(ascii: "e")) {
                let tagEnd = find([UInt8(ascii: ">")], in: bytes, from: cell, before: end) ?? end
                let isData = bytes[cell + 2] == UInt8(ascii: "d")
                if isData, find(labelled, in: bytes, from: cell, before: tagEnd) == nil, column < names.count, !names[column].isEmpty {
                    out += td
                    out += Array(" data-label=\"".utf8) + names[column] + [UInt8(ascii: "\"")]
                    i = cell + 3
                    column += 1
                    continue
                }
                column += 1
            }
            out += bytes[cell..<(cell + 2)]
            i = cell + 2
        }
        out += bytes[i..<end]
    }

    /// The column headers' texts (tags stripped; quotes escaped for an attribute), in order.
    static func headers(_ bytes: [UInt8], _ from: Int, _ to: Int) -> [[UInt8]] {
        var names: [[UInt8]] = []
        var i = from
        while let open = find(th, in: bytes, from: i, before: to), let close = find(thClose, in: bytes, from: open, before: to) {
            let contentStart = (find([UInt8(ascii: ">")], in: bytes, from: open, before: close) ?? close) + 1
            var name: [UInt8] = [], inTag = false
            for b in bytes[min(contentStart, close)..<close] {
                if b == UInt8(ascii: "<") { inTag = true } else if b == UInt8(ascii: ">") { inTag = false }
                else if !inTag { name += b == UInt8(ascii: "\"") ? Array("&quot;".utf8) : [b] }
            }
            names.append(name)
            i = close + thClose.count
        }
        return names
    }

    static func starts(_ bytes: [UInt8], _ at: Int, with prefix: [UInt8]) -> Bool {
        at + prefix.count <= bytes.count && bytes[at..<(at + prefix.count)].elementsEqual(prefix)
    }

    /// Where `needle` next occurs at or after `from` (and starts before `before`).
    static func find(_ needle: [UInt8], in bytes: [UInt8], from: Int, before: Int? = nil) -> Int? {
        let limit = min(before ?? bytes.count, bytes.count - needle.count + 1)
        guard let first = needle.first, from < limit else { return nil }
        var i = from
        while i < limit {
            if bytes[i] == first, starts(bytes, i, with: needle) { return i }
            i += 1
        }
        return nil
    }
}
