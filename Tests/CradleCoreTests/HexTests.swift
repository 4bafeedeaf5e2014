import Testing
@testable import CradleCore

struct HexTests {
    @Test func sha256OfKnownTextMatchesTheStandardVector() {
        // FIPS 180-2 test vector for "abc".
        #expect(sha256Hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    }

    @Test func everyByteIsTwoLowerCaseDigits() {
        #expect([0x00, 0x0f, 0xa0, 0xff].hexString == "000fa0ff")
        #expect([UInt8]().hexString == "")
    }
}
