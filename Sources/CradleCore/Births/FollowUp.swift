/// Why a centre is asked to follow a family up.
public enum FollowUpReason: String, Vocabulary {
    case missedImmunisation = "missed_immunisation"
    case missedReview = "missed_review"
    public var label: String {
        switch self {
        case .missedImmunisation: "Missed immunisation"
        case .missedReview: "Missed Healthy Child Programme review"
        }
    }

    /// A contact health recorded as not attended that a centre should follow up: an
    /// immunisation or a mandated review.
    public init?(missed type: ContactType, outcome: ContactOutcome) {
        guard outcome == .didNotAttend else { return nil }
        if type == .immunisation { self = .missedImmunisation; return }
        guard MandatedReview(contactType: type) != nil else { return nil }
        self = .missedReview
    }
}

/// When health may pass a missed appointment to the family's centre: the family consented to
/// share with children's centres, and a live agreement lets the health organisation share
/// what services are involved with that centre for direct care.
public enum FollowUpRule {
    public static let daysToFollowUp = 14

    public static func allowed(consents: [ConsentFact], agreements: [AgreementFact], health: Int64, centre: Int64, on day: Day) -> Bool {
        BirthList.consented(consents, centre: centre, on: day)
            && agreements.contains { $0.covers(health, centre, purpose: .directCare, category: .servicesInvolved, on: day) }
    }
}

/// A centre closing a follow-up: who did it and what came of it.
public struct FollowUpOutcomeInput: Sendable, Equatable {
    public var ownerId: Int64
    public var outcome: String

    public static func validate(_ fields: [String: String]) -> Result<FollowUpOutcomeInput, FieldErrors> {
        var r = FieldReader(fields)
        let owner = r.identifier("ownerId", label: "Who followed it up")
        let outcome = r.text("outcome", label: "Outcome", max: 400)
        guard r.errors.isEmpty, let owner, let outcome else { return .failure(r.errors) }
        return .success(FollowUpOutcomeInput(ownerId: owner, outcome: outcome))
    }
}
