import Testing
@testable import CradleCore

@Suite struct UPNTests {
    @Test func acceptsCheckedExample() throws {
        #expect(try UPN("B801200005001").value == "B801200005001")
        #expect(try UPN("b801 200005001").value == "B801200005001")
    }

    @Test func refusesWrongCheckLetterAndShape() {
        #expect(throws: IdentifierError.malformed("UPN", "check letter does not match")) { try UPN("A801200005001") }
        #expect(throws: IdentifierError.self) { try UPN("B80120000500") }
        #expect(throws: IdentifierError.self) { try UPN("B80120000500I") }
    }

    @Test func computedCheckLettersValidateIncludingTemporaryUPNs() throws {
        var rng = SplitMix64(seed: 11)
        for _ in 0..<500 {
            var rest = (0..<11).map { _ in String(rng.next() % 10) }.joined()
            rest += rng.next() % 2 == 0 ? String(rng.next() % 10) : String(UPN.letters[Int(rng.next() % 23)])
            let letter = try #require(UPN.checkLetter(forLast12: rest))
            #expect(try UPN(String(letter) + rest).value == String(letter) + rest)
        }
    }
}

@Suite struct PostcodeTests {
    @Test func acceptsEveryFormatAndNormalises() throws {
        for (input, normal) in [("m1 1ae", "M1 1AE"), ("B338TH", "B33 8TH"), ("cr2 6xh", "CR2 6XH"),
                                ("DN55 1PT", "DN55 1PT"), ("w1a0ax", "W1A 0AX"), (" EC1A 1BB ", "EC1A 1BB"),
                                ("GIR 0AA", "GIR 0AA"), ("ZY1 4AB", "ZY1 4AB")] {
            #expect(try Postcode(input).normalised == normal)
        }
    }

    @Test func refusesLettersInForbiddenPositions() {
        for bad in ["QA1 1AA", "AJ1 1AA", "M1 1AC", "M1 1AI", "M1A", "12345", "SW1A 1A", "W1I 0AX", "EC1A 1B!"] {
            #expect(throws: IdentifierError.self, "\(bad) should be refused") { try Postcode(bad) }
        }
    }

    @Test func sectorAndDistrict() throws {
        let p = try Postcode("sw1a 2aa")
        #expect(p.district == "SW1A")
        #expect(p.sector == "SW1A 2")
    }
}
