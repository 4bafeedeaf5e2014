import CradleCore

/// Create or edit a child (or, within a family, an adult).
enum PersonFormView {
    static func render(_ form: FormState, title: String, action: String, layout: Layout.Context, withFamilyName: Bool = false) -> String {
        Layout.page(layout,
            tag("h1", [:], text(title)),
            form.errorSummary(),
            FormState.form(action: action, csrf: layout.csrf,
                form.hidden("version"),
                form.vocabulary("kind", "Kind of person", PersonKind.self),
                form.vocabulary("relationship", "Relationship in the family", Relationship.self),
                form.input("givenName", "Given name", autocomplete: "off", width: "20"),
                form.input("familyName", "Family name", autocomplete: "off", width: "20"),
                form.vocabulary("sex", "Sex", Sex.self),
                form.date("dateOfBirth", "Date of birth", hint: "Leave empty for an unborn child"),
                form.date("expectedDeliveryDate", "Expected date of delivery", hint: "For an unborn child"),
                form.input("nhsNumber", "NHS number", hint: "10 digits; leave empty if not yet known", width: "10"),
                form.input("gestationWeeks", "Gestation at birth (weeks)", type: "number", width: "3"),
                form.input("birthWeightGrams", "Birth weight (grams)", type: "number", width: "5"),
                form.input("addressLine", "Address (house and street)", width: "30"),
                form.input("postcode", "Postcode", width: "10"),
                FormState.submit("Save")))
    }

    static func values(from p: PersonRow, address: AddressRow?) -> [String: String] {
        var v: [String: String] = [
            "kind": p.kind, "relationship": p.relationship, "givenName": p.givenName, "familyName": p.familyName,
            "sex": p.sex, "version": String(p.version),
        ]
        v["dateOfBirth"] = p.dateOfBirth
        v["expectedDeliveryDate"] = p.expectedDeliveryDate
        v["nhsNumber"] = p.nhsFormatted
        v["gestationWeeks"] = p.gestationWeeks.map(String.init)
        v["birthWeightGrams"] = p.birthWeightGrams.map(String.init)
        v["postcode"] = address?.postcode
        v["addressLine"] = address?.line
        return v
    }
}
