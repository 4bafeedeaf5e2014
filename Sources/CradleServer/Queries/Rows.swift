import SQLKit
import CradleCore

/// Every query's rows are read with this (see RowDecoder).
let rowDecoder = RowDecoder()

/// A person as stored.
struct PersonRow: Codable, Sendable {
    var id: Int64
    var familyId: Int64?
    var familyLabel: String?
    var kind: String
    var relationship: String
    var givenName: String
    var familyName: String
    var sex: String
    var dateOfBirth: String?
    var expectedDeliveryDate: String?
    var nhsNumber: String?
    var gestationWeeks: Int?
    var birthWeightGrams: Int?
    var version: Int
    /// Set when the person index merged this record into another person's.
    var mergedInto: Int64?
    /// The registered GP practice a birth notification named (ODS code), and its name if Cradle knows it.
    var gpPractice: String?
    var gpPracticeName: String?

    var fullName: String { "\(givenName) \(familyName)" }
    var born: Day? { dateOfBirth.flatMap { try? Day($0) } }
    var due: Day? { expectedDeliveryDate.flatMap { try? Day($0) } }
    var isUnborn: Bool { kind == PersonKind.child.rawValue && dateOfBirth == nil }
    var nhsFormatted: String? { nhsNumber.flatMap { try? NHSNumber($0).formatted } }
}

struct AddressRow: Codable, Sendable {
    var id: Int64
    var line: String?
    var postcode: String
    var fromDate: String
    var toDate: String?
}

/// One row of a search: minimal demographics only (name, date of birth, postcode district),
/// as the access policy's search rule says.
struct SearchRow: Codable, Sendable {
    var id: Int64
    var givenName: String
    var familyName: String
    var dateOfBirth: String?
    var expectedDeliveryDate: String?
    var postcodeDistrict: String?
}

/// What the search query reads before it is cut down to a `SearchRow`.
struct SearchMatch: Decodable {
    var id: Int64
    var givenName: String
    var familyName: String
    var dateOfBirth: String?
    var expectedDeliveryDate: String?
    var postcode: String?

    var minimal: SearchRow {
        SearchRow(id: id, givenName: givenName, familyName: familyName, dateOfBirth: dateOfBirth,
                  expectedDeliveryDate: expectedDeliveryDate, postcodeDistrict: postcode.flatMap { $0.split(separator: " ").first.map(String.init) })
    }
}

/// A service involved with a child or the child's family, with this child's contact counts.
struct InvolvementRow: Codable, Sendable {
    var id: Int64
    var serviceId: Int64
    var serviceName: String
    var serviceKind: String
    var organisationName: String
    var organisationId: Int64
    var teamId: Int64?
    var personId: Int64?
    var familyId: Int64?
    var startDate: String
    var endDate: String?
    var leadPractitionerId: Int64?
    var leadName: String?
    var leadProfession: String?
    var version: Int
}

struct ContactCounts: Codable, Sendable {
    var serviceId: Int64
    var total: Int
    var attended: Int
    var missed: Int
    var booked: Int
}

struct ContactRow: Codable, Sendable {
    var id: Int64
    var personId: Int64
    var serviceId: Int64
    var serviceName: String
    var practitionerId: Int64?
    var practitionerName: String?
    var date: String
    var type: String
    var place: String
    var outcome: String
    var version: Int
}

struct NoteRow: Codable, Sendable {
    var id: Int64
    var personId: Int64
    var authorId: Int64
    var authorName: String
    var authorProfession: String
    var authorOrganisation: Int64
    var visibility: String
    var writtenOn: String
    var body: String
    var version: Int
}

struct FamilyRow: Codable, Sendable {
    var id: Int64
    var name: String
    var version: Int
}

struct ServiceOption: Codable, Sendable {
    var id: Int64
    var name: String
    var kind: String
    var organisationName: String
    var teamId: Int64?
}

struct PractitionerOption: Codable, Sendable {
    var id: Int64
    var displayName: String
    var profession: String
    var organisationName: String

    /// How a form offers practitioners: value and "Name — Profession, Organisation".
    static func choices(_ all: [PractitionerOption]) -> [(value: String, label: String)] {
        all.map { (String($0.id), "\($0.displayName) — \(Format.label($0.profession, Profession.self)), \($0.organisationName)") }
    }
}
