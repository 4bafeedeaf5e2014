/// Reads CSV as RFC 4180 writes it: fields separated by commas, quoted when they hold a
/// comma, quote or line break, quotes doubled inside quotes; CRLF or LF line ends; a UTF-8
/// byte-order mark (which Excel writes) ignored.
public enum CSVReader {
    public struct Malformed: Error, Equatable, Sendable {
        public var record: Int
        public var problem: String
    }

    /// Every record as its fields. Blank lines are skipped. A large file is read in two
    /// parts on two workers, split at a line end outside any quoted field; the records, and
    /// the first problem with its record number, are those one pass would give.
    public static func records(_ text: String) throws(Malformed) -> [[String]] {
        let utf8 = Array(text.utf8)
        let bytes = utf8.starts(with: [0xEF, 0xBB, 0xBF]) ? Array(utf8.dropFirst(3)) : utf8
        let parts = split(bytes, from: 1 << 20)
        let read = parts.parallelMap(minimum: 2) { range -> Result<[[String]], Malformed> in
            do throws(Malformed) { return .success(try records(bytes[range])) } catch { return .failure(error) }
        }
        var out: [[String]] = []
        out.reserveCapacity(read.reduce(0) { $0 + ((try? $1.get())?.count ?? 0) })
        for part in read {
            switch part {
            case .success(let records): out += records
            case .failure(let e): throw Malformed(record: out.count + e.record, problem: e.problem)
            }
        }
        return out
    }

    /// The file as one range, or two when it is at least `from` bytes: the second starts
    /// after the first line end past the middle that an even number of quotes comes before
    /// (in a well-formed file, a line end outside quotes; a file malformed before it fails in
    /// the first part, as it would in one pass).
    static func split(_ bytes: [UInt8], from: Int) -> [Range<Int>] {
        guard bytes.count >= from else { return [0..<bytes.count] }
        let middle = bytes.count / 2
        var quotes = 0
        for i in 0..<middle where bytes[i] == UInt8(ascii: "\"") { quotes += 1 }
        for i in middle..<bytes.count {
            if bytes[i] == UInt8(ascii: "\"") { quotes += 1 }
            else if bytes[i] == UInt8(ascii: "\n"), quotes % 2 == 0 { return [0..<i + 1, i + 1..<bytes.count] }
        }
        return [0..<bytes.count]
    }

    /// One pass over `bytes`, record numbers counted from its start.
    static func records(_ bytes: ArraySlice<UInt8>) throws(Malformed) -> [[String]] {
        var out: [[String]] = []
        var fields: [String] = []
        var field: [UInt8] = []
        var quoted = false, wasQuoted = false
        var i = bytes.startIndex
        func endField() { fields.append(String(decoding: field, as: UTF8.self)); field.removeAll(keepingCapacity: true); wasQuoted = false }
        func endRecord() {
            endField()
            if !(fields.count == 1 && fields[0].isEmpty) { out.append(fields) }
            fields.removeAll(keepingCapacity: true)
        }
        while i < bytes.endIndex {
            let b = bytes[i]
            if quoted {
                if b == UInt8(ascii: "\"") {
                    if i + 1 < bytes.endIndex, bytes[i + 1] == UInt8(ascii: "\"") { field.append(b); i += 1 } else { quoted = false }
                } else { field.append(b) }
            } else {
                switch b {
                case UInt8(ascii: ","): endField()
                case UInt8(ascii: "\n"): endRecord()
                case UInt8(ascii: "\r"): if i + 1 < bytes.endIndex, bytes[i + 1] == UInt8(ascii: "\n") { i += 1 }; endRecord()
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
        guard needsQuotes(s) else { return s }
        var out = "\""
        for c in s { if c == "\"" { out += "\"\"" } else { out.append(c) } }
        return out + "\""
    }

    /// Bytes, not Characters: this runs for every field of every imported row.
    static func needsQuotes(_ s: String) -> Bool {
        s.utf8.contains { $0 == 44 || $0 == 34 || $0 == 10 || $0 == 13 }
    }

    /// One record of a file a person will open in a spreadsheet: a field that a spreadsheet
    /// would run as a formula (starting with =, +, -, @, a tab or a carriage return) is
    /// written with a leading apostrophe, which shows the text and runs nothing. A plain
    /// number such as -3.5 is a number, not a formula, and is written as it is.
    public static func exportLine(_ fields: [String]) -> String {
        line(fields.map(neutralised))
    }

    static func neutralised(_ field: String) -> String {
        guard let first = field.utf8.first, [61, 43, 45, 64, 9, 13].contains(first) else { return field }
        if Double(field) != nil { return field }
        return "'" + field
    }

    /// One record (every imported row makes two). Fields that need no quotes, as nearly all
    /// do not, are copied byte for byte into a string made at its final size.
    public static func line(_ fields: [String]) -> String {
        guard !fields.contains(where: needsQuotes) else { return fields.map(escape).joined(separator: ",") }
        let size = fields.reduce(Swift.max(0, fields.count - 1)) { $0 + $1.utf8.count }
        return String(unsafeUninitializedCapacity: size) { out in
            var n = 0
            for (i, field) in fields.enumerated() {
                if i > 0 { out[n] = UInt8(ascii: ","); n += 1 }
                var field = field
                field.withUTF8 { bytes in
                    guard let base = bytes.baseAddress else { return }
                    UnsafeMutableRawPointer(out.baseAddress! + n).copyMemory(from: base, byteCount: bytes.count)
                    n += bytes.count
                }
            }
            return n
        }
    }
}
