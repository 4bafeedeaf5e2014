/// The health-visiting service level a family receives (the 4-5-6 model, DOMAIN.md §7).
public enum HVServiceLevel: String, Vocabulary {
    case community
    case universal
    case universalPlus = "universal_plus"
    case universalPartnershipPlus = "universal_partnership_plus"

    public var label: String {
        switch self {
        case .community: "Community"
        case .universal: "Universal"
        case .universalPlus: "Universal Plus"
        case .universalPartnershipPlus: "Universal Partnership Plus"
        }
    }

    public var meaning: String {
        switch self {
        case .community: "Services open to all families; signposting to community resources"
        case .universal: "The Healthy Child Programme offer, including the five reviews"
        case .universalPlus: "Rapid, time-limited expert help for a specific issue"
        case .universalPartnershipPlus: "Ongoing support for complex needs, coordinated with other agencies"
        }
    }
}
