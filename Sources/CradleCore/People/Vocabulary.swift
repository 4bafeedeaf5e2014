/// The controlled vocabularies Cradle records. Raw values are what the database
/// and API hold; `label` is what a person reads.
public protocol Vocabulary: RawRepresentable, CaseIterable, Sendable, Codable, Hashable where RawValue == String {
    var label: String { get }
}

public enum Sex: String, Vocabulary {
    case female, male, indeterminate, unknown
    public var label: String { rawValue.prefix(1).uppercased() + rawValue.dropFirst() }
}

public enum PersonKind: String, Vocabulary {
    case child, adult
    public var label: String { rawValue.prefix(1).uppercased() + rawValue.dropFirst() }
}

/// How a person stands in their family or household.
public enum Relationship: String, Vocabulary {
    case child, mother, father, carer, sibling, other
    public var label: String { rawValue.prefix(1).uppercased() + rawValue.dropFirst() }
}

public enum OrganisationKind: String, Vocabulary {
    case localAuthority = "local_authority"
    case maternityTrust = "maternity_trust"
    case communityTrust = "community_trust"
    case gpPractice = "gp_practice"
    case childrensCentre = "childrens_centre"
    case earlyYearsSetting = "early_years_setting"
    case school

    public var label: String {
        switch self {
        case .localAuthority: "Local authority"
        case .maternityTrust: "NHS trust (maternity)"
        case .communityTrust: "NHS trust (community health)"
        case .gpPractice: "GP practice"
        case .childrensCentre: "Children's centre"
        case .earlyYearsSetting: "Early-years setting"
        case .school: "School"
        }
    }
}

public enum Profession: String, Vocabulary {
    case midwife
    case healthVisitor = "health_visitor"
    case nurseryNurse = "nursery_nurse"
    case gp
    case childrensCentreWorker = "childrens_centre_worker"
    case familySupportWorker = "family_support_worker"
    case earlyHelpWorker = "early_help_worker"
    case socialWorker = "social_worker"
    case speechAndLanguageTherapist = "speech_and_language_therapist"
    case schoolNurse = "school_nurse"
    case familyNurse = "family_nurse"
    case earlyYearsPractitioner = "early_years_practitioner"
    case analyst
    case informationGovernanceLead = "information_governance_lead"
    case administrator
    /// Keeps a trust's records: the person index's imports, link reviews and merges.
    case recordsOfficer = "records_officer"

    public var label: String {
        switch self {
        case .midwife: "Midwife"
        case .healthVisitor: "Health visitor"
        case .nurseryNurse: "Nursery nurse"
        case .gp: "GP"
        case .childrensCentreWorker: "Children's centre worker"
        case .familySupportWorker: "Family support worker"
        case .earlyHelpWorker: "Early help worker"
        case .socialWorker: "Social worker"
        case .speechAndLanguageTherapist: "Speech and language therapist"
        case .schoolNurse: "School nurse"
        case .familyNurse: "Family nurse"
        case .earlyYearsPractitioner: "Early-years practitioner"
        case .analyst: "Analyst / commissioner"
        case .informationGovernanceLead: "Information governance lead"
        case .administrator: "Administrator"
        case .recordsOfficer: "Records officer"
        }
    }
}

public enum ContactOutcome: String, Vocabulary {
    case attended
    case didNotAttend = "did_not_attend"
    case cancelled
    case booked

    public var label: String {
        switch self {
        case .attended: "Attended"
        case .didNotAttend: "Did not attend"
        case .cancelled: "Cancelled"
        case .booked: "Booked"
        }
    }
    /// A contact that was due to happen and did not, through the family's absence.
    public var isMissed: Bool { self == .didNotAttend }
}

/// What kind of contact: the mandated reviews and the everyday ones.
public enum ContactType: String, Vocabulary {
    case antenatalBooking = "antenatal_booking"
    case antenatalContact = "antenatal_contact"
    case antenatalReview = "antenatal_review"
    case newBirthVisit = "new_birth_visit"
    case review6to8Weeks = "review_6_8_weeks"
    case review12Months = "review_12_months"
    case review2Years = "review_2_years"
    case clinic
    case homeVisit = "home_visit"
    case groupSession = "group_session"
    case telephone
    case video
    case immunisation
    case assessment
    case meeting

    public var label: String {
        switch self {
        case .antenatalBooking: "Antenatal booking"
        case .antenatalContact: "Antenatal contact"
        case .antenatalReview: "Antenatal health-promoting review"
        case .newBirthVisit: "New birth visit"
        case .review6to8Weeks: "6–8 week review"
        case .review12Months: "12-month review"
        case .review2Years: "2–2½ year review"
        case .clinic: "Clinic appointment"
        case .homeVisit: "Home visit"
        case .groupSession: "Group session"
        case .telephone: "Telephone contact"
        case .video: "Video contact"
        case .immunisation: "Immunisation"
        case .assessment: "Assessment"
        case .meeting: "Meeting"
        }
    }
}

/// Where a contact took place (HCP commissioning KPI places).
public enum ContactPlace: String, Vocabulary {
    case home, clinic
    case gpSurgery = "gp_surgery"
    case familyHub = "family_hub"
    case setting
    case remote
    case other
    public var label: String {
        switch self {
        case .home: "Home"
        case .clinic: "Clinic"
        case .gpSurgery: "GP surgery"
        case .familyHub: "Children's centre / family hub"
        case .setting: "Early-years setting"
        case .remote: "Remote (phone, video, letter)"
        case .other: "Other community venue"
        }
    }
}

/// Who may read a note. The governance issue enforces these; the foundation records them.
public enum NoteVisibility: String, Vocabulary {
    /// The author's profession only.
    case profession
    /// Everyone in the team around the family.
    case team
    /// Social workers, safeguarding leads and the author's profession.
    case safeguarding
    public var label: String {
        switch self {
        case .profession: "My profession only"
        case .team: "Team around the family"
        case .safeguarding: "Safeguarding (social care and my profession)"
        }
    }
}

public enum ServiceKind: String, Vocabulary {
    case midwifery
    case healthVisiting = "health_visiting"
    case gp
    case childrensCentre = "childrens_centre"
    case earlyYears = "early_years"
    case earlyHelp = "early_help"
    case socialCare = "social_care"
    case speechAndLanguage = "speech_and_language"
    case familyNursePartnership = "family_nurse_partnership"
    public var label: String {
        switch self {
        case .midwifery: "Midwifery"
        case .healthVisiting: "Health visiting"
        case .gp: "GP"
        case .childrensCentre: "Children's centre"
        case .earlyYears: "Early-years education"
        case .earlyHelp: "Early help"
        case .socialCare: "Children's social care"
        case .speechAndLanguage: "Speech and language therapy"
        case .familyNursePartnership: "Family Nurse Partnership"
        }
    }
}
