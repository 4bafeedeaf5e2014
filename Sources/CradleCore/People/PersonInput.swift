/// A person as submitted by a form or the API, once every field has been checked.
public struct PersonInput: Sendable, Equatable {
    public var kind: PersonKind
    public var givenName: String
    public var familyName: String
    public var sex: Sex
    public var dateOfBirth: Day?
    public var expectedDeliveryDate: Day?
    public var nhsNumber: NHSNumber?
    public var gestationWeeks: Int?
    public var birthWeightGrams: Int?
    public var relationship: Relationship
    public var postcode: Postcode?
    public var addressLine: String?

    public var isUnborn: Bool { kind == .child && dateOfBirth == nil }

    /// Validates raw fields. A child needs a date of birth or, before birth, an expected
    /// date of delivery; nothing may be in the future except an expected date of delivery.
    public static func validate(_ fields: [String: String], today: Day) -> Result<PersonInput, FieldErrors> {
        var r = FieldReader(fields)
        let kind = r.choice("kind", label: "Kind of person", as: PersonKind.self) ?? .child
        let given = r.text("givenName", label: "Given name")
        let family = r.text("familyName", label: "Family name")
        let sex = r.choice("sex", label: "Sex", as: Sex.self)
        let dob = r.day("dateOfBirth", label: "Date of birth", notAfter: today, notBefore: Day(year: 1900, month: 1, day: 1))
        let edd = r.day("expectedDeliveryDate", label: "Expected date of delivery", notBefore: today - 60)
        if let edd, edd > today + 300 { r.errors.add("expectedDeliveryDate", "Expected date of delivery must be within 43 weeks of today") }
        let nhs = r.nhsNumber("nhsNumber")
        let gestation = r.integer("gestationWeeks", label: "Gestation at birth (weeks)", range: 22...44)
        let weight = r.integer("birthWeightGrams", label: "Birth weight (grams)", range: 300...7000)
        let relationship = r.choice("relationship", label: "Relationship", as: Relationship.self, required: false)
            ?? (kind == .child ? .child : .other)
        let postcode = r.postcode("postcode")
        let line = r.text("addressLine", label: "Address", required: false, max: 200)
        if kind == .child, dob == nil, edd == nil, r.errors["dateOfBirth"] == nil, r.errors["expectedDeliveryDate"] == nil {
            r.errors.add("dateOfBirth", "Enter a date of birth, or an expected date of delivery for an unborn child")
        }
        if kind == .adult, dob == nil, r.errors["dateOfBirth"] == nil {
            r.errors.add("dateOfBirth", "Enter date of birth")
        }
        if dob == nil, (gestation != nil || weight != nil) {
            r.errors.add("birthWeightGrams", "Birth weight and gestation can only be recorded once the child is born")
        }
        guard r.errors.isEmpty, let given, let family, let sex else { return .failure(r.errors) }
        return .success(PersonInput(kind: kind, givenName: given, familyName: family, sex: sex,
                                    dateOfBirth: dob, expectedDeliveryDate: edd, nhsNumber: nhs,
                                    gestationWeeks: gestation, birthWeightGrams: weight,
                                    relationship: relationship, postcode: postcode, addressLine: line))
    }
}
