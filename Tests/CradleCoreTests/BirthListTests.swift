import Testing
@testable import CradleCore

struct BirthListTests {
    let today = Day(year: 2026, month: 11, day: 27)!

    @Test func onlyAConsentToShareWithCentresInForceTodayLetsABirthGoOnTheList() {
        let given = ConsentFact(id: 1, purpose: .birthDetailsToChildrensCentres, status: .given, recipientKinds: [.childrensCentre], givenOn: today - 20)
        #expect(BirthList.consented([given], centre: 7, on: today))
        #expect(!BirthList.consented([given], centre: 7, on: today - 30), "not before it was given")
        var otherCentre = given
        otherCentre.recipientKinds = []; otherCentre.recipientOrganisations = [8]
        #expect(!BirthList.consented([otherCentre], centre: 7, on: today))
        var withdrawn = given
        withdrawn.status = .withdrawn
        #expect(!BirthList.consented([withdrawn], centre: 7, on: today))
        var expired = given
        expired.expiresOn = today - 1
        #expect(!BirthList.consented([expired], centre: 7, on: today))
        let otherPurpose = ConsentFact(id: 2, purpose: .twoYearReviewToSetting, status: .given, givenOn: today - 20)
        #expect(!BirthList.consented([otherPurpose], centre: 7, on: today))
        #expect(!BirthList.consented([], centre: 7, on: today))
    }

    /// A consent naming only some kinds of recipient is still in force: the page says "Given",
    /// and says why when a given consent is not (expired, or dated later).
    @Test func aConsentReadsAsGivenWhileItIsInForceWhoeverItNames() {
        let named = ConsentFact(id: 1, purpose: .birthDetailsToChildrensCentres, status: .given, recipientKinds: [.childrensCentre], givenOn: today - 20)
        #expect(named.inForce(on: today) && named.label(on: today) == "Given")
        var expired = named
        expired.expiresOn = today - 1
        #expect(!expired.inForce(on: today) && expired.label(on: today) == "Given (expired 26 Nov 2026)")
        #expect(named.label(on: today - 21) == "Given (from 7 Nov 2026)")
        var refused = named
        refused.status = .refused
        #expect(refused.label(on: today) == "Refused")
    }

    @Test func aPeriodIsACalendarMonth() {
        #expect(Period("2024-02")?.last == Day(year: 2024, month: 2, day: 29))
        #expect(Period("2026-12")?.first == Day(year: 2026, month: 12, day: 1))
        #expect(Period("2026-13") == nil && Period("26-01") == nil && Period("2026") == nil)
        #expect(Period(containing: Day(year: 2026, month: 10, day: 31)!).description == "2026-10")
    }

    @Test func theListIsCSVTheCentreCanOpen() throws {
        let list = BirthList(centre: "CC01", period: Period("2026-10")!, entries: [
            .init(personId: 12, givenName: "Isla", familyName: "Whitmore", dateOfBirth: Day(year: 2026, month: 10, day: 3)!, sex: "female",
                  postcode: "ZY4 5HJ", addressLine: "Flat 2, 19 Station Road", parentName: "Chloe Whitmore")], birthsInArea: 9)
        let rows = try CSVReader.records(list.csv)
        #expect(rows[0] == BirthList.header)
        #expect(rows[1][8] == "Flat 2, 19 Station Road" && rows.count == 2)
    }
}

struct ReachSummaryTests {
    @Test func reachAddsUpByCentreLocalityAndMonthIncludingEmptyMonths() {
        let lines = [
            ReachSummary.Line(centre: "Abbey", locality: "North", month: "2026-09", counts: ReachCounts(births: 10, consented: 8, listed: 8, registered: 5, seen: 4)),
            ReachSummary.Line(centre: "Abbey", locality: "South", month: "2026-10", counts: ReachCounts(births: 4, consented: 2, listed: 0, registered: 1, seen: 1)),
            ReachSummary.Line(centre: "Brook", locality: "North", month: "2026-10", counts: ReachCounts(births: 6, consented: 6, listed: 6, registered: 6, seen: 2)),
        ]
        let s = ReachSummary(lines, months: ["2026-08", "2026-09", "2026-10"])
        #expect(s.byCentre.map(\.0) == ["Abbey", "Brook"] && s.byCentre[0].1.births == 14 && s.byCentre[0].1.registered == 6)
        #expect(s.byLocality.first { $0.0 == "North" }!.1 == ReachCounts(births: 16, consented: 14, listed: 14, registered: 11, seen: 6))
        #expect(s.byMonth.map { $0.1?.births } == [nil, 10, 10], "a month with no births recorded is no data, not zero")
        #expect(s.total.births == 20 && s.total.seen == 7)
    }
}
