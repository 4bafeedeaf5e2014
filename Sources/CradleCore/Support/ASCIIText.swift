/// Fast paths for plain ASCII text, which nearly every field of a feed is. Each gives the
/// answer the general Unicode rule gives, without asking Unicode about every character;
/// text that is not plain ASCII goes the general way.
enum ASCIIText {
    /// True when every byte is printable ASCII (space to tilde): then each byte is one
    /// character, and none of them is a control character.
    static func isPrintable(_ s: some StringProtocol) -> Bool {
        s.utf8.allSatisfy { $0 >= 0x20 && $0 < 0x7F }
    }

    /// The text lower-cased with only its letters kept (and digits, when asked); nil when the
    /// text is not all ASCII, where lower-casing can make letters that were not there.
    static func key(_ s: some StringProtocol, keepingDigits: Bool) -> String? {
        mapped(s) { b in
            switch b {
            case 0x61...0x7A: b
            case 0x41...0x5A: b | 0x20
            case 0x30...0x39 where keepingDigits: b
            default: nil
            }
        }
    }

    /// The text upper-cased with its whitespace taken out; nil when it is not all ASCII (where
    /// upper-casing can make ASCII letters, as "ı" does "I").
    static func upperCompact(_ s: some StringProtocol) -> String? {
        mapped(s) { b in
            switch b {
            case 0x09...0x0D, 0x20: nil
            case 0x61...0x7A: b - 0x20
            default: b
            }
        }
    }

    static func isAlphanumeric(_ b: UInt8) -> Bool { (0x30...0x39).contains(b) || (0x41...0x5A).contains(b) || (0x61...0x7A).contains(b) }

    /// Each ASCII byte as `map` gives it (nil drops it), into a string of the right size; nil
    /// when the text is not all ASCII.
    private static func mapped(_ s: some StringProtocol, _ map: (UInt8) -> UInt8?) -> String? {
        var ascii = true
        let out = String(unsafeUninitializedCapacity: s.utf8.count) { out in
            var n = 0
            for b in s.utf8 {
                guard b < 0x80 else { ascii = false; return 0 }
                if let m = map(b) { out[n] = m; n += 1 }
            }
            return n
        }
        return ascii ? out : nil
    }
}

/// What name search compares: lower case, letters and digits only, so that "O'Brien",
/// "o brien" and "OBRIEN" all find the same person.
public func nameSearchKey(_ name: String) -> String {
    ASCIIText.key(name, keepingDigits: true) ?? generalNameSearchKey(name)
}

func generalNameSearchKey(_ name: String) -> String {
    String(LatinFold.folded(name).unicodeScalars.filter { $0.properties.isAlphabetic || ("0"..."9").contains($0) }.map(Character.init))
}
