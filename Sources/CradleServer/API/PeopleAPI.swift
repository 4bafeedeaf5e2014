import Vapor
import CradleCore

/// `/api/v1`: search, people and families.
enum PeopleAPI {
    struct TokenResponse: Encodable { var token: String; var practitionerId: Int64; var expiresOn: String }

    static func createToken(_ req: Request) async throws -> Response {
        try await req.authorize(.create, Resource(.publicPage), purpose: .signIn)
        let fields = try req.jsonFields(as: .credentials)
        guard case .signedIn(let row) = try await SignInGuard.check(username: fields["username"] ?? "", password: fields["password"] ?? "", on: req) else {
            throw Abort(.unauthorized, reason: "Username or password is not right, or the account is locked")
        }
        let token = try await PractitionerQueries.createToken(for: row.id, name: fields["name"] ?? "API token",
                                                               today: req.today, on: req.sql)
        return try json(TokenResponse(token: token, practitionerId: row.id, expiresOn: (req.today + PractitionerQueries.tokenDays).iso), status: .created)
    }

    /// The reader's own API tokens (never their values), newest first.
    static func tokens(_ req: Request) async throws -> Response {
        try await req.authorize(.read, Resource(.ownAccount))
        _ = try req.queryParameters(allowed: [])
        return try json(try await PractitionerQueries.tokens(of: try req.requireSignedIn().actor.practitionerId!, on: req.sql))
    }

    /// Revokes one of the reader's own tokens (this one too, if it is the one sent).
    static func revokeToken(_ req: Request) async throws -> Response {
        let id = try req.id()
        try await req.authorize(.update, Resource(.ownAccount))
        let me = try req.requireSignedIn().actor.practitionerId!
        try await PractitionerQueries.revokeToken(id, owner: me, on: req.sql)
        return try json(try await PractitionerQueries.tokens(of: me, on: req.sql).first { $0.id == id }!)
    }

    struct SearchResponse: Encodable { var results: [SearchRow] }

    static func search(_ req: Request) async throws -> Response {
        try await req.authorize(.search, Resource(.searchResult), detail: req.url.query)
        let fields = (try? req.query.decode([String: String].self)) ?? [:]
        guard let criteria = try ChildSearch.criteria(from: fields).orThrow() else {
            var e = FieldErrors()
            e.add("nhsNumber", "Give nhsNumber, or familyName with dateOfBirth, or postcode")
            throw InvalidInput(errors: e)
        }
        try await req.throttleSearch()
        return try json(SearchResponse(results: try await ChildSearch.run(criteria, for: req.actor, today: req.today, on: req.sql)))
    }

    struct RecordResponse: Encodable {
        struct Service: Encodable { var involvement: InvolvementRow; var contacts: ContactCounts? }
        var person: PersonRow
        var addresses: [AddressRow]
        var family: [PersonRow]
        var servicesInvolved: [Service]
    }

    static func show(_ req: Request) async throws -> Response {
        let id = try req.id()
        try await req.authorize(.read, Resource(.servicesInvolved, personId: id))
        guard let r = try await ChildRecord.load(id, today: req.today, on: req.sql, involvements: try await req.involvements(of: id)) else { throw Abort(.notFound, reason: "No person \(id)") }
        return try json(RecordResponse(person: r.person, addresses: r.addresses, family: r.family,
                                       servicesInvolved: r.services.map { .init(involvement: $0.involvement, contacts: $0.counts) })).tagged(r.person.version)
    }

    static func create(_ req: Request) async throws -> Response {
        // Joining a family is writing to that family: the policy is asked about it (and says
        // no, the same as for a family that does not exist, without a relationship). The body
        // is read for the family first, but refused for its form only once the policy has spoken.
        let readable = try? req.jsonFields(as: .person)
        let familyId = readable?["familyId"].flatMap { Int64($0) }
        try await req.authorize(.create, Resource(.demographics, familyId: familyId))
        let fields = try readable ?? req.jsonFields(as: .person)
        if fields["familyId"] != nil, familyId == nil || familyId! <= 0 {
            throw InvalidInput("familyId", "familyId must be a family's id, a whole number")
        }
        if let familyId, try await PersonStore.family(familyId, on: req.sql) == nil {
            throw InvalidInput("familyId", "Family \(familyId) does not exist")
        }
        let input = try PersonInput.validate(fields, today: req.today).orThrow()
        let id = try await PersonStore.create(input, familyId: familyId, today: req.today, on: req.db)
        if familyId == nil {
            try await InvolvementStore.involveRegisteringTeam(personId: id, registrar: try req.requireSignedIn(), today: req.today, on: req.sql)
        }
        try await req.auditCreated(Resource(.demographics, personId: id, familyId: familyId))
        return try created(id, at: "/api/v1/people/\(id)")
    }

    static func update(_ req: Request) async throws -> Response {
        let id = try req.id()
        try await req.authorize(.update, Resource(.demographics, personId: id))
        guard let current = try await PersonStore.person(id, on: req.sql) else { throw Abort(.notFound, reason: "No person \(id)") }
        let fields = try req.updateFields(as: .person, current: current.patchable)
        let input = try PersonInput.validate(fields, today: req.today).orThrow()
        try await PersonStore.update(id, version: try req.version(in: fields), input, today: req.today, on: req.db)
        let person = try await PersonStore.person(id, on: req.sql)
        return try json(person).tagged(person?.version)
    }

    struct FamilyResponse: Encodable { var family: FamilyRow; var members: [PersonRow] }

    static func family(_ req: Request) async throws -> Response {
        let id = try req.id()
        try await req.authorize(.read, Resource(.family, familyId: id))
        guard let f = try await PersonStore.family(id, on: req.sql) else { throw Abort(.notFound, reason: "No family \(id)") }
        return try json(FamilyResponse(family: f, members: try await PersonStore.members(ofFamily: id, on: req.sql))).tagged(f.version)
    }

    static func updateFamily(_ req: Request) async throws -> Response {
        let id = try req.id()
        try await req.authorize(.update, Resource(.family, familyId: id))
        guard let current = try await PersonStore.family(id, on: req.sql) else { throw Abort(.notFound, reason: "No family \(id)") }
        let fields = try req.updateFields(as: .family, current: current.patchable)
        let input = try FamilyInput.validate(fields).orThrow()
        try await PersonStore.updateFamily(id, version: try req.version(in: fields), input, on: req.sql)
        let family = try await PersonStore.family(id, on: req.sql)!
        return try json(FamilyResponse(family: family, members: try await PersonStore.members(ofFamily: id, on: req.sql))).tagged(family.version)
    }

    static func addMember(_ req: Request) async throws -> Response {
        let id = try req.id()
        try await req.authorize(.create, Resource(.demographics, familyId: id))
        guard try await PersonStore.family(id, on: req.sql) != nil else { throw Abort(.notFound, reason: "No family \(id)") }
        let input = try PersonInput.validate(try req.jsonFields(as: .person), today: req.today).orThrow()
        let person = try await PersonStore.create(input, familyId: id, today: req.today, on: req.db)
        try await req.auditCreated(Resource(.demographics, personId: person, familyId: id))
        return try created(person, at: "/api/v1/people/\(person)")
    }

    static func services(_ req: Request) async throws -> Response {
        try await req.authorize(.read, Resource(.directory))
        return try json(try await Directory.services(on: req.sql))
    }

    static func practitioners(_ req: Request) async throws -> Response {
        try await req.authorize(.read, Resource(.directory))
        return try json(try await Directory.practitioners(on: req.sql))
    }
}
