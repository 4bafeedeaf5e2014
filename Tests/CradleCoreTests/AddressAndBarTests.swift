import Testing
@testable import CradleCore

/// The house and street a register writes, a postcode that is not a UK one, and the rules that
/// keep brothers, sisters and twins apart however much else they share.
struct AddressComparisonTests {
    func record(_ key: String, source: Int = 0, address: String?, postcode: String? = nil, text: String? = nil) -> LinkRecord {
        LinkRecord(source: source, key: key, nhsNumber: nil, givenName: "Ada", familyName: "Thornbury", dateOfBirth: Day(year: 2025, month: 5, day: 5),
                   sex: .female, postcode: postcode.map { try! Postcode($0) }, postcodeText: text, addressLine: address)
    }

    @Test func theHouseIsTheFirstPartWithADigitAndTheStreetTheLettersAfterIt() {
        #expect(LinkRecord.houseAndStreet("12a Acacia Rd") == ("12a", "acaciard"))
        #expect(LinkRecord.houseAndStreet("  12A,  ACACIA-RD ") == ("12a", "acaciard"))
        #expect(LinkRecord.houseAndStreet("Rose Cottage") == (nil, "rosecottage"))
        #expect(LinkRecord.houseAndStreet("14") == ("14", nil))
        #expect(LinkRecord.houseAndStreet(nil) == (nil, nil))
    }

    @Test func addressLevelsGoFromSameHouseToDifferent() {
        let p = PreparedRecords([record("a", address: "12 Acacia Road"), record("b", address: "12 ACACIA ROAD"),
                                 record("c", address: "40 Acacia Road"), record("d", address: "12 Mill Lane"),
                                 record("e", address: "3 Mill Lane"), record("f", address: nil), record("g", address: "12 Acacia Roa")],
                                nicknames: .standard)
        #expect(p.addressLevel(0, 1) == 0)
        #expect(p.addressLevel(0, 6) == 0, "a slip in the street's name is the same street")
        #expect(p.addressLevel(0, 2) == 1)
        #expect(p.addressLevel(0, 3) == 2)
        #expect(p.addressLevel(0, 4) == 3)
        #expect(p.addressLevel(0, 5) == Comparison.address.missingLevel)
    }

    @Test func aPostcodeThatIsNotAUKOneAgreesWithItselfOrOneSlipFromIt() {
        let p = PreparedRecords([record("a", address: nil, text: "75011"), record("b", address: nil, text: "75011"),
                                 record("c", address: nil, text: "75012"), record("d", address: nil, postcode: "ZY1 3AB"),
                                 record("e", address: nil), record("f", address: nil, text: "75101"),
                                 record("g", address: nil, text: "76012"), record("h", address: nil, text: "7501")], nicknames: .standard)
        #expect(p.postcodeLevel(0, 1) == 0)
        #expect(p.postcodeLevel(0, 2) == 2, "one digit typed wrong")
        #expect(p.postcodeLevel(0, 5) == 2, "two neighbouring digits swapped")
        #expect(p.postcodeLevel(0, 6) == 3, "two digits wrong: no sector or district is shared by two foreign postcodes")
        #expect(p.postcodeLevel(0, 7) == 3, "a digit left out is not a slip of one key")
        #expect(p.postcodeLevel(0, 3) == 3)
        #expect(p.postcodeLevel(0, 4) == Comparison.postcode.missingLevel)
    }

    @Test func anOutwardCodeAloneIsItsDistrict() {
        let p = PreparedRecords([record("a", address: nil, text: "ZY11"), record("b", address: nil, text: "zy 11"),
                                 record("c", address: nil, postcode: "ZY11 4AB"), record("d", address: nil, postcode: "ZY12 4AB"),
                                 record("e", address: nil, text: "ZY7")], nicknames: .standard)
        #expect(Postcode.outwardCode(" zy11 ") == "ZY11" && Postcode.outwardCode("ZY11 4") == nil && Postcode.outwardCode("75011") == nil)
        #expect(p.postcodeLevel(0, 1) == 2, "two records that give only the district share only the district")
        #expect(p.postcodeLevel(0, 2) == 2 && p.postcodeLevel(2, 0) == 2, "a full postcode in that district")
        #expect(p.postcodeLevel(0, 3) == 3 && p.postcodeLevel(0, 4) == 3)
        #expect(!PreparedRecords.sameHome(p.pattern(0, 1)))
    }

