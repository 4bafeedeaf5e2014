import Testing
@testable import CradleCore

struct DisclosureControlTests {
    @Test func countsOfOneToSevenAreHiddenAndTheRestRoundedToFive() {
        #expect(DisclosureControl.count(0).description == "0")
        for n in 1...7 { #expect(DisclosureControl.count(n) == .suppressed, "\(n)") }
        #expect(DisclosureControl.count(8).description == "10")
        #expect(DisclosureControl.count(12).description == "10")
        #expect(DisclosureControl.count(13).description == "15")
        #expect(DisclosureControl.count(1_002).description == "1000")
        // Property: every shown count is a multiple of 5 within 2 of the true count.
        for n in 8...2_000 {
            let v = DisclosureControl.count(n).number!
            #expect(v % 5 == 0 && abs(v - n) <= 2)
        }
    }

    @Test func percentagesUseTheRoundedFigures() {
        #expect(DisclosureControl.percentage(12, of: 48) == "20%")      // 10 of 50
        #expect(DisclosureControl.percentage(5, of: 48) == "*")
        #expect(DisclosureControl.percentage(20, of: 6) == "*")
        #expect(DisclosureControl.percentage(0, of: 0) == "–")
        #expect(DisclosureControl.percentage(0, of: 40) == "0%")
    }
}
