import Testing
@testable import CradleCore

/// Birth and antenatal notifications as feeds send them: the family's answer on sharing with
/// children's centres, the GP, bookings of unborn children, and when a birth completes one.
struct NotificationTests {
    let today = Day(year: 2026, month: 11, day: 27)!

    @Test func aFeedsAnswerIsRecordedOnlyWhenItSaysSomethingNew() {
        func said(_ s: ConsentStatus) -> FeedConsent { FeedConsent(status: s, date: today, method: .atBooking) }
        #expect(said(.given).decision(lastFromSource: nil) == .given)
        #expect(said(.given).decision(lastFromSource: .given) == nil, "the same yes again records nothing")
        #expect(said(.given).decision(lastFromSource: .refused) == .given)
        #expect(said(.given).decision(lastFromSource: .withdrawn) == .given, "the family agreed again at the source")
        #expect(said(.refused).decision(lastFromSource: nil) == .refused)
        #expect(said(.refused).decision(lastFromSource: .given) == .withdrawn, "a no after the feed's own yes withdraws")
        #expect(said(.refused).decision(lastFromSource: .refused) == nil)
        #expect(said(.refused).decision(lastFromSource: .withdrawn) == nil)
    }

    @Test func birthFeedsReadTheSharingAnswerAndTheGP() throws {
        let header = "record_id,given_name,family_name,date_of_birth,parent_given_name,parent_family_name,parent_date_of_birth,gp_practice,consent_childrens_centre,consent_date\n"
        let text = header + """
            M1,Amy,Lane,2026-11-01,Kate,Lane,1990-02-02,y90001,Yes,2026-11-02
            M2,Ben,Lane,2026-11-01,Kate,Lane,1990-02-02,,no,
            M3,Cal,Lane,2026-11-01,Kate,Lane,1990-02-02,,,
            M4,Dee,Lane,2026-11-01,Kate,Lane,1990-02-02,GP1,maybe,
            M5,Eve,Lane,2026-11-01,Kate,Lane,1990-02-02,,yes,
            M6,Fay,Lane,2026-11-01,Kate,Lane,1990-02-02,,yes,2026-12-25

            """
        let parsed = try CSVSource.parse(text, kind: .maternity, today: today)
        let rows = Dictionary(uniqueKeysWithValues: parsed.rows.map { ($0.record.recordId, $0.record) })
        #expect(rows["M1"]?.gpPractice == "Y90001")
        #expect(rows["M1"]?.consent == FeedConsent(status: .given, date: Day(year: 2026, month: 11, day: 2)!, method: .atBooking))
        #expect(rows["M2"]?.consent == FeedConsent(status: .refused, date: today, method: .atBooking), "a no needs no date")
        #expect(rows["M3"]?.consent == nil, "blank: not asked")
        let problems = Dictionary(grouping: parsed.problems, by: \.row).mapValues { $0.map(\.field).sorted() }
        #expect(problems[5] == ["consent_childrens_centre", "gp_practice"])
        #expect(problems[6] == ["consent_date"], "a yes needs its date")
        #expect(problems[7] == ["consent_date"], "not in the future")
        // Child health asks at the first visit; the answer is part of the record's canonical text.
        let ch = try CSVSource.parse(header + "C1,Amy,Lane,2026-11-01,Kate,Lane,1990-02-02,,yes,2026-11-20\n", kind: .childHealth, today: today)
        #expect(ch.rows[0].record.consent?.method == .firstVisit)
        #expect(ch.rows[0].record.canonical != (try CSVSource.parse(header + "C1,Amy,Lane,2026-11-01,Kate,Lane,1990-02-02,,no,2026-11-20\n", kind: .childHealth, today: today)).rows[0].record.canonical)
        // Other kinds have no such columns.
        #expect(throws: SourceFileRefused.self) { try CSVSource.parse(header, kind: .gp, today: today) }
    }

