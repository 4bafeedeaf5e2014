/// An information-sharing agreement as entered by an information-governance lead.
public struct AgreementInput: Sendable, Equatable {
    public var name: String
    public var parties: [Int64]
    public var purposes: [Purpose]
    public var categories: [DataCategory]
    public var lawfulBasis: LawfulBasis
    public var status: AgreementStatus
    public var start: Day
    public var end: Day?
    public var review: Day?
    public var caldicottGuardian: String
    public var siro: String
    public var dpo: String

    public init(name: String, parties: [Int64], purposes: [Purpose], categories: [DataCategory], lawfulBasis: LawfulBasis,
                status: AgreementStatus, start: Day, end: Day?, review: Day?, caldicottGuardian: String, siro: String, dpo: String) {
        self.name = name; self.parties = parties; self.purposes = purposes; self.categories = categories
        self.lawfulBasis = lawfulBasis; self.status = status; self.start = start; self.end = end; self.review = review
        self.caldicottGuardian = caldicottGuardian; self.siro = siro; self.dpo = dpo
    }

    /// `parties`, `purposes` and `categories` arrive comma-separated (a multi-select or a list).
    public static func validate(_ fields: [String: String]) -> Result<AgreementInput, FieldErrors> {
        var r = FieldReader(fields)
        let name = r.text("name", label: "Name", max: 200)
        let basis = r.choice("lawfulBasis", label: "Lawful basis", as: LawfulBasis.self)
        let status = r.choice("status", label: "Status", as: AgreementStatus.self)
        let start = r.day("startDate", label: "Start date", required: true)
        let end = r.day("endDate", label: "End date")
        let review = r.day("reviewDate", label: "Review date")
        let cg = r.text("caldicottGuardian", label: "Caldicott guardian", max: 200)
        let siro = r.text("siro", label: "SIRO", max: 200)
        let dpo = r.text("dpo", label: "DPO", max: 200)
        let parties = r.list("parties").compactMap(Int64.init)
        if parties.count < 2 { r.errors.add("parties", "Choose at least two organisations") }
        let purposes = r.list("purposes").compactMap(Purpose.init(rawValue:))
        if purposes.isEmpty { r.errors.add("purposes", "Choose at least one purpose") }
        let categories = r.list("categories").compactMap(DataCategory.init(rawValue:))
        if categories.isEmpty { r.errors.add("categories", "Choose at least one data category") }
        if let start, let end, end < start { r.errors.add("endDate", "End date must be after the start date") }
        guard r.errors.isEmpty, let name, let basis, let status, let start, let cg, let siro, let dpo else { return .failure(r.errors) }
        return .success(AgreementInput(name: name, parties: parties, purposes: purposes, categories: categories, lawfulBasis: basis,
                                       status: status, start: start, end: end, review: review, caldicottGuardian: cg, siro: siro, dpo: dpo))
    }
}
