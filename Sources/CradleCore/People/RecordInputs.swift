/// A family or household as submitted.
public struct FamilyInput: Sendable, Equatable {
    public var name: String

    public init(name: String) { self.name = name }

    public static func validate(_ fields: [String: String]) -> Result<FamilyInput, FieldErrors> {
        var r = FieldReader(fields)
        let name = r.text("name", label: "Family name", max: 120)
        guard r.errors.isEmpty, let name else { return .failure(r.errors) }
        return .success(FamilyInput(name: name))
    }
}

/// A service's involvement with a child (or the child's whole family), led by a practitioner.
public struct InvolvementInput: Sendable, Equatable {
    public var serviceId: Int64
    public var wholeFamily: Bool
    public var startDate: Day
    public var endDate: Day?
    public var leadPractitionerId: Int64?
    /// Required to start an involvement; a change keeps the basis it started on.
    public var basis: InvolvementBasis?

    public static func validate(_ fields: [String: String], today: Day, starting: Bool = false) -> Result<InvolvementInput, FieldErrors> {
        var r = FieldReader(fields)
        let basis = r.choice("lawfulBasis", label: "Lawful basis", as: InvolvementBasis.self, required: starting)
        let service = r.identifier("serviceId", label: "Service")
        let start = r.day("startDate", label: "Start date", required: true, notAfter: today + 366)
        let end = r.day("endDate", label: "End date")
        let lead = r.identifier("leadPractitionerId", label: "Lead practitioner", required: false)
        let family = fields["wholeFamily"].map { ["on", "true", "1", "yes"].contains($0.lowercased()) } ?? false
        if let start, let end, end < start { r.errors.add("endDate", "End date must be on or after the start date") }
        guard r.errors.isEmpty, let service, let start else { return .failure(r.errors) }
        return .success(InvolvementInput(serviceId: service, wholeFamily: family, startDate: start, endDate: end, leadPractitionerId: lead, basis: basis))
    }
}

/// A contact or appointment with a child and family.
public struct ContactInput: Sendable, Equatable {
    public var serviceId: Int64
    public var date: Day
    public var type: ContactType
    public var place: ContactPlace
    public var outcome: ContactOutcome

    /// A booked appointment lies ahead; an outcome other than booked has happened, so
    /// cannot be in the future.
    public static func validate(_ fields: [String: String], today: Day) -> Result<ContactInput, FieldErrors> {
        var r = FieldReader(fields)
        let service = r.identifier("serviceId", label: "Service")
        let date = r.day("date", label: "Date", required: true, notBefore: Day(year: 2000, month: 1, day: 1))
        let type = r.choice("type", label: "Type", as: ContactType.self)
        let place = r.choice("place", label: "Place", as: ContactPlace.self)
        let outcome = r.choice("outcome", label: "Outcome", as: ContactOutcome.self)
        if let date, let outcome, outcome != .booked, date > today {
            r.errors.add("date", "Date of a contact that has happened must be today or in the past; choose Booked for a future appointment")
        }
        if let date, date > today + 730 { r.errors.add("date", "Date must be within two years from today") }
        guard r.errors.isEmpty, let service, let date, let type, let place, let outcome else { return .failure(r.errors) }
        return .success(ContactInput(serviceId: service, date: date, type: type, place: place, outcome: outcome))
    }
}

/// A case note. Its author and profession come from the signed-in practitioner, never the form.
public struct NoteInput: Sendable, Equatable {
    public static let maximumLength = 20_000
    public var body: String
    public var visibility: NoteVisibility

    public static func validate(_ fields: [String: String]) -> Result<NoteInput, FieldErrors> {
        var r = FieldReader(fields)
        let body = r.text("body", label: "Note", max: maximumLength)
        let visibility = r.choice("visibility", label: "Who can read it", as: NoteVisibility.self)
        guard r.errors.isEmpty, let body, let visibility else { return .failure(r.errors) }
        return .success(NoteInput(body: body, visibility: visibility))
    }
}
