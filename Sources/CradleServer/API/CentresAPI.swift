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
        /// Missed appointments to follow up, open first.
        var followUps: [FollowUpStore.Row]
        /// Months whose list the centre must erase after a withdrawal of consent.
        var notices: [BirthListStore.Notice]
        var staff: [FollowUpStore.Staff]
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
        return try json(try await centre(req, id, period: try month(req)))
    }

    static func centre(_ req: Request, _ id: Int64, period: Period) async throws -> Centre {
        guard let c = try await BirthListStore.centre(id: id, on: req.sql) else { throw Abort(.notFound, reason: "No centre \(id)") }
        let list = try await BirthListStore.list(for: c, period: period, today: req.today, on: req.sql)
        let registered = try await CentreStore.registered(id, among: list.entries.map(\.personId), on: req.sql)
        return Centre(
            id: c.id, code: c.code, name: c.name, address: c.address, phone: c.phone, openingTimes: c.openingTimes, month: period.description,
            birthsInArea: list.birthsInArea,
            entries: list.entries.map { Entry(personId: $0.personId, givenName: $0.givenName, familyName: $0.familyName, dateOfBirth: $0.dateOfBirth.iso,
                                              sex: $0.sex, postcode: $0.postcode, addressLine: $0.addressLine, parentName: $0.parentName,
                                              registeredOn: registered[$0.personId]) },
            expected: list.expected.map { Expected(personId: $0.personId, motherName: $0.motherName, due: $0.due.iso, postcode: $0.postcode, addressLine: $0.addressLine) },
            activities: try await CentreStore.activities(id, on: req.sql), followUps: try await FollowUpStore.forCentre(id, on: req.sql),
            notices: try await BirthListStore.notices(centre: id, on: req.sql), staff: try await FollowUpStore.staff(id, on: req.sql))
    }

    /// The centre's own staff's change to its page, answered with the centre as it now is.
    static func change(_ req: Request, _ input: APIInput?, detail: String? = nil, action: CradleCore.Action = .update,
                       _ save: (Int64, [String: String]) async throws -> Void) async throws -> Response {
        let id = try req.id()
        let fields = try input.map { try req.jsonFields(as: $0) } ?? [:]
        try await req.authorize(action, Resource(.centreList, itemId: id), detail: detail)
        guard try await BirthListStore.centre(id: id, on: req.sql) != nil else { throw Abort(.notFound, reason: "No centre \(id)") }
        try await save(id, fields)
        return try json(try await centre(req, id, period: Period(containing: req.today)))
    }

    static func addActivity(_ req: Request) async throws -> Response {
        try await change(req, .activity, action: .create) { id, fields in
            try await CentreStore.addActivity(id, try CentreActivityInput.validate(fields).orThrow(), on: req.sql)
        }
    }

    static func saveDetails(_ req: Request) async throws -> Response {
        try await change(req, .centreDetails, detail: "centre details") { id, fields in
            try await BirthListStore.saveDetails(id, try CentreDetails.validate(fields).orThrow(), on: req.sql)
        }
    }

    static func closeFollowUp(_ req: Request) async throws -> Response {
        let followUp = try req.id("followup")
        return try await change(req, .followUpOutcome, detail: "follow-up \(followUp)") { id, fields in
            guard try await FollowUpStore.find(followUp, centre: id, on: req.sql) != nil else {
                throw Abort(.notFound, reason: "No follow-up \(followUp) at this centre")
            }
            try await FollowUpStore.close(followUp, centre: id, try FollowUpOutcomeInput.validate(fields).orThrow(), today: req.today, on: req.sql)
        }
    }

    /// The centre says it erased its copies of a month's list after a withdrawal.
    static func noticeDone(_ req: Request) async throws -> Response {
        let notice = try req.id("notice")
        return try await change(req, nil, detail: "withdrawal notice \(notice) done") { id, _ in
            guard try await BirthListStore.notices(centre: id, on: req.sql).contains(where: { $0.id == notice }) else {
                throw Abort(.notFound, reason: "No open withdrawal notice \(notice) at this centre")
            }
            try await BirthListStore.noticeDone(notice, centre: id, on: req.sql)
        }
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