    @Test func aBookingIsTheMotherAndAnUnbornChildDueOnTheExpectedDate() throws {
        let header = SourceKind.antenatal.columns.map(\.name).joined(separator: ",") + "\n"
        #expect(header.hasPrefix("record_id,parent_given_name,parent_family_name,parent_date_of_birth,expected_delivery_date,booked_on"))
        let text = header + """
            B1,Grace,Hartley,1994-06-02,2027-05-20,2026-11-02,9991000089,ZY1 2AB,4 Fern Row,Y90001,yes,2026-11-02
            B2,Grace,Hartley,1994-06-02,2028-05-20,2026-11-02,,,,,,
            B3,Grace,Hartley,2020-06-02,2027-05-20,2026-11-02,,,,,,
            B4,Grace,Hartley,1994-06-02,2027-05-20,,,,,,,

            """
        let parsed = try CSVSource.parse(text, kind: .antenatal, today: today)
        let b = try #require(parsed.rows.first?.record)
        #expect(b.dateOfBirth == nil && b.expectedDelivery == Day(year: 2027, month: 5, day: 20))
        #expect(b.givenName == "Baby" && b.familyName == "Hartley")
        #expect(b.parent == SourceParent(relationship: .mother, givenName: "Grace", familyName: "Hartley", dateOfBirth: Day(year: 1994, month: 6, day: 2)!,
                                         nhsNumber: try NHSNumber("9991000089")))
        #expect(b.consent?.status == .given && b.consent?.method == .atBooking && b.gpPractice == "Y90001")
        #expect(b.extra["booked_on"] == "2026-11-02")
        let problems = Dictionary(grouping: parsed.problems, by: \.row).mapValues { $0.map(\.field) }
        #expect(problems[3] == ["expected_delivery_date"], "due more than 44 weeks after booking")
        #expect(problems[4] == ["parent_date_of_birth"], "a six-year-old mother")
        #expect(problems[5] == ["booked_on"])
        // The unborn child is linked without a date of birth.
        #expect(b.linkRecord(source: 1, key: "B1").dateOfBirth == nil)
    }

    @Test func aBirthCompletesTheBookingDueWithinTheWeeksABirthCanCome() {
        let due = Day(year: 2027, month: 5, day: 20)!
        #expect(BookingMatch.born(on: due, due: due))
        #expect(BookingMatch.born(on: due - 16 * 7, due: due) && !BookingMatch.born(on: due - 16 * 7 - 1, due: due))
        #expect(BookingMatch.born(on: due + 28, due: due) && !BookingMatch.born(on: due + 29, due: due))
    }

    @Test func gpPracticeCodesAreALetterAndFiveDigits() {
        #expect(GPPracticeCode.normalised(" a81001 ") == "A81001")
        for bad in ["A8100", "A810012", "881001", "A8100X", "Ä81001"] { #expect(GPPracticeCode.normalised(bad) == nil, "\(bad)") }
    }

    @Test func theListNamesExpectedBabiesAfterTheBirths() throws {
        let p = Period("2026-11")!
        let list = BirthList(centre: "CC01", period: p,
                             entries: [.init(personId: 1, givenName: "Amy", familyName: "Lane", dateOfBirth: p.first, sex: "female", postcode: "ZY1 2AB",
                                             addressLine: nil, parentName: "Kate Lane")],
                             expected: [.init(personId: 2, motherName: "Grace Hartley", due: Day(year: 2027, month: 5, day: 20)!, postcode: "ZY1 2AB", addressLine: "4 Fern Row")],
                             birthsInArea: 9)
        let rows = try CSVReader.records(list.csv)
        #expect(rows.count == 3)
        #expect(rows[1][1] == "born" && rows[1][4] == "2026-11-01")
        #expect(rows[2] == ["2", "expected", "", "", "", "2027-05-20", "", "ZY1 2AB", "4 Fern Row", "Grace Hartley"])
    }
}

/// The match model is estimated from a sample of whole birth dates once the index is large.
struct TrainingSampleTests {
    @Test func aSampleKeepsEachBirthDatesRecordsTogether() {
        let start = Day(year: 2020, month: 1, day: 1)!
        var records: [LinkRecord] = []
        for i in 0..<10_000 {
            let dob = start + i % 1_500
            records.append(LinkRecord(source: 1, key: "a\(i)", nhsNumber: nil, givenName: "A", familyName: "B", dateOfBirth: dob, sex: nil, postcode: nil))
            records.append(LinkRecord(source: 2, key: "b\(i)", nhsNumber: nil, givenName: "A", familyName: "B", dateOfBirth: dob, sex: nil, postcode: nil))
        }
        #expect(LinkRecord.trainingSample(records, limit: 50_000).count == records.count, "small enough: all of it")
        let sample = LinkRecord.trainingSample(records, limit: 5_000)
        #expect(sample.count <= 5_500 && sample.count >= 4_500)
        let days = Set(sample.compactMap(\.dateOfBirth))
        #expect(records.filter { days.contains($0.dateOfBirth!) }.count == sample.count, "every record of a sampled date is in")
    }
}
