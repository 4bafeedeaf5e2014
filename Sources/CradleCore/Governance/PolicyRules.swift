/// The access rules as data: which professions see what, under which conditions. Cradle ships
/// these defaults (issue 3); a local authority may load its own from a JSON file.
public struct PolicyRules: Codable, Sendable, Equatable {
    /// May see aggregate reports and pseudonymised extracts, never a named record.
    public var aggregateOnly: [Profession]
    /// Manage accounts; may not read records.
    public var accountsOnly: [Profession]
    /// Read the audit trail, agreements and break-glass reviews (the Caldicott guardian role).
    public var governance: [Profession]
    /// May read safeguarding notes whoever wrote them.
    public var safeguardingReaders: [Profession]
    /// Roles that may read safeguarding notes, whatever the holder's profession.
    public var safeguardingRoles: [Role]
    /// Professions to whom a family's consent for this purpose opens only the birth-list
    /// fields on their own centre's list, for families living in its reach area, never the
    /// record: a full record needs a relationship (registration with the centre, or an
    /// involvement of its team).
    public var listOnlyConsent: [Profession: ConsentPurpose]
    /// What a search result shows.
    public var searchShows: [String]
    /// How long break-glass access lasts.
    public var breakGlassHours: Int
    /// Professions that record Healthy Child Programme reviews and assessments.
    public var assessmentWriters: [Profession]
    /// Professions that see a child's assessments only under the family's consent (and an
    /// agreement covering assessments), whatever their relationship: early-years settings see
    /// the 2-year review only when the family agreed to share it with them.
    public var assessmentConsent: [Profession: ConsentPurpose]
    /// The early help front door (single point of access): triage, the advice line, panels
    /// and plans.
    public var frontDoor: [Profession]
    /// Roles that keep the person index (imports, link review, merges, export).
    public var personIndexRoles: [Role]
    /// Universal health services, which may start working with the children their duty covers
    /// (see `universalDuty`) without another relationship.
    public var universalServices: [Profession]
    /// Services with a statutory duty to children in need or at risk.
    public var statutoryServices: [Profession]
    /// Professions that see reports on their own teams' children.
    public var teamReports: [Profession]

    public static let standard = PolicyRules(
        aggregateOnly: [.analyst],
        accountsOnly: [.administrator],
        governance: [.informationGovernanceLead],
        safeguardingReaders: [.socialWorker],
        safeguardingRoles: [.safeguardingLead],
        listOnlyConsent: [.childrensCentreWorker: .birthDetailsToChildrensCentres],
        searchShows: ["name", "date of birth", "postcode district"],
        breakGlassHours: 2,
        assessmentWriters: [.healthVisitor, .nurseryNurse, .familyNurse, .schoolNurse, .midwife],
        assessmentConsent: [.earlyYearsPractitioner: .twoYearReviewToSetting],
        frontDoor: [.earlyHelpWorker, .familySupportWorker, .socialWorker],
        personIndexRoles: [.dataQuality],
        universalServices: [.midwife, .healthVisitor, .gp, .nurseryNurse],
        statutoryServices: [.socialWorker],
        teamReports: [.healthVisitor, .nurseryNurse, .familyNurse, .schoolNurse]
    )
}
