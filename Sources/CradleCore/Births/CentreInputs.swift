/// An activity a children's centre runs, as its welcome cards list it.
public struct CentreActivityInput: Sendable, Equatable {
    public var title: String
    public var when: String
    public var place: String
    public var description: String
    /// What the local offer tells families: cost, how to join, ages and needs.
    public var details: OfferDetails

    public init(title: String, when: String, place: String, description: String, details: OfferDetails) {
        self.title = title; self.when = when; self.place = place; self.description = description; self.details = details
    }

    public static func validate(_ fields: [String: String]) -> Result<CentreActivityInput, FieldErrors> {
        var r = FieldReader(fields)
        let title = r.text("title", label: "Activity", max: 100)
        let when = r.text("when", label: "When it runs", max: 100)
        let place = r.text("place", label: "Where", max: 100)
        let description = r.text("description", label: "What families do there", max: 400)
        let details = OfferDetails.read(&r)
        guard r.errors.isEmpty, let title, let when, let place, let description, let details else { return .failure(r.errors) }
        return .success(CentreActivityInput(title: title, when: when, place: place, description: description, details: details))
    }
}

/// A service's own entry in the local offer, written by its team.
public struct ServiceOfferInput: Sendable, Equatable {
    public var description: String
    public var when: String
    public var place: String
    public var details: OfferDetails

    public init(description: String, when: String, place: String, details: OfferDetails) {
        self.description = description; self.when = when; self.place = place; self.details = details
    }

    public static func validate(_ fields: [String: String]) -> Result<ServiceOfferInput, FieldErrors> {
        var r = FieldReader(fields)
        let description = r.text("description", label: "What the service offers families", max: 400)
        let when = r.text("when", label: "When it is available", max: 100)
        let place = r.text("place", label: "Where", max: 100)
        let details = OfferDetails.read(&r)
        guard r.errors.isEmpty, let description, let when, let place, let details else { return .failure(r.errors) }
        return .success(ServiceOfferInput(description: description, when: when, place: place, details: details))
    }
}

/// How families reach a children's centre: printed on every welcome card it gives.
public struct CentreDetails: Sendable, Equatable {
    public var address: String
    public var phone: String
    public var openingTimes: String

    public init(address: String, phone: String, openingTimes: String) {
        self.address = address; self.phone = phone; self.openingTimes = openingTimes
    }

    /// A UK phone number: 10 or 11 digits starting 0 (spaces, brackets and dashes allowed).
    public static func validate(_ fields: [String: String]) -> Result<CentreDetails, FieldErrors> {
        var r = FieldReader(fields)
        let address = r.text("address", label: "Address", max: 200)
        let phone = r.text("phone", label: "Phone number", max: 30)
        let hours = r.text("openingTimes", label: "Opening times", max: 200)
        if let phone {
            let digits = phone.filter(\.isNumber)
            let allowed = phone.allSatisfy { $0.isNumber || " ()-".contains($0) }
            if !allowed || !digits.hasPrefix("0") || !(10...11).contains(digits.count) {
                r.errors.add("phone", "Phone number must be a UK number of 10 or 11 digits starting with 0, such as 0113 496 0100")
            }
        }
        guard r.errors.isEmpty, let address, let phone, let hours else { return .failure(r.errors) }
        return .success(CentreDetails(address: address, phone: phone, openingTimes: hours))
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
