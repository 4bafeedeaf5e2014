/// An information-sharing agreement between organisations, held as data.
public enum AgreementStatus: String, Vocabulary {
    case draft, strategic, operational, expired
    public var label: String { rawValue.prefix(1).uppercased() + rawValue.dropFirst() }
}

/// Why sharing is lawful (UK GDPR and DPA 2018; DOMAIN.md §8).
public enum LawfulBasis: String, Vocabulary {
    case directCare = "direct_care"
    case publicTask = "public_task"
    case consent
    case safeguarding
    public var label: String {
        switch self {
        case .directCare: "Direct care: Art 6(1)(e) and 9(2)(h), s251B HSCA 2012"
        case .publicTask: "Public task: Art 6(1)(e)"
        case .consent: "Consent of the family"
        case .safeguarding: "Safeguarding: Children Act 1989, DPA 2018 Sch 1"
        }
    }
}

/// The data an agreement may cover.
public enum DataCategory: String, Vocabulary {
    case demographics
    case servicesInvolved = "services_involved"
    case caseNotes = "case_notes"
    case assessments
    case birthNotifications = "birth_notifications"
    case safeguarding
    public var label: String {
        switch self {
        case .demographics: "Demographics"
        case .servicesInvolved: "Services involved"
        case .caseNotes: "Case notes"
        case .assessments: "Assessments and reviews"
        case .birthNotifications: "Birth notifications"
        case .safeguarding: "Safeguarding information"
        }
    }
}

/// An agreement as the policy sees it.
public struct AgreementFact: Sendable, Equatable {
    public var id: Int64
    public var name: String
    public var parties: [Int64]
    public var purposes: [Purpose]
    public var categories: [DataCategory]
    public var lawfulBasis: LawfulBasis
    public var status: AgreementStatus
    public var start: Day
    public var end: Day?

    public init(id: Int64, name: String, parties: [Int64], purposes: [Purpose], categories: [DataCategory],
                lawfulBasis: LawfulBasis, status: AgreementStatus, start: Day, end: Day?) {
        self.id = id; self.name = name; self.parties = parties; self.purposes = purposes; self.categories = categories
        self.lawfulBasis = lawfulBasis; self.status = status; self.start = start; self.end = end
    }

    /// Operational, in date, naming both organisations, the purpose and the category.
    public func covers(_ a: Int64, _ b: Int64, purpose: Purpose, category: DataCategory, on day: Day) -> Bool {
        status == .operational && start <= day && (end.map { day <= $0 } ?? true)
            && parties.contains(a) && parties.contains(b) && purposes.contains(purpose) && categories.contains(category)
    }
}
