/// Reads CSV as RFC 4180 writes it: fields separated by commas, quoted when they hold a
/// comma, quote or line break, quotes doubled inside quotes; CRLF or LF line ends; a UTF-8
/// byte-order mark (which Excel writes) ignored.
public enum CSVReader {
    public struct Malformed: Error, Equatable, Sendable {
        public var record: Int
        public var problem: String
    }

    /// Every record as its fields. Blank lines are skipped.
    public static func records(_ text: String) throws(Malformed) -> [[String]] {
        var out: [[String]] = []
        var fields: [String] = []
        var field: [UInt8] = []
        var quoted = false, wasQuoted = false
        var bytes = Array(text.utf8)
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }
        var i = 0
        func endField() { fields.append(String(decoding: field, as: UTF8.self)); field.removeAll(keepingCapacity: true); wasQuoted = false }
        func endRecord() {
            endField()
            if !(fields.count == 1 && fields[0].isEmpty) { out.append(fields) }
            fields.removeAll(keepingCapacity: true)
        }
        while i < bytes.count {
            let b = bytes[i]
            if quoted {
                if b == UInt8(ascii: "\"") {
                    if i + 1 < bytes.count, bytes[i + 1] == UInt8(ascii: "\"") { field.append(b); i += 1 } else { quoted = false }
                } else { field.append(b) }
            } else {
                switch b {
                case UInt8(ascii: ","): endField()
                case UInt8(ascii: "\n"): endRecord()
                case UInt8(ascii: "\r"): if i + 1 < bytes.count, bytes[i + 1] == UInt8(ascii: "\n") { i += 1 }; endRecord()
                case UInt8(ascii: "\""):
                    guard field.allSatisfy({ $0 == UInt8(ascii: " ") }), !wasQuoted else {
                        throw Malformed(record: out.count + 1, problem: "a quote inside an unquoted field (quote the whole field and double the quote)")
                    }
                    field.removeAll(); quoted = true; wasQuoted = true
                default: field.append(b)
                }
            }
            i += 1
        }
        if quoted { throw Malformed(record: out.count + 1, problem: "a quoted field is never closed") }
        if !field.isEmpty || !fields.isEmpty { endRecord() }
        return out
    }

    /// One field written for CSV: quoted when it must be.
    public static func escape(_ s: String) -> String {
        // Bytes, not Characters: this runs for every field of every imported row.
        guard s.utf8.contains(where: { $0 == 44 || $0 == 34 || $0 == 10 || $0 == 13 }) else { return s }
        var out = "\""
        for c in s { if c == "\"" { out += "\"\"" } else { out.append(c) } }
        return out + "\""
    }

    /// One record, in one pass into a string of the right size (every imported row makes two).
    public static func line(_ fields: [String]) -> String {
        var out = ""
        out.reserveCapacity(fields.reduce(fields.count) { $0 + $1.utf8.count })
        for (i, field) in fields.enumerated() {
            if i > 0 { out += "," }
            out += escape(field)
        }
        return out
    }
}
