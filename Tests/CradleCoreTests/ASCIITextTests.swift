import Testing
@testable import CradleCore

/// The plain-ASCII fast paths give the general Unicode rules' answers.
struct ASCIITextTests {
    /// Strings from a fixed stream of ASCII, Latin, combining and control characters.
    static func samples() -> [String] {
        let pieces: [String] = ["a", "Z", "m", "0", "9", " ", "'", "-", ".", "\t", "\u{7}", "\u{7F}", "é", "Ö", "ß", "İ", "\u{212A}",
                                "\u{301}", "ﬁ", "Ω", "٣", "\r\n", "\n", "~", "_"]
        var seed: UInt64 = 0x9E37_79B9_7F4A_7C15
        func next() -> Int { seed = seed &* 6364136223846793005 &+ 1442695040888963407; return Int(seed >> 33) }
        var out = ["", "O'Brien-Smith", "o brien", "OBRIEN", "Anne-Marie 2nd", "ÉLODIE", "Kelvin \u{212A}"]
        for _ in 0..<5_000 {
            let asciiOnly = next() % 2 == 0
            out.append((0..<(next() % 12)).map { _ in pieces[next() % (asciiOnly ? 9 : pieces.count)] }.joined())
        }
        return out
    }

    @Test func nameKeysAgreeWithTheGeneralRules() {
        for s in Self.samples() {
            #expect(nameSearchKey(s) == generalNameSearchKey(s), "\(s.unicodeScalars.map { $0.value })")
            #expect(LinkRecord.nameKey(s) == LinkRecord.generalNameKey(s), "\(s.unicodeScalars.map { $0.value })")
        }
        #expect(nameSearchKey("O'Brien-Smith 2") == "obriensmith2" && LinkRecord.nameKey("O'Brien-Smith 2") == "obriensmith")
        #expect(nameSearchKey("Kelvin \u{212A}") == "kelvink")
        #expect(ASCIIText.key("Élodie", keepingDigits: true) == nil)
    }

    @Test func textFieldsCountCharactersAndRefuseControlCharactersAlike() {
        for s in Self.samples() {
            var reader = FieldReader(["f": s])
            let got = reader.text("f", label: "Name", required: false, max: 6)
            let v: String = s.trimmingCharacters(in: WhitespaceSet.whitespaces)
            let allowed: Set<Unicode.Scalar> = ["\n", "\r", "\t"]
            let control = v.unicodeScalars.contains { $0.properties.generalCategory == .control && !allowed.contains($0) }
            let refused: Bool = v.isEmpty || v.count > 6 || control
            let expected: String? = refused ? nil : v
            #expect(got == expected, "\(s.unicodeScalars.map { $0.value })")
            #expect(reader.errors.isEmpty == (v.isEmpty || expected != nil))
        }
        var reader = FieldReader(["a": "abcdef", "b": "abcdefg", "c": "éééééé", "d": "a\u{7}b", "e": "a\r\nbcde"])
        #expect(reader.text("a", label: "A", max: 6) == "abcdef" && reader.text("b", label: "B", max: 6) == nil)
        #expect(reader.text("c", label: "C", max: 6) == "éééééé" && reader.text("d", label: "D", max: 6) == nil)
        #expect(reader.text("e", label: "E", max: 6) == "a\r\nbcde")
    }

    @Test func postcodesAndCSVLinesReadAsTheGeneralRulesDo() throws {
        #expect(try Postcode("  sw1a\t1aa ").normalised == "SW1A 1AA")
        // Upper-casing makes ASCII from "ſ" (long s): such input goes the general way.
        #expect(try Postcode("ſw1a 1aa").normalised == "SW1A 1AA")
        #expect(ASCIIText.upperCompact("ſw1a") == nil && ASCIIText.upperCompact(" b1\n2 ab") == "B12AB")
        for bad in ["SW1A 1ÄA", "SW1A-1AA", "SW1", "SW1A 1AAAA", "   "] { #expect(throws: IdentifierError.self, "\(bad)") { try Postcode(bad) } }
        for s in Self.samples() {
            let fields = [s, "plain", "", s + ",x"]
            #expect(CSVReader.line(fields) == fields.map(CSVReader.escape).joined(separator: ","))
            #expect(CSVReader.line([s]) == CSVReader.escape(s))
        }
        #expect(CSVReader.line([]) == "" && CSVReader.line(["", ""]) == ",")
    }
}
