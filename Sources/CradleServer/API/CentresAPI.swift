import Vapor
import CradleCore

/// `/api/v1`: a children's centre's list of new births (consented families only), who is
/// registered, and registering a family. Only the centre's own staff, as on its page.
enum CentresAPI {
    struct Entry: Encodable {
        var personId: Int64, givenName: String, familyName: String, dateOfBirth: String, sex: String, postcode: String
        var addressLine: String?, parentName: String?
        var registeredOn: String?
    }
    struct Expected: Encodable { var personId: Int64; var motherName: String; var due: String; var postcode: String; var addressLine: String? }
    struct Centre: Encodable {
        var id: Int64, code: String, name: String
        var address: String?, phone: String?, openingTimes: String?
        var month: String
        /// Every birth in the reach area this month, listed or not (for reach).
        var birthsInArea: Int
        var entries: [Entry]
        var expected: [Expected]
        var activities: [CentreStore.ActivityRow]
    }

    static func month(_ req: Request) throws -> Period {
        guard let text = try req.queryParameters(allowed: ["month"]).first?.value else { return Period(containing: req.today) }
        guard let p = Period(text) else { throw InvalidInput("month", "month is a calendar month, YYYY-MM") }
        return p
    }

    /// The centre's list for `month` (this month when left out).
    static func show(_ req: Request) async throws -> Response {
        let id = try req.id()
        try await req.authorize(.read, Resource(.centreList, itemId: id))
        let period = try month(req)
        guard let c = try await BirthListStore.centre(id: id, on: req.sql) else { throw Abort(.notFound, reason: "No centre \(id)") }
        let list = try await BirthListStore.list(for: c, period: period, today: req.today, on: req.sql)
        let registered = try await CentreStore.registered(id, among: list.entries.map(\.personId), on: req.sql)
        return try json(Centre(
            id: c.id, code: c.code, name: c.name, address: c.address, phone: c.phone, openingTimes: c.openingTimes, month: period.description,
            birthsInArea: list.birthsInArea,
            entries: list.entries.map { Entry(personId: $0.personId, givenName: $0.givenName, familyName: $0.familyName, dateOfBirth: $0.dateOfBirth.iso,
                                              sex: $0.sex, postcode: $0.postcode, addressLine: $0.addressLine, parentName: $0.parentName,
                                              registeredOn: registered[$0.personId]) },
            expected: list.expected.map { Expected(personId: $0.personId, motherName: $0.motherName, due: $0.due.iso, postcode: $0.postcode, addressLine: $0.addressLine) },
            activities: try await CentreStore.activities(id, on: req.sql)))
    }

    struct Registration: Encodable { var personId: Int64; var registeredOn: String }

    /// Registers a child from the centre's list for `month`, with the family's agreement to the
    /// centre keeping their details (consentToStore: true).
    static func register(_ req: Request) async throws -> Response {
        let id = try req.id()
        var fields = try req.jsonFields(as: .registration)
        try await req.authorize(.create, Resource(.centreList, itemId: id))
        fields["consentToStore"] = fields["consentToStore"] == "true" ? "yes" : nil
        guard let centre = try await BirthListStore.centre(id: id, on: req.sql) else { throw Abort(.notFound, reason: "No centre \(id)") }
        let period = fields["month"].map(Period.init) ?? Period(containing: req.today)
        guard let period else { throw InvalidInput("month", "month is a calendar month, YYYY-MM") }
        let input = try CentreRegistrationInput.validate(fields, today: req.today).orThrow()
        let offered = try await BirthListStore.list(for: centre, period: period, today: req.today, on: req.sql).entries.map(\.personId)
        try await CentreStore.register(id, input, offered: Set(offered), by: try req.requireSignedIn().actor.practitionerId, on: req.sql)
        let response = try json(Registration(personId: input.personId, registeredOn: input.registeredOn.iso), status: .created)
        response.headers.replaceOrAdd(name: .location, value: "/api/v1/centres/\(id)?month=\(period)")
        return response
    }
}
