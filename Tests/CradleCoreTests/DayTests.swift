import Testing
@testable import CradleCore

struct DayTests {
    @Test func roundTripsEveryDayAcrossLeapYears() throws {
        let start = Day(year: 1999, month: 12, day: 25)!
        for offset in 0..<3_000 {
            let d = start + offset
            #expect(try Day(d.iso) == d)
        }
        #expect(Day(year: 2024, month: 2, day: 29) != nil)
        #expect(Day(year: 2025, month: 2, day: 29) == nil)
        #expect(Day(year: 1970, month: 1, day: 1)!.ordinal == 0)
    }

    @Test func parsesUKAndISOFormsAndRefusesNonsense() throws {
        #expect(try Day("27/03/2024") == Day(year: 2024, month: 3, day: 27))
        #expect(try Day(" 2024-03-27 ") == Day(year: 2024, month: 3, day: 27))
        for bad in ["2024-13-01", "31/02/2024", "yesterday", "2024-03", ""] {
            #expect(throws: IdentifierError.self, "\(bad)") { try Day(bad) }
        }
    }

    /// The byte-level reading of `YYYY-MM-DD` agrees with the general parser on every form,
    /// good or not, and leaves whatever it cannot read to it.
    @Test func theQuickISOReadingAgreesWithTheGeneralOne() throws {
        let start = Day(year: 1899, month: 12, day: 20)!
        for offset in stride(from: 0, to: 120_000, by: 7) { let d = start + offset; #expect(Day(iso: d.iso.utf8) == (d.ordinal >= Day(year: 1900, month: 1, day: 1)!.ordinal && d.ordinal <= Day(year: 2200, month: 12, day: 31)!.ordinal ? d : nil)) }
        for bad in ["2024-13-01", "2025-02-29", "2024-00-10", "2024-01-32", "1899-12-31", "2201-01-01", "2024/01/01", "２０２４-01-01", "2024-01-0a"] {
            #expect(Day(iso: bad.utf8) == nil, "\(bad)")
            #expect(throws: IdentifierError.self, "\(bad)") { try Day(bad) }
        }
        #expect(Day(iso: "2024-02-29".utf8) == Day(year: 2024, month: 2, day: 29))
        #expect(Day(year: 2024, month: 3, day: 7)!.iso == "2024-03-07" && Day(year: 999, month: 12, day: 31)!.iso == "0999-12-31")
        // Values padded or written another way still go the long way, and are still read.
        #expect(Day(iso: "2024-1-011".utf8) == nil)
        #expect(try Day("2024-1-011") == Day(year: 2024, month: 1, day: 11))
        #expect(try Day("\u{00A0}2024-03-27") == Day(year: 2024, month: 3, day: 27))
        #expect("\u{00A0}x\u{00A0}".trimmingCharacters(in: WhitespaceSet.whitespaces) == "x")
        #expect("x".trimmingCharacters(in: WhitespaceSet.whitespaces) == "x" && "a b".trimmingCharacters(in: WhitespaceSet.whitespaces) == "a b")
    }

    @Test func monthsClampAndAgesCountWholeMonths() {
        let jan31 = Day(year: 2025, month: 1, day: 31)!
        #expect(jan31.adding(months: 1) == Day(year: 2025, month: 2, day: 28))
        #expect(jan31.adding(months: -12) == Day(year: 2024, month: 1, day: 31))
        let born = Day(year: 2024, month: 5, day: 15)!
        #expect(born.wholeMonths(until: Day(year: 2026, month: 5, day: 14)!) == 23)
        #expect(born.wholeMonths(until: Day(year: 2026, month: 5, day: 15)!) == 24)
    }
}

struct PersonInputTests {
    let today = Day(year: 2026, month: 11, day: 27)!
    let base = ["kind": "child", "givenName": "Ivy", "familyName": "Stone", "sex": "female", "dateOfBirth": "2025-01-01"]

    func errors(_ changes: [String: String?]) -> FieldErrors {
        var f = base
        for (k, v) in changes { f[k] = v }
        if case .failure(let e) = PersonInput.validate(f, today: today) { return e }
        return FieldErrors()
    }

    @Test func acceptsAValidChild() throws {
        let p = try PersonInput.validate(base.merging(["nhsNumber": "943 476 5919", "postcode": "zy1 1ab"]) { $1 }, today: today).get()
        #expect(p.nhsNumber?.digits == "9434765919")
        #expect(p.postcode?.normalised == "ZY1 1AB")
        #expect(!p.isUnborn)
    }

    @Test func namesEachBadField() {
        #expect(errors(["givenName": nil])["givenName"] == "Enter given name")
        #expect(errors(["dateOfBirth": "2026-11-28"])["dateOfBirth"] == "Date of birth must be today or in the past")
        #expect(errors(["sex": "x"])["sex"]?.hasPrefix("Sex must be one of") == true)
        #expect(errors(["nhsNumber": "9434765918"])["nhsNumber"] != nil)
        #expect(errors(["familyName": String(repeating: "a", count: 101)])["familyName"] == "Family name must be 100 characters or fewer")
        #expect(errors(["givenName": "Ivy\u{0}"])["givenName"] == "Given name contains characters that cannot be stored")
        #expect(errors(["gestationWeeks": "50"])["gestationWeeks"] == "Gestation at birth (weeks) must be between 22 and 44")
    }

    @Test func anUnbornChildNeedsAnExpectedDateAndNoBirthDetails() {
        #expect(errors(["dateOfBirth": nil])["dateOfBirth"]?.contains("expected date of delivery") == true)
        #expect(errors(["dateOfBirth": nil, "expectedDeliveryDate": "2027-02-01"]).isEmpty)
        #expect(errors(["dateOfBirth": nil, "expectedDeliveryDate": "2027-02-01", "birthWeightGrams": "3000"])["birthWeightGrams"] != nil)
        #expect(errors(["dateOfBirth": nil, "expectedDeliveryDate": "2028-02-01"])["expectedDeliveryDate"] != nil)
    }

    @Test func contactOutcomesCannotBeInTheFuture() {
        let fields = ["serviceId": "1", "date": "2026-12-01", "type": "clinic", "place": "clinic", "outcome": "attended"]
        guard case .failure(let e) = ContactInput.validate(fields, today: today) else { Issue.record("accepted"); return }
        #expect(e["date"] != nil)
        var booked = fields; booked["outcome"] = "booked"
        #expect((try? ContactInput.validate(booked, today: today).get()) != nil)
    }
}