    @Test func aPlaceholderIsNoPostcodeAndATextAWholeAreaGivesIsAnArea() {
        for placeholder in ["NFA", "unknown", "N/A", "ZZ99 3VZ", "zz993wz"] { #expect(SourceRowReader.postcodeText(placeholder) == nil, "\(placeholder)") }
        #expect(SourceRowReader.postcodeText("75011") == "75011" && SourceRowReader.postcodeText("D6W 0000") == "D6W0000")

        // A foreign code as a home's: the same text is the same postcode, until more records
        // give it than a home could hold.
        let home = Int(PreparedRecords.homeRecords)
        var q = PreparedRecords((0..<home).map { record("f\($0)", address: nil, text: "75011") }, nicknames: .standard)
        #expect(q.postcodeLevel(0, 1) == 0)
        q.append(record("g", address: nil, text: "75011"))
        #expect(q.postcodeLevel(0, 1) == 2 && !PreparedRecords.sameHome(q.pattern(0, 1)))
    }

    @Test func aUKPostcodeOneSlipFromAnotherIsBetweenTheSameDistrictAndDifferent() {
        let p = PreparedRecords([record("a", address: nil, postcode: "ZY1 3AB"), record("b", address: nil, postcode: "ZY7 3AB"),
                                 record("c", address: nil, postcode: "ZY1 3BA"), record("d", address: nil, postcode: "ZX7 3AB")], nicknames: .standard)
        #expect(p.postcodeLevel(0, 1) == 2, "the district's digit mistyped")
        #expect(p.postcodeLevel(0, 2) == 1, "the same sector")
        #expect(p.postcodeLevel(0, 3) == 3)
    }
}

struct LinkBarTests {
    func child(_ key: String, source: Int, _ given: String, born: String = "2025-05-05", postcode: String = "ZY1 3AB",
               sex: Sex = .female, mother: String? = nil) -> LinkRecord {
        LinkRecord(source: source, key: key, nhsNumber: nil, givenName: given, familyName: "Thornbury", dateOfBirth: try! Day(born), sex: sex,
                   postcode: try? Postcode(postcode), motherGivenName: mother, motherDateOfBirth: mother.map { _ in Day(year: 1992, month: 3, day: 4)! })
    }

    func bars(_ records: [LinkRecord], _ i: Int, _ j: Int) -> Bool {
        let p = PreparedRecords(records, nicknames: .standard)
        return p.barsLinking(i, j, code: p.pattern(i, j))
    }

    @Test func anotherGivenNameLinksAcrossSourcesOnlyOnTheSameBirthdayWithNoTwin() {
        // Two registers name one child differently (a register's first name against the
        // other's middle name): nothing else in either could be her.
        #expect(!bars([child("h", source: 0, "Ada"), child("c", source: 1, "Grace")], 0, 1))
        #expect(!bars([child("h", source: 0, "Ada", born: "2025-05-05"), child("c", source: 1, "Grace", born: "2025-05-05")], 1, 0))
        // Both name the same mother: the pattern of twins, for a person to decide.
        #expect(bars([child("h", source: 0, "Ada", mother: "Sarah"), child("c", source: 1, "Grace", mother: "Sarah")], 0, 1))
        // One source holds a twin born that day: Grace may be her sister.
        #expect(bars([child("h", source: 0, "Ada"), child("h2", source: 0, "Ivy"), child("c", source: 1, "Grace")], 0, 2))
        // Within one source, or a day apart, another name is another child.
        #expect(bars([child("h", source: 0, "Ada"), child("h2", source: 0, "Grace")], 0, 1))
        #expect(bars([child("h", source: 0, "Ada"), child("c", source: 1, "Grace", born: "2025-05-06")], 0, 1))
    }

