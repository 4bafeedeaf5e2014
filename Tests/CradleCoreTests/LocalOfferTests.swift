import Testing
@testable import CradleCore

struct LocalOfferTests {
    func entry(_ title: String, from: Int, to: Int, needs: [OfferNeed] = [], nearness: Nearness = .elsewhere) -> OfferEntry {
        OfferEntry(kind: .activity, title: title, provider: "Centre", description: "", when: "", place: "",
                   details: OfferDetails(cost: "Free", howToJoin: "Drop in", fromMonths: from, toMonths: to, needs: needs), nearness: nearness)
    }

    @Test func anEntryIsForAnAgeWhenItsRangeOverlapsThatAge() {
        let massage = entry("Baby massage", from: 0, to: 11)
        #expect(massage.matches(age: .under1, need: nil))
        #expect(!massage.matches(age: .expecting, need: nil) && !massage.matches(age: .age1, need: nil))
        let antenatal = entry("Bump", from: -9, to: -1)
        #expect(antenatal.matches(age: .expecting, need: nil) && !antenatal.matches(age: .under1, need: nil))
        // A range ending on a birthday still covers the year that begins there.
        #expect(entry("Toddlers", from: 12, to: 24).matches(age: .age2, need: nil))
        #expect(!entry("Toddlers", from: 12, to: 23).matches(age: .age2, need: nil))
        #expect(massage.matches(age: nil, need: nil))
    }

    @Test func aNeedMatchesOnlyEntriesThatHelpWithIt() {
        let chatter = entry("Chatter Tots", from: 18, to: 48, needs: [.talking, .play])
        #expect(chatter.matches(age: nil, need: .talking) && !chatter.matches(age: nil, need: .sleep))
        #expect(!chatter.matches(age: .age1, need: .sleep) && chatter.matches(age: .age2, need: .play))
    }

    @Test func nearnessFollowsTheReachAreasAndResultsComeNearestFirst() {
        let home = OfferHome(centreId: 1, wardId: 10, locality: "North")
        #expect(Nearness.of(OfferPlace(organisationId: 1, wards: [10], localities: ["North"]), from: home) == .yourCentre)
        #expect(Nearness.of(OfferPlace(organisationId: 2, wards: [10, 11], localities: ["North"]), from: home) == .yourWard)
        #expect(Nearness.of(OfferPlace(organisationId: 3, wards: [12], localities: ["North"]), from: home) == .yourLocality)
        #expect(Nearness.of(OfferPlace(organisationId: 4, wards: [20], localities: ["South"]), from: home) == .elsewhere)
        #expect(Nearness.of(OfferPlace(organisationId: 1, wards: [10], localities: ["North"]), from: nil) == .elsewhere)

        let found = LocalOffer.search([entry("Zumba", from: 0, to: 60, nearness: .yourWard), entry("art", from: 0, to: 60, nearness: .elsewhere),
                                       entry("Baby massage", from: 0, to: 11, nearness: .yourCentre), entry("Bump", from: -9, to: -1, nearness: .yourCentre),
                                       entry("Yoga", from: 0, to: 60, nearness: .yourWard)], age: .under1, need: nil)
        #expect(found.map(\.title) == ["Baby massage", "Yoga", "Zumba", "art"])
    }

    @Test func anOfferFormNamesEachBadField() {
        var r = FieldReader(["cost": "Free", "howToJoin": "Drop in", "fromMonths": "24", "toMonths": "12", "needs": "play,dancing"])
        #expect(OfferDetails.read(&r) == nil)
        #expect(r.errors["needs"] != nil)
        var s = FieldReader(["cost": "Free", "howToJoin": "Drop in", "fromMonths": "24", "toMonths": "12"])
        #expect(OfferDetails.read(&s) == nil && s.errors["toMonths"] != nil)
        var t = FieldReader(["cost": "Free", "fromMonths": "-12", "toMonths": "12", "needs": "play,play,sleep"])
        #expect(OfferDetails.read(&t) == nil && t.errors["howToJoin"] != nil && t.errors["fromMonths"] != nil)
        var ok = FieldReader(["cost": "£1", "howToJoin": "Drop in", "fromMonths": "-9", "toMonths": "60", "needs": "play,play,sleep"])
        #expect(OfferDetails.read(&ok) == OfferDetails(cost: "£1", howToJoin: "Drop in", fromMonths: -9, toMonths: 60, needs: [.play, .sleep]))
        #expect(OfferDetails.agesLabel(-9, -1) == "Pregnancy" && OfferDetails.agesLabel(0, 11) == "From birth to 11 months"
                && OfferDetails.agesLabel(-9, 60) == "From pregnancy to 5 years")
    }
}
