/// How a review was delivered (2026 HCP commissioning KPIs, DOMAIN.md §3).
public enum ReviewMethod: String, Vocabulary {
    case faceToFace = "face_to_face"
    case video
    case telephone

    public var label: String {
        switch self {
        case .faceToFace: "Face to face"
        case .video: "Video"
        case .telephone: "Telephone"
        }
    }
}

/// Who delivered a review (2026 HCP commissioning KPIs).
public enum ReviewPractitionerType: String, Vocabulary {
    case scphn
    case staffNurse = "staff_nurse"
    case otherRegistered = "other_registered"
    case hvAssistant = "hv_assistant"
    case nurseryNurse = "nursery_nurse"
    case other

    public var label: String {
        switch self {
        case .scphn: "Health visitor (SCPHN)"
        case .staffNurse: "Staff nurse"
        case .otherRegistered: "Other registered practitioner"
        case .hvAssistant: "Non-registered health-visiting assistant"
        case .nurseryNurse: "Nursery nurse"
        case .other: "Other"
        }
    }
}

/// The early-years setting's EYFS progress check at two: the prime areas, each judged.
public enum EYFSPrimeArea: String, Vocabulary {
    case communicationAndLanguage = "communication_and_language"
    case physicalDevelopment = "physical_development"
    case personalSocialEmotional = "personal_social_emotional"

    public var label: String {
        switch self {
        case .communicationAndLanguage: "Communication and language"
        case .physicalDevelopment: "Physical development"
        case .personalSocialEmotional: "Personal, social and emotional development"
        }
    }
}

public enum EYFSJudgement: String, Vocabulary {
    case onTrack = "on_track"
    case someConcern = "some_concern"
    case significantConcern = "significant_concern"

    public var label: String {
        switch self {
        case .onTrack: "Developing as expected"
        case .someConcern: "Some concern"
        case .significantConcern: "Significant concern"
        }
    }
}

/// The WellComm language screen's traffic-light result.
public enum WellCommResult: String, Vocabulary {
    case green, amber, red

    public var label: String {
        switch self {
        case .green: "Green: no concern"
        case .amber: "Amber: monitor and support"
        case .red: "Red: refer for specialist assessment"
        }
    }
}
