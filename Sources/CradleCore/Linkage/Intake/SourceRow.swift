/// One child's record from a source system, checked: what the person index links and what a
/// new person is made from. A parent or carer named on it becomes a record of their own.
public struct SourceRow: Sendable, Equatable {
    public var recordId: String
    public var nhsNumber: NHSNumber?
    public var givenName: String
    public var familyName: String
    /// Nil for an unborn child, who has `expectedDelivery` instead.
    public var dateOfBirth: Day?
    public var expectedDelivery: Day?
    public var sex: Sex?
    public var postcode: Postcode?
    /// The postcode as written when it is not a UK postcode (left out of the address; still
    /// compared, as text, with other records').
    public var postcodeText: String?
    public var addressLine: String?
    public var birthWeightGrams: Int?
    public var gestationWeeks: Int?
    public var parent: SourceParent?
    /// The registered GP practice's ODS code.
    public var gpPractice: String?
    /// The family's answer on sharing birth details with children's centres, if they were asked.
    public var consent: FeedConsent?
    /// Kind-specific fields (registered_on, upn), checked, as text.
    public var extra: [String: String]
    /// The record as received (for CSV, its line, under the header its import keeps; for
    /// FHIR, the resources).
    public var received: String
    /// Fields that were not usable and were left out, the row imported without them (their
    /// text is still in `received`); `row` is 0 until the file's reader numbers them.
    public var warnings: [RowProblem] = []

    public init(recordId: String, nhsNumber: NHSNumber?, givenName: String, familyName: String, dateOfBirth: Day?, sex: Sex?,
                postcode: Postcode?, addressLine: String? = nil, birthWeightGrams: Int? = nil, gestationWeeks: Int? = nil,
                parent: SourceParent? = nil, expectedDelivery: Day? = nil, gpPractice: String? = nil, consent: FeedConsent? = nil,
                extra: [String: String] = [:], received: String) {
        self.recordId = recordId; self.nhsNumber = nhsNumber; self.givenName = givenName; self.familyName = familyName
        self.dateOfBirth = dateOfBirth; self.sex = sex; self.postcode = postcode; self.addressLine = addressLine
        self.birthWeightGrams = birthWeightGrams; self.gestationWeeks = gestationWeeks; self.parent = parent
        self.expectedDelivery = expectedDelivery; self.gpPractice = gpPractice; self.consent = consent
        self.extra = extra; self.received = received
    }

    /// Every checked field in a fixed order: two rows with the same canonical text say the
    /// same thing, however the file laid them out. A re-sent unchanged record is recognised by it.
    public var canonical: String {
        var parts: [String] = [recordId, nhsNumber?.digits ?? "", givenName, familyName, dateOfBirth?.iso ?? "", sex?.rawValue ?? ""]
        parts += [postcode?.normalised ?? "", addressLine ?? "", birthWeightGrams.map { String($0) } ?? "", gestationWeeks.map { String($0) } ?? ""]
        if let p = parent { parts += [p.relationship.rawValue, p.givenName, p.familyName, p.dateOfBirth?.iso ?? "", p.nhsNumber?.digits ?? ""] }
        var more = extra
        if let d = expectedDelivery { more["expected_delivery_date"] = d.iso }
        if let gp = gpPractice { more["gp_practice"] = gp }
        if let c = consent { more["consent"] = "\(c.status.rawValue) \(c.date.iso)" }
        if let t = postcodeText { more["postcode_as_written"] = t }
        parts += more.keys.sorted().map { "\($0)=\(more[$0]!)" }
        return CSVReader.line(parts)
    }

    /// The child as the linker sees it.
    public func linkRecord(source: Int, key: String) -> LinkRecord {
        let mother = parent?.relationship == .mother ? parent : nil
        return LinkRecord(source: source, key: key, nhsNumber: nhsNumber?.digits, givenName: givenName, familyName: familyName,
                          dateOfBirth: dateOfBirth, sex: sex, postcode: postcode, postcodeText: postcodeText, addressLine: addressLine,
                          motherGivenName: mother.flatMap { $0.givenName.isEmpty ? nil : $0.givenName }, motherDateOfBirth: mother?.dateOfBirth)
    }

    /// The parent to record as a person: one named in full.
    public var recordedParent: SourceParent? { parent.flatMap { $0.incomplete ? nil : $0 } }

    /// The parent as the linker sees them: an adult at the child's address.
    public func parentLinkRecord(source: Int, key: String) -> LinkRecord? {
        guard let p = recordedParent else { return nil }
        return LinkRecord(source: source, key: key, nhsNumber: p.nhsNumber?.digits, givenName: p.givenName, familyName: p.familyName,
                          dateOfBirth: p.dateOfBirth, sex: p.relationship == .mother ? .female : p.relationship == .father ? .male : nil,
                          postcode: postcode, postcodeText: postcodeText, addressLine: addressLine, adult: true, parentOfPrevious: true)
    }
}

/// The parent or carer a child's record names.
public struct SourceParent: Sendable, Equatable {
    public var relationship: Relationship
    public var givenName: String
    public var familyName: String
    public var dateOfBirth: Day?
    public var nhsNumber: NHSNumber?
    /// Only one of the two names was given: not enough to record the parent as a person.
    public var incomplete = false

    public init(relationship: Relationship, givenName: String, familyName: String, dateOfBirth: Day?, nhsNumber: NHSNumber?) {
        self.relationship = relationship; self.givenName = givenName; self.familyName = familyName
        self.dateOfBirth = dateOfBirth; self.nhsNumber = nhsNumber
    }
}

/// A problem with one row, and where: the row (a spreadsheet's row number, the header being
/// row 1; for FHIR, the entry's position), the field and the problem. A refusal kept the row
/// out; a warning left one unusable field out and imported the rest of the row.
public struct RowProblem: Sendable, Equatable, Codable {
    public var row: Int
    public var field: String
    public var problem: String
    public var warning: Bool = false

    public init(row: Int, field: String, problem: String, warning: Bool = false) {
        self.row = row; self.field = field; self.problem = problem; self.warning = warning
    }

    enum CodingKeys: String, CodingKey { case row, field, problem, warning }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        row = try c.decode(Int.self, forKey: .row)
        field = try c.decode(String.self, forKey: .field)
        problem = try c.decode(String.self, forKey: .problem)
        warning = try c.decodeIfPresent(Bool.self, forKey: .warning) ?? false
    }
}

/// A file read and checked: its good rows (with their row numbers) and the problems of the rest.
public struct ParsedSource: Sendable {
    public var rows: [(row: Int, record: SourceRow)]
    public var problems: [RowProblem]
    /// A CSV file's header line: kept once with the import, each record keeping its own line.
    public var header: String?
    public init(rows: [(row: Int, record: SourceRow)] = [], problems: [RowProblem] = []) { self.rows = rows; self.problems = problems }

    /// How many rows the file had.
    public var total: Int { rows.count + refusedRows }

    /// Rows kept out of the import (a row with only warnings was imported).
    public var refusedRows: Int { Set(problems.filter { !$0.warning }.map(\.row)).count }
}

/// A file that is not what its source sends: nothing of it is imported.
public struct SourceFileRefused: Error, Sendable, Equatable, CustomStringConvertible {
    public var reason: String
    public init(_ reason: String) { self.reason = reason }
    public var description: String { reason }
}
