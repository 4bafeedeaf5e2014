/// An activity a children's centre runs, as its welcome cards list it.
public struct CentreActivityInput: Sendable, Equatable {
    public var title: String
    public var when: String
    public var place: String
    public var description: String

    public static func validate(_ fields: [String: String]) -> Result<CentreActivityInput, FieldErrors> {
        var r = FieldReader(fields)
        let title = r.text("title", label: "Activity", max: 100)
        let when = r.text("when", label: "When it runs", max: 100)
        let place = r.text("place", label: "Where", max: 100)
        let description = r.text("description", label: "What families do there", max: 400)
        guard r.errors.isEmpty, let title, let when, let place, let description else { return .failure(r.errors) }
        return .success(CentreActivityInput(title: title, when: when, place: place, description: description))
    }
}

/// A family registering a child with a centre. The centre keeps their details only with the
/// family's consent to store them.
public struct CentreRegistrationInput: Sendable, Equatable {
    public var personId: Int64
    public var registeredOn: Day

    public static func validate(_ fields: [String: String], today: Day) -> Result<CentreRegistrationInput, FieldErrors> {
        var r = FieldReader(fields)
        let person = r.identifier("personId", label: "Child")
        let on = r.day("registeredOn", label: "Registered on", notAfter: today, notBefore: today - 366) ?? today
        if fields["consentToStore"] != "yes" {
            r.errors.add("consentToStore", "Record that the family agreed to the centre keeping their details, or do not register them")
        }
        guard r.errors.isEmpty, let person else { return .failure(r.errors) }
        return .success(CentreRegistrationInput(personId: person, registeredOn: on))
    }
}