    @Test func aBirthDateNoSlipExplainsKeepsBrothersAndSistersApart() {
        // A nickname is as often a sibling's name as the child's own.
        #expect(bars([child("h", source: 0, "Theodore", born: "2023-02-10"), child("c", source: 1, "Theo", born: "2025-07-01")], 0, 1))
        // The same name born on another day elsewhere is another child.
        #expect(bars([child("h", source: 0, "Ada", born: "2023-02-10"), child("c", source: 1, "Ada", born: "2025-07-01", postcode: "ZY9 9ZZ")], 0, 1))
        // A similar name of the other sex in the same home is a brother or sister.
        #expect(bars([child("h", source: 0, "Olive", born: "2023-02-10"), child("c", source: 1, "Oliver", born: "2025-07-01", sex: .male)], 0, 1))
        // The same name in the same home with a birth date mistyped past a slip: for the weights.
        #expect(!bars([child("h", source: 0, "Ada", born: "2023-02-10"), child("c", source: 1, "Ada", born: "2025-07-01")], 0, 1))
        // Or having moved, with the same mother.
        #expect(!bars([child("h", source: 0, "Ada", born: "2023-02-10", postcode: "ZY2 2AB", mother: "Sarah"),
                       child("c", source: 1, "Ada", born: "2025-07-01", postcode: "ZY9 9ZZ", mother: "Sarah")], 0, 1))
        // The names written the wrong way round are the same name.
        var swapped = child("c", source: 1, "Thornbury", born: "2025-07-01")
        swapped.familyName = "Ada"
        #expect(!bars([child("h", source: 0, "Ada", born: "2023-02-10"), swapped], 0, 1))
    }

    @Test func oneSourcesTwoRecordsOfAChildLinkOnlyInOneHome() {
        // The same name, birthday and source, in two homes: for a person, or another source, to say.
        #expect(bars([child("c1", source: 1, "Theodore"), child("c2", source: 1, "Theodore", postcode: "ZY9 9ZZ")], 0, 1))
        #expect(!bars([child("c1", source: 1, "Theodore"), child("c2", source: 1, "Theodore")], 0, 1))
    }

    @Test func oneSourcesTwoRecordsOfOneBirthdayAndHomeUnderTwoFormsOfANameMayBeTwins() {
        // Alfie and Albie, William and Bill, born the same day in one home: twins as often as
        // one child twice. Within one source a person, or another source's record, decides;
        // across sources the weights do.
        for (a, b) in [("Alfie", "Albie"), ("William", "Bill"), ("Abigale", "Abigail")] {
            let p = PreparedRecords([child("c1", source: 1, a), child("c2", source: 1, b), child("h", source: 0, b)], nicknames: .standard)
            #expect(p.barsLinking(0, 1, code: p.pattern(0, 1)) && p.worthReview(0, 1, code: p.pattern(0, 1)), "\(a) and \(b) in one source")
            #expect(!p.barsLinking(0, 2, code: p.pattern(0, 2)), "\(a) and \(b) across sources")
        }
        // The same name written another way round is the same name.
        var swapped = child("c2", source: 1, "Thornbury")
        swapped.familyName = "Theodore"
        #expect(!bars([child("c1", source: 1, "Theodore"), swapped], 0, 1))
    }

    @Test func aNameAloneWithoutABirthDateIsNotAChild() {
        var undated = child("c", source: 1, "Ada", postcode: "ZY9 9ZZ")
        undated.dateOfBirth = nil
        #expect(bars([child("h", source: 0, "Ada"), undated], 0, 1), "the same name elsewhere, no birth date")
        undated.postcode = try? Postcode("ZY1 3AB")
        #expect(!bars([child("h", source: 0, "Ada"), undated], 0, 1), "the same name at the same postcode: for the weights")
    }

    /// Two children born the same day under two given names are worth a look only when they
    /// share a mother, or a home where no mother is named: a twin, or a baby named after its
    /// birth was recorded. Another mother's, or another home's, is another child.
    @Test func aChildOfAnotherNameAndTheSameBirthdayIsProposedOnlyWithOneMotherOrHome() {
        let p = PreparedRecords([child("h", source: 0, "Ada", mother: "Sarah"), child("c", source: 1, "Grace", mother: "Sarah"),
                                 LinkRecord(source: 1, key: "d", nhsNumber: nil, givenName: "Grace", familyName: "Thornbury", dateOfBirth: Day(year: 2025, month: 5, day: 5),
                                            sex: .female, postcode: try? Postcode("ZY9 2WD"), motherGivenName: "Jessica", motherDateOfBirth: Day(year: 1985, month: 1, day: 9)),
                                 child("e", source: 1, "Grace"), child("f", source: 1, "Grace", postcode: "ZY9 2WD")], nicknames: .standard)
        func worth(_ j: Int) -> Bool { p.worthReview(0, j, code: p.pattern(0, j)) }
        #expect(worth(1), "one mother")
        #expect(!worth(2), "another mother, another home")
        #expect(worth(3), "no mother named, one home")
        #expect(!worth(4), "no mother named, another home")
    }

    /// Two birth dates one slip apart, two NHS numbers, or given names one slip apart: how a
    /// source's two records are, or are not, two children.
    @Test func oneSourcesTwoRecordsAreTwoChildrenByNumberNotByASlip() {
        func numbered(_ key: String, _ given: String, nhs: String?) -> LinkRecord {
            LinkRecord(source: 0, key: key, nhsNumber: nhs, givenName: given, familyName: "Thornbury", dateOfBirth: Day(year: 2025, month: 5, day: 5),
                       sex: .female, postcode: try? Postcode("ZY1 3AB"))
        }
        let p = PreparedRecords([numbered("a", "Penelope", nhs: "9990000018"), numbered("b", "Penelope", nhs: "9990000026"),
                                 numbered("c", "Alfie", nhs: nil), numbered("d", "Atfie", nhs: nil), numbered("e", "Isla", nhs: nil)],
                                nicknames: .standard)
        #expect(p.twoChildren([0], [1]), "two NHS numbers are two children")
        #expect(!p.twoChildren([2], [3]), "a one-letter slip is not a twin")
        #expect(p.twoChildren([2], [4]), "another name on the same birthday is a twin")
    }

    @Test func namesOneSlipApartShareTheirFirstLetter() {
        let names = ["alfie", "atfie", "freddie", "freddiie", "isaac", "isdac", "jude", "juder", "ivy", "iv", "maeve", "meave",
                     "ava", "eva", "isla", "ella", "oliver", "olivia"]
        let p = PreparedRecords(names.enumerated().map { i, n in
            LinkRecord(source: 0, key: "\(i)", nhsNumber: nil, givenName: n, familyName: "Thornbury", dateOfBirth: nil, sex: nil, postcode: nil)
        }, nicknames: .standard)
        func slip(_ a: Int, _ b: Int) -> Bool { p.oneSlipApart(p.given[a], p.given[b]) && p.oneSlipApart(p.given[b], p.given[a]) }
        for k in stride(from: 0, to: 12, by: 2) { #expect(slip(k, k + 1), "\(names[k]) / \(names[k + 1])") }
        for k in stride(from: 12, to: 18, by: 2) { #expect(!slip(k, k + 1), "\(names[k]) / \(names[k + 1])") }
        #expect(!p.oneSlipApart(p.given[0], p.given[0]), "the same name is no slip")
    }

    /// A source names a mother on each of her children's rows from one home: two mothers of
    /// one name and birth date in two homes may not link within it, nor are they proposed, nor
    /// are two of one home with two birth dates.
    @Test func oneSourcesMothersInTwoHomesAreTwo() {
        func mother(_ key: String, source: Int, postcode: String, born: Int = 1988) -> LinkRecord {
            LinkRecord(source: source, key: key, nhsNumber: nil, givenName: "Charlotte", familyName: "Smith", dateOfBirth: Day(year: born, month: 9, day: 30),
                       sex: .female, postcode: try? Postcode(postcode), adult: true)
        }
        let p = PreparedRecords([mother("a", source: 0, postcode: "ZY2 4JQ"), mother("b", source: 0, postcode: "ZY6 7BP"),
                                 mother("c", source: 0, postcode: "ZY2 4JQ"), mother("d", source: 1, postcode: "ZY6 7BP"),
                                 mother("e", source: 0, postcode: "ZY2 4JQ", born: 1979)], nicknames: .standard)
        #expect(!p.worthReview(0, 4, code: p.pattern(0, 4)), "one source's mother of another birth date is another mother")
        #expect(p.barsLinking(0, 1, code: p.pattern(0, 1)) && !p.worthReview(0, 1, code: p.pattern(0, 1)))
        #expect(!p.barsLinking(0, 2, code: p.pattern(0, 2)), "one home: the same mother on two rows")
        #expect(!p.barsLinking(0, 3, code: p.pattern(0, 3)) && p.worthReview(0, 3, code: p.pattern(0, 3)), "across sources a move is for the weights")
    }

    /// Two Katie Popescus live at one postcode, one born in 1987; the centre's row for the
    /// other gives no birth date. Within the centre they stay two until another source's record
    /// places the row; across sources the missing date is only for the weights.
    @Test func oneSourcesMotherWithoutABirthDateIsNotLinkedWithinItsSource() {
        func mother(_ key: String, source: Int, born: Day?) -> LinkRecord {
            LinkRecord(source: source, key: key, nhsNumber: nil, givenName: "Katie", familyName: "Popescu", dateOfBirth: born,
                       sex: .female, postcode: try? Postcode("ZY53 5YN"), adult: true)
        }
        let born = Day(year: 1987, month: 3, day: 8)
        let p = PreparedRecords([mother("a", source: 0, born: born), mother("b", source: 0, born: nil), mother("c", source: 1, born: born),
                                 mother("d", source: 0, born: born)], nicknames: .standard)
        #expect(p.barsLinking(1, 0, code: p.pattern(1, 0)) && p.barsLinking(0, 1, code: p.pattern(0, 1)))
        #expect(!p.barsLinking(1, 2, code: p.pattern(1, 2)), "across sources")
        #expect(!p.barsLinking(3, 0, code: p.pattern(3, 0)), "one home, one birth date: the same mother on two rows")
    }

    /// Amy and Emily Smith, born the same day, of one street, in one source, are two mothers
    /// until another source's record places them; a slip in one name is still one mother.
    @Test func oneSourcesMothersUnderTwoFormsOfAGivenNameAreTwo() {
        func mother(_ key: String, _ given: String, source: Int = 0) -> LinkRecord {
            LinkRecord(source: source, key: key, nhsNumber: nil, givenName: given, familyName: "Smith", dateOfBirth: Day(year: 1987, month: 8, day: 12),
                       sex: .female, postcode: try? Postcode("ZY4 7YJ"), adult: true)
        }
        let p = PreparedRecords([mother("a", "Amy"), mother("b", "Emily"), mother("c", "Amyy"), mother("d", "Emily", source: 1),
                                 mother("e", "Rebecca"), mother("f", "Becky")], nicknames: .standard)
        let related = [(0, 1), (4, 5)].filter { p.givenLevel($0.0, $0.1) == 1 || p.givenLevel($0.0, $0.1) == 3 }
        #expect(!related.isEmpty, "a nickname or a near spelling to test with")
        for (a, b) in related { #expect(p.barsLinking(a, b, code: p.pattern(a, b))) }
        #expect(!p.barsLinking(0, 2, code: p.pattern(0, 2)), "a slip in one name")
        #expect(!p.barsLinking(1, 3, code: p.pattern(1, 3)), "across sources the name is for the weights")
    }
}

/// Given and family names written the wrong way round, then mistyped, and the block that
/// finds a record whose birth date, postcode and house are all wrong.
struct SwappedNameTests {
    func person(_ key: String, _ given: String, _ family: String, born: Day? = nil, postcode: String? = nil, house: String? = nil) -> LinkRecord {
        LinkRecord(source: key.hasPrefix("a") ? 0 : 1, key: key, nhsNumber: nil, givenName: given, familyName: family, dateOfBirth: born,
                   sex: nil, postcode: nil, postcodeText: postcode, addressLine: house)
    }

    @Test func namesSwappedWithASlipAreSwappedNotDifferent() {
        let p = PreparedRecords([person("a", "Claudia", "Huxley"), person("b1", "Huxley", "Claudia"), person("b2", "Huxly", "Claudai"),
                                 person("b3", "Huxley", "Ruby"), person("b4", "Ruby", "Huxley")], nicknames: .standard)
        #expect(p.givenLevel(0, 1) == 4 && p.familyLevel(0, 1) == 0)
        #expect(p.givenLevel(0, 2) == 4 && p.familyLevel(0, 2) == 1, "swapped, and each mistyped")
        #expect(p.givenLevel(0, 3) == Comparison.givenDifferent && p.familyLevel(0, 3) == 3, "one name moved is not a swap")
        #expect(p.givenLevel(0, 4) == Comparison.givenDifferent && p.familyLevel(0, 4) == 0)
    }

    @Test func theFullNameBlocksInEitherOrderWhenNothingElseIsShared() {
        let records = [person("a", "Macormack", "Clarke", born: Day(year: 1918, month: 7, day: 5), postcode: "3335", house: "215 giblin street"),
                       person("b1", "macormack", "CLARKE", born: Day(year: 1958, month: 2, day: 18), postcode: "3334", house: "215 giblin ktreet"),
                       person("b2", "Clarke", "Macormack", postcode: "3199", house: "1 appel crescent"),
                       person("b3", "Macormack", "Clark", postcode: "3335")]
        let p = PreparedRecords(records, nicknames: .standard)
        let rule = BlockingRule.fullName
        #expect(rule.key(p, 0) == rule.key(p, 1) && rule.key(p, 0) == rule.key(p, 2))
        #expect(rule.key(p, 0) != rule.key(p, 3))
        #expect(!rule.earlierRuleGroups(p, 0, 1) && !rule.earlierRuleGroups(p, 0, 2), "no other rule would compare them")
        #expect(rule.blocks(p).blocks.map { Array($0) } == [[0, 1, 2]])
        var mother = records[0]
        mother.adult = true
        #expect(rule.key(PreparedRecords([mother], nicknames: .standard), 0) == nil, "a mother's name alone blocks nothing")
    }
}

struct KeyChainsTests {
    @Test func eachKeyListsItsRecordsNewestFirstWithItsCount() {
        var chains = KeyChains()
        for (i, key) in [(0, 7), (1, 9), (3, 7), (4, 7), (6, 9)] { chains.insert(Int32(i), key: UInt64(key)) }
        func records(_ key: UInt64) -> [Int32] {
            var out: [Int32] = [], j = chains.first(key)
            while j >= 0 { out.append(j); j = chains.after(j) }
            return out
        }
        #expect(records(7) == [4, 3, 0] && chains.count(7) == 3)
        #expect(records(9) == [6, 1] && chains.count(9) == 2)
        #expect(records(5) == [] && chains.count(5) == 0)
    }

    @Test func aRecordWalksOnlyTheOlderRecordsWithItsKeyAndSeesTheBlockAsItCame() {
        var chains = KeyChains()
        chains.insert(0, key: 7); chains.insert(1, key: 9); chains.insert(2, key: 7)
        chains.mark(3, key: 7)
        chains.insert(4, key: 7)
        func walk(from i: Int32) -> [Int32] {
            var out: [Int32] = [], j = chains.after(i)
            while j >= 0 { out.append(j); j = chains.after(j) }
            return out
        }
        #expect(walk(from: 4) == [2, 0], "a marked record is not in the chain")
        #expect(walk(from: 3) == [2, 0] && walk(from: 2) == [0] && walk(from: 1) == [])
        #expect(chains.count(7) == 3 && chains.first(7) == 4)
        #expect([0, 2, 3, 4].map { chains.older($0) } == [0, 1, 2, 2] && chains.older(1) == 0)
    }
}
