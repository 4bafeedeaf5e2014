import Vapor
import CradleCore

/// `/api/v1`: the family-led assessment ("Our family journey") in the family's own words and
/// ratings, and the family's health-visiting service level with its history, through the same
/// policy as the family journey page.
enum FamilyJourneyAPI {
    /// The areas the family rates, as the API names them, in the page's order.
    static let areaKeys = ["money", "home", "relationships", "healthAndWellbeing", "childrensDevelopment", "workAndLearning",
                           "familyAndFriends", "keepingSafe"]

    struct Journey: Encodable {
        var id: Int64, assessedOn: String
        /// 1 ("we don't know what to do about this") to 10 ("going very well"), by area.
        var ratings: [String: Int]
        var goodAt: String, wantToChange: String, lifeWhenDone: String
        var priorities: [String]
        var actions: String
        var recordedByName: String?
    }
    struct FamilyJourneys: Encodable {
        var familyId: Int64, name: String
        var journeys: [Journey]
        var serviceLevels: [HealthyChildStore.LevelRow]
    }

    static func key(_ area: String) -> String? { FamilyJourney.areas.firstIndex(of: area).map { areaKeys[$0] } }

    static func show(_ req: Request) async throws -> Response {
        let id = try req.id()
        try await req.authorize(.read, Resource(.assessment, familyId: id))
        return try await answer(req, id)
    }

    static func answer(_ req: Request, _ id: Int64) async throws -> Response {
        guard let family = try await PersonStore.family(id, on: req.sql) else { throw Abort(.notFound, reason: "No family \(id)") }
        let journeys = try await HealthyChildStore.journeys(familyId: id, on: req.sql).map { j in
            Journey(id: j.id, assessedOn: j.assessedOn,
                    ratings: Dictionary(uniqueKeysWithValues: j.ratingValues.compactMap { area, n in key(area).map { ($0, n) } }),
                    goodAt: j.goodAt, wantToChange: j.wantToChange, lifeWhenDone: j.lifeWhenDone,
                    priorities: j.priorities.split(separator: "\n").compactMap { key(String($0)) }, actions: j.actions, recordedByName: j.recordedByName)
        }
        return try json(FamilyJourneys(familyId: id, name: family.name, journeys: journeys,
                                       serviceLevels: try await HealthyChildStore.levels(familyId: id, on: req.sql)))
    }

    /// Records the family's journey today: a rating for at least one area, priorities among
    /// those rated, and their own words.
    static func record(_ req: Request) async throws -> Response {
        let id = try req.id()
        var fields = try req.jsonFields(as: .journey)
        try await req.authorize(.create, Resource(.assessment, familyId: id))
        guard try await PersonStore.family(id, on: req.sql) != nil else { throw Abort(.notFound, reason: "No family \(id)") }
        // The form's field names: rating0…7 and priority0…7 by the areas' order.
        for (i, key) in areaKeys.enumerated() { fields["rating\(i)"] = fields.removeValue(forKey: key) }
        let priorities = (fields.removeValue(forKey: "priorities") ?? "").split(separator: ",").map(String.init)
        for p in priorities {
            guard let i = areaKeys.firstIndex(of: p) else { throw InvalidInput("priorities", "\(p) is not an area; the areas are \(areaKeys.joined(separator: ", "))") }
            fields["priority\(i)"] = "on"
        }
        let journey: FamilyJourney
        switch FamilyJourney.validate(fields, today: req.today) {
        case .success(let j): journey = j
        case .failure(let errors):
            // Name the API's fields, not the form's.
            var named = FieldErrors()
            for (field, problem) in errors.messages {
                let i = Int(field.drop(while: { $0.isLetter })) ?? -1
                named.add(field.hasPrefix("rating") && areaKeys.indices.contains(i) ? areaKeys[i] : field.hasPrefix("priority") ? "priorities" : field, problem)
            }
            throw InvalidInput(errors: named)
        }
        try await HealthyChildStore.addJourney(journey, familyId: id, by: try req.requireSignedIn(), on: req.sql)
        let response = try await answer(req, id)
        response.status = .created
        response.headers.replaceOrAdd(name: .location, value: "/api/v1/families/\(id)/journey")
        return response
    }

    static func setLevel(_ req: Request) async throws -> Response {
        let id = try req.id()
        let fields = try req.jsonFields(as: .serviceLevel)
        try await req.authorize(.update, Resource(.assessment, familyId: id))
        guard try await PersonStore.family(id, on: req.sql) != nil else { throw Abort(.notFound, reason: "No family \(id)") }
        try await FamilyJourneyController.setLevel(req, family: id, fields)
        return try await answer(req, id)
    }
}
