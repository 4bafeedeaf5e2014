import Testing
@testable import CradleCore

@Suite struct NHSNumberTests {
    @Test func acceptsPublishedValidExamples() throws {
        for text in ["943 476 5919", "9912003888", "944-930-5552", "6541003238"] {
            #expect(throws: Never.self) { try NHSNumber(text) }
        }
        #expect(try NHSNumber("9434765919").formatted == "943 476 5919")
    }

    @Test func refusesPublishedInvalidExamples() {
        for text in ["999 123 4560", "412 345 6879"] {
            #expect(throws: IdentifierError.self) { try NHSNumber(text) }
        }
    }

    /// Ten bare digits are checked from their bytes; spaced or hyphenated input the long way.
    /// Both give the same answer, and the same reason for a refusal.
    @Test func bareDigitsAndWrittenFormsAreJudgedAlike() {
        for first in stride(from: 100_000_000, to: 100_050_000, by: 1) {
            var n = first, nine = [Int](repeating: 0, count: 9)
            for i in stride(from: 8, through: 0, by: -1) { nine[i] = n % 10; n /= 10 }
            let body = nine.map { String($0) }.joined(separator: "")
            for last in 0...9 where last % 3 == first % 3 {
                let bare = body + String(last), spaced = bare.prefix(3) + " " + bare.dropFirst(3).prefix(3) + " " + bare.suffix(4)
                func judged(_ text: String) -> String {
                    do { return try NHSNumber(text).digits } catch { return "\(error)" }
                }
                #expect(judged(bare) == judged(String(spaced)), "\(bare)")
            }
        }
    }

    @Test func refusesWrongLengthAndLetters() {
        #expect(throws: IdentifierError.malformed("NHS number", "must be 10 digits")) { try NHSNumber("94347659") }
        #expect(throws: IdentifierError.malformed("NHS number", "must be 10 digits")) { try NHSNumber("94347659A9") }
        #expect(throws: IdentifierError.empty("NHS number")) { try NHSNumber("  ") }
    }

    @Test func numbersWhoseCheckDigitWouldBeTenAreRefused() {
        // Find nine digits whose remainder gives 10, then try every final digit.
        var rng = SplitMix64(seed: 7)
        var found = 0
        while found < 50 {
            let nine = (0..<9).map { _ in Int(rng.next() % 10) }
            guard NHSNumber.checkDigit(forFirstNine: nine) == nil else { continue }
            found += 1
            for last in 0...9 {
                let text = nine.map { String($0) }.joined() + String(last)
                #expect(throws: IdentifierError.self) { try NHSNumber(text) }
            }
        }
    }

    /// Property: every number built with a computed check digit validates, and every
    /// single-digit change and adjacent transposition is caught unless the change leaves
    /// the weighted sum unchanged modulo 11 (which Modulus 11 cannot detect).
    @Test func computedNumbersValidateAndSingleErrorsAreCaught() throws {
        var rng = SplitMix64(seed: 2026)
        var checked = 0
        while checked < 2_000 {
            let first = Int(rng.next() % 1_000_000_000)
            guard let number = NHSNumber.make(firstNine: first) else { continue }
            checked += 1
            #expect(try NHSNumber(number.digits) == number)
            let digits = number.digits.map { Int($0.asciiValue! - 48) }
            for position in 0..<10 {
                for replacement in 0...9 where replacement != digits[position] {
                    var changed = digits
                    changed[position] = replacement
                    #expect(!validates(changed), "single-digit change at \(position) of \(number.digits) passed")
                }
            }
            for position in 0..<9 where digits[position] != digits[position + 1] {
                var swapped = digits
                swapped.swapAt(position, position + 1)
                #expect(!validates(swapped), "transposition at \(position) of \(number.digits) passed")
            }
        }
    }

    @Test func testRangeIsRecognised() throws {
        let n = try #require(NHSNumber.make(firstNine: 999_000_001))
        #expect(n.isTestRange)
        #expect(n.digits.hasPrefix("999000001"))
        #expect(try #require(NHSNumber.make(firstNine: 1_234)).isNeverIssued)
        #expect(try !NHSNumber("943 476 5919").isNeverIssued)
    }

    private func validates(_ digits: [Int]) -> Bool {
        (try? NHSNumber(digits.map { String($0) }.joined())) != nil
    }
}
