/// A children's centre's list of new births in its reach area for one month: only the
/// families who consented to share birth details with children's centres, and the total
/// births in the area whether they consented or not, so the centre can see who it is not
/// reaching.
public struct BirthList: Sendable, Equatable {
    public struct Entry: Sendable, Equatable {
        public var personId: Int64
        public var givenName: String
        public var familyName: String
        public var dateOfBirth: Day
        public var sex: String
        public var postcode: String
        public var addressLine: String?
        public var parentName: String?
        public init(personId: Int64, givenName: String, familyName: String, dateOfBirth: Day, sex: String, postcode: String,
                    addressLine: String?, parentName: String?) {
            self.personId = personId; self.givenName = givenName; self.familyName = familyName; self.dateOfBirth = dateOfBirth
            self.sex = sex; self.postcode = postcode; self.addressLine = addressLine; self.parentName = parentName
        }
    }

    /// A baby on the way: an antenatal booking notified this month, the family having agreed
    /// at booking, so that the centre can reach them before the birth.
    public struct Expected: Sendable, Equatable {
        public var personId: Int64
        public var motherName: String
        public var due: Day
        public var postcode: String
        public var addressLine: String?
        public init(personId: Int64, motherName: String, due: Day, postcode: String, addressLine: String?) {
            self.personId = personId; self.motherName = motherName; self.due = due; self.postcode = postcode; self.addressLine = addressLine
        }
    }

    public var centre: String
    public var period: Period
    public var entries: [Entry]
    public var expected: [Expected]
    public var birthsInArea: Int

    public init(centre: String, period: Period, entries: [Entry], expected: [Expected] = [], birthsInArea: Int) {
        self.centre = centre; self.period = period; self.entries = entries; self.expected = expected; self.birthsInArea = birthsInArea
    }

    /// Whether a child's consents (current decision per purpose) let their birth details go to
    /// this centre on `day`: consent to share with children's centres, given, unexpired, and
    /// naming this centre or children's centres (or no recipient). A withdrawal is the latest
    /// decision and so ends it.
    public static func consented(_ consents: [ConsentFact], centre: Int64, on day: Day) -> Bool {
        consents.contains { $0.purpose == .birthDetailsToChildrensCentres && $0.covers(organisation: centre, kind: .childrensCentre, on: day) }
    }

    public static let header = ["cradle_id", "status", "given_name", "family_name", "date_of_birth", "expected_delivery_date", "sex",
                                "postcode", "address", "parent"]

    /// The list as the centre opens it: CSV, a header row, one row per child born, then one
    /// per baby expected.
    public var csv: String {
        let born = entries.map { e in
            CSVReader.exportLine([String(e.personId), "born", e.givenName, e.familyName, e.dateOfBirth.iso, "", e.sex, e.postcode, e.addressLine ?? "", e.parentName ?? ""])
        }
        let due = expected.map { e in
            CSVReader.exportLine([String(e.personId), "expected", "", "", "", e.due.iso, "", e.postcode, e.addressLine ?? "", e.motherName])
        }
        return ([CSVReader.line(Self.header)] + born + due).joined(separator: "\n") + "\n"
    }
}

/// A calendar month, `YYYY-MM`.
public struct Period: Sendable, Equatable, CustomStringConvertible {
    public var first: Day
    public var last: Day

    public init?(_ text: String) {
        let parts = text.split(separator: "-")
        guard parts.count == 2, parts[0].count == 4, parts[1].count == 2, let y = Int(parts[0]), let m = Int(parts[1]),
              let first = Day(year: y, month: m, day: 1) else { return nil }
        self.first = first
        last = first.adding(months: 1) - 1
    }

    public init(containing day: Day) {
        let c = day.components
        first = Day(year: c.year, month: c.month, day: 1)!
        last = first.adding(months: 1) - 1
    }

    public var description: String { String(first.iso.prefix(7)) }
}
