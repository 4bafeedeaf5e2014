/// A UK postcode in the normal form `OUTWARD INWARD` (upper case, one space), checked
/// against the format rules (DOMAIN.md §10). Format-valid does not mean it exists.
public struct Postcode: Hashable, Sendable, Codable, CustomStringConvertible {
    public let outward: String
    public let inward: String

    public init(_ input: String) throws(IdentifierError) {
        let compact = Self.compact(input)
        guard !compact.isEmpty else { throw .empty("Postcode") }
        // ASCII letters and digits only, so each is one byte.
        guard (5...7).contains(compact.utf8.count), compact.utf8.allSatisfy(ASCIIText.isAlphanumeric) else {
            throw .malformed("Postcode", "must look like SW1A 1AA")
        }
        if compact == "GIR0AA" { outward = "GIR"; inward = "0AA"; return }
        let chars = Array(compact)
        let inwardChars = Array(chars.suffix(3))
        let outwardChars = Array(chars.dropLast(3))
        guard Postcode.validInward(inwardChars), Postcode.validOutward(outwardChars) else {
            throw .malformed("Postcode", "must look like SW1A 1AA")
        }
        outward = String(outwardChars)
        inward = String(inwardChars)
    }

    public var normalised: String { outward + " " + inward }
    public var description: String { normalised }
    /// `SW1A 1` — the sector.
    public var sector: String { outward + " " + String(inward.prefix(1)) }
    /// `SW1A` — the district.
    public var district: String { outward }

    /// A text that is an outward code alone ("ZY11", "sw1a"), normalised: the district a
    /// partial postcode gives. Nil for anything else.
    static func outwardCode(_ text: String) -> String? {
        let compact = compact(text)
        return validOutward(Array(compact)) ? compact : nil
    }

    /// Upper case without spaces.
    static func compact(_ text: String) -> String {
        ASCIIText.upperCompact(text) ?? text.uppercased().filter { !$0.isWhitespace }
    }

    static func isDigit(_ c: Character) -> Bool { c.isASCII && c.isNumber }
    static func within(_ c: Character, _ set: String) -> Bool { set.contains(c) }

    static let first = "ABCDEFGHIJKLMNOPRSTUWYZ"        // no Q, V, X
    static let second = "ABCDEFGHKLMNOPQRSTUVWXY"       // no I, J, Z
    static let thirdA9A = "ABCDEFGHJKPSTUW"
    static let fourthAA9A = "ABEHMNPRVWXY"
    static let inwardLetters = "ABDEFGHJLNPQRSTUWXYZ"   // no C, I, K, M, O, V

    static func validInward(_ c: [Character]) -> Bool {
        c.count == 3 && isDigit(c[0]) && within(c[1], inwardLetters) && within(c[2], inwardLetters)
    }

    static func validOutward(_ c: [Character]) -> Bool {
        guard let head = c.first, within(head, first) else { return false }
        switch c.count {
        case 2: return isDigit(c[1])                                                       // A9
        case 3:
            if isDigit(c[1]) { return isDigit(c[2]) || within(c[2], thirdA9A) }           // A99, A9A
            return within(c[1], second) && isDigit(c[2])                                   // AA9
        case 4:
            return within(c[1], second) && isDigit(c[2]) && (isDigit(c[3]) || within(c[3], fourthAA9A)) // AA99, AA9A
        default: return false
        }
    }

    public init(from decoder: any Decoder) throws {
        self = try Postcode(try decoder.singleValueContainer().decode(String.self))
    }
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer(); try c.encode(normalised)
    }
}
