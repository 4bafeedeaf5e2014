/// A consent decision as recorded on a form: who gave (or refused, or withdrew) it, for what,
/// for whom, when and how.
public struct ConsentInput: Sendable, Equatable {
    public var purpose: ConsentPurpose
    public var status: ConsentStatus
    public var recipientKinds: [OrganisationKind]
    /// Named organisations, as well as or instead of kinds; none of either means any recipient the purpose implies.
    public var recipientOrganisations: [Int64] = []
    public var givenBy: String
    public var date: Day
    public var expires: Day?
    public var method: ConsentMethod

    public static func validate(_ fields: [String: String], today: Day) -> Result<ConsentInput, FieldErrors> {
        var r = FieldReader(fields)
        let purpose = r.choice("purpose", label: "Purpose", as: ConsentPurpose.self)
        let status = r.choice("status", label: "Decision", as: ConsentStatus.self)
        let givenBy = r.text("givenBy", label: "Who gave it (a parent with parental responsibility, or the young person)", max: 200)
        let date = r.day("date", label: "Date", required: true, notAfter: today)
        let expires = r.day("expires", label: "Expiry date")
        let method = r.choice("method", label: "How it was given", as: ConsentMethod.self)
        var kinds: [OrganisationKind] = []
        for raw in r.list("recipientKinds") {
            guard let k = OrganisationKind(rawValue: raw) else { r.errors.add("recipientKinds", "Unknown recipient kind \(raw)"); continue }
            kinds.append(k)
        }
        var organisations: [Int64] = []
        for raw in r.list("recipientOrganisations") {
            guard let id = Int64(raw) else { r.errors.add("recipientOrganisations", "Unknown organisation \(raw)"); continue }
            organisations.append(id)
        }
        if let date, let expires, expires < date { r.errors.add("expires", "Expiry date must be after the date it was given") }
        guard r.errors.isEmpty, let purpose, let status, let givenBy, let date, let method else { return .failure(r.errors) }
        return .success(ConsentInput(purpose: purpose, status: status, recipientKinds: kinds, recipientOrganisations: organisations,
                                     givenBy: givenBy, date: date, expires: expires, method: method))
    }
}
