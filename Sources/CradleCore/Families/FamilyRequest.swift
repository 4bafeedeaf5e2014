/// What a family asks of the people who keep its record: to correct something wrong, or to
/// change a Healthy Child Programme review. Tracked until someone answers it.
public enum FamilyRequestKind: String, Vocabulary {
    case correction
    case reviewChange = "review_change"
    public var label: String {
        switch self {
        case .correction: "Correct something in our record"
        case .reviewChange: "Change a review appointment"
        }
    }
}

public enum FamilyRequestStatus: String, Vocabulary {
    case open, done, declined
    public var label: String {
        switch self {
        case .open: "Waiting for an answer"
        case .done: "Done"
        case .declined: "Not changed"
        }
    }
}

public struct FamilyRequestInput: Sendable, Equatable {
    public var kind: FamilyRequestKind
    /// The person in the family the request is about, if it is about one.
    public var personId: Int64?
    public var body: String

    /// `members`: the people of the asking family; a request about anyone else is refused.
    public static func validate(_ fields: [String: String], members: Set<Int64>) -> Result<FamilyRequestInput, FieldErrors> {
        var r = FieldReader(fields)
        let kind = r.choice("kind", label: "What you are asking", as: FamilyRequestKind.self)
        let body = r.text("body", label: "What should change", max: 2_000)
        var person: Int64?
        if let raw = fields["personId"], !raw.isEmpty {
            if let id = Int64(raw), members.contains(id) { person = id } else { r.errors.add("personId", "Choose someone in your family") }
        }
        guard r.errors.isEmpty, let kind, let body else { return .failure(r.errors) }
        return .success(FamilyRequestInput(kind: kind, personId: person, body: body))
    }
}

/// A practitioner's answer to a family's request.
public struct FamilyRequestAnswer: Sendable, Equatable {
    public var status: FamilyRequestStatus
    public var response: String

    public static func validate(_ fields: [String: String]) -> Result<FamilyRequestAnswer, FieldErrors> {
        var r = FieldReader(fields)
        let status = r.choice("status", label: "Outcome", as: FamilyRequestStatus.self)
        let response = r.text("response", label: "What you tell the family", max: 1_000)
        if status == .open { r.errors.add("status", "Choose done or not changed") }
        guard r.errors.isEmpty, let status, let response else { return .failure(r.errors) }
        return .success(FamilyRequestAnswer(status: status, response: response))
    }
}
