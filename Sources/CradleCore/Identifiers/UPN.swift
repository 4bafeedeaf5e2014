/// A Unique Pupil Number (DfE UPN Guide 1.2): a check letter, then 12 characters
/// (LA number, establishment, year, serial); a temporary UPN ends in a letter.
public struct UPN: Hashable, Sendable, CustomStringConvertible {
    public let value: String

    /// The check letters for remainders 0…22 (no I, O or S).
    static let letters = Array("ABCDEFGHJKLMNPQRTUVWXYZ")

    public init(_ input: String) throws(IdentifierError) {
        let upper = input.uppercased().filter { $0 != " " }
        guard !upper.isEmpty else { throw .empty("UPN") }
        let chars = Array(upper)
        guard chars.count == 13 else { throw .malformed("UPN", "must be 13 characters") }
        guard chars[1..<12].allSatisfy({ $0.isASCII && $0.isNumber }),
              chars[12].isASCII, chars[12].isNumber || UPN.letters.contains(chars[12]) else {
            throw .malformed("UPN", "must be a letter, 11 digits, then a digit or letter")
        }
        guard let expected = UPN.checkLetter(forLast12: String(chars[1...])) else {
            throw .malformed("UPN", "has an invalid final letter")
        }
        guard chars[0] == expected else { throw .malformed("UPN", "check letter does not match") }
        value = upper
    }

    /// The check letter for characters 2–13: weights 2…13, modulo 23.
    public static func checkLetter(forLast12 rest: String) -> Character? {
        var sum = 0
        for (offset, ch) in rest.enumerated() {
            let weight = offset + 2
            let v: Int
            if let d = ch.wholeNumberValue, ch.isASCII { v = d }
            else if let i = letters.firstIndex(of: ch) { v = i }
            else { return nil }
            sum += v * weight
        }
        return letters[sum % 23]
    }

    public var description: String { value }
}
