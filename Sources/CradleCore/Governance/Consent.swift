/// What a family may consent to (or refuse). DOMAIN.md §8: where the lawful basis is direct
/// care or public task, an agreement says so and consent governs only what it leaves to it.
public enum ConsentPurpose: String, Vocabulary {
    case birthDetailsToChildrensCentres = "birth_details_to_childrens_centres"
    case antenatalSharing = "antenatal_sharing"
    case earlyHelpAndTeamAroundFamily = "early_help_and_team_around_family"
    case twoYearReviewToSetting = "two_year_review_to_setting"
    case researchExtracts = "research_extracts"

    public var label: String {
        switch self {
        case .birthDetailsToChildrensCentres: "Share birth details with children's centres"
        case .antenatalSharing: "Share antenatal details"
        case .earlyHelpAndTeamAroundFamily: "Share with early help and the team around the family"
        case .twoYearReviewToSetting: "Share the 2-year review with the child's setting"
        case .researchExtracts: "Include in pseudonymised research extracts"
        }
    }
}

public enum ConsentStatus: String, Vocabulary {
    case given, refused, withdrawn
    public var label: String { rawValue.prefix(1).uppercased() + rawValue.dropFirst() }
}

public enum ConsentMethod: String, Vocabulary {
    case atBooking = "at_booking"
    case firstVisit = "first_visit"
    case form
    case verbal
    /// By a parent or carer themselves, signed in to their family's record.
    case familyOnline = "family_online"
    public var label: String {
        switch self {
        case .familyOnline: "By the family, online"
        case .atBooking: "At antenatal booking"
        case .firstVisit: "At the first health-visitor visit"
        case .form: "On a signed form"
        case .verbal: "Verbally"
        }
    }
}

/// The latest consent decision for one child and purpose, as the policy sees it.
public struct ConsentFact: Sendable, Equatable {
    public var id: Int64
    public var purpose: ConsentPurpose
    public var status: ConsentStatus
    /// Organisation kinds it names (empty: any recipient the purpose implies).
    public var recipientKinds: [OrganisationKind]
    public var recipientOrganisations: [Int64]
    public var givenOn: Day
    public var expiresOn: Day?

    public init(id: Int64, purpose: ConsentPurpose, status: ConsentStatus, recipientKinds: [OrganisationKind] = [],
                recipientOrganisations: [Int64] = [], givenOn: Day, expiresOn: Day? = nil) {
        self.id = id; self.purpose = purpose; self.status = status; self.recipientKinds = recipientKinds
        self.recipientOrganisations = recipientOrganisations; self.givenOn = givenOn; self.expiresOn = expiresOn
    }

    /// Given, dated on or before `day`, and not past its expiry: in force for the recipients it names.
    public func inForce(on day: Day) -> Bool {
        status == .given && givenOn <= day && (expiresOn.map { day <= $0 } ?? true)
    }

    /// The decision as a person reads it on `day`: a given consent that is not in force says why.
    public func label(on day: Day) -> String {
        guard status == .given else { return status.label }
        if let expiresOn, expiresOn < day { return "Given (expired \(expiresOn.display))" }
        if day < givenOn { return "Given (from \(givenOn.display))" }
        return status.label
    }

    /// Given, unexpired, and naming the recipient (by kind or by organisation) if it names any.
    public func covers(organisation: Int64?, kind: OrganisationKind?, on day: Day) -> Bool {
        guard inForce(on: day) else { return false }
        if recipientKinds.isEmpty && recipientOrganisations.isEmpty { return true }
        if let kind, recipientKinds.contains(kind) { return true }
        if let organisation, recipientOrganisations.contains(organisation) { return true }
        return false
    }
}
