import SQLKit
import Fluent
import CradleCore

/// Reads and writes people, families and addresses.
enum PersonStore {
    static let personColumns: SQLQueryString = """
        SELECT p.id, p.family_id, f.name AS family_label, p.kind, p.relationship, p.given_name, p.family_name, p.sex,
               p.date_of_birth, p.expected_delivery_date, p.nhs_number, p.gestation_weeks, p.birth_weight_grams, p.version,
               p.merged_into, p.gp_practice, gp.name AS gp_practice_name
        FROM people p LEFT JOIN families f ON f.id = p.family_id LEFT JOIN organisations gp ON gp.code = p.gp_practice
        """

    static func person(_ id: Int64, on db: any SQLDatabase) async throws -> PersonRow? {
        try await db.raw(personColumns + " WHERE p.id = \(bind: id)").first(decoding: PersonRow.self, with: rowDecoder)
    }

    /// The person this one was merged into, if the person index merged them.
    static func mergedInto(_ id: Int64, on db: any SQLDatabase) async throws -> Int64? {
        try await db.raw("SELECT merged_into FROM people WHERE id = \(bind: id)").first(decodingColumn: "merged_into", as: Int64?.self) ?? nil
    }

    /// The person and everyone in their family, in one query.
    static func personAndFamily(_ id: Int64, on db: any SQLDatabase) async throws -> [PersonRow] {
        try await db.raw(personColumns + """
             WHERE p.id = \(bind: id) OR (p.family_id = (SELECT family_id FROM people WHERE id = \(bind: id)) AND p.merged_into IS NULL)
             ORDER BY p.kind, p.date_of_birth
            """).all(decoding: PersonRow.self, with: rowDecoder)
    }

    static func members(ofFamily familyId: Int64, on db: any SQLDatabase) async throws -> [PersonRow] {
        try await db.raw(personColumns + " WHERE p.family_id = \(bind: familyId) AND p.merged_into IS NULL ORDER BY p.kind, p.date_of_birth")
            .all(decoding: PersonRow.self, with: rowDecoder)
    }

    static func family(_ id: Int64, on db: any SQLDatabase) async throws -> FamilyRow? {
        try await db.raw("SELECT id, name, version FROM families WHERE id = \(bind: id)").first(decoding: FamilyRow.self, with: rowDecoder)
    }

    static func addresses(of personId: Int64, on db: any SQLDatabase) async throws -> [AddressRow] {
        try await db.raw("""
            SELECT id, line, postcode, from_date, to_date FROM addresses
            WHERE person_id = \(bind: personId) ORDER BY from_date DESC
            """).all(decoding: AddressRow.self, with: rowDecoder)
    }

    /// Fails with a field error when another person already holds the NHS number.
    static func checkNHSNumberFree(_ nhs: NHSNumber?, except id: Int64?, on db: any SQLDatabase) async throws {
        guard let nhs else { return }
        let holder = try await db.raw("SELECT id FROM people WHERE nhs_number = \(bind: nhs.digits)")
            .first(decodingColumn: "id", as: Int64.self)
        if let holder, holder != id {
            var e = FieldErrors()
            e.add("nhsNumber", "NHS number \(nhs.formatted) is already recorded for another person")
            throw InvalidInput(errors: e)
        }
    }

    static func createFamily(_ input: FamilyInput, today: Day, on db: any SQLDatabase) async throws -> Int64 {
        try await db.insert(into: "families")
            .columns("name", "version", "created_at")
            .values(SQLBind(input.name), SQLBind(1), SQLBind(today.iso))
            .returning("id")
            .first(decodingColumn: "id", as: Int64.self)!
    }

    static func updateFamily(_ id: Int64, version: Int, _ input: FamilyInput, on db: any SQLDatabase) async throws {
        let updated = try await db.raw("""
            UPDATE families SET name = \(bind: input.name), version = version + 1
            WHERE id = \(bind: id) AND version = \(bind: version) RETURNING id
            """).first(decodingColumn: "id", as: Int64.self)
        if updated == nil { throw EditConflict(what: "family") }
    }

    /// Creates a person in a family (a new one named after them when `familyId` is nil),
    /// with their address when a postcode is given. All or nothing.
    static func create(_ input: PersonInput, familyId: Int64?, today: Day, on database: any Database) async throws -> Int64 {
        try await database.writeTransaction { db in
            try await checkNHSNumberFree(input.nhsNumber, except: nil, on: db)
            var family = familyId
            if family == nil {
                family = try await createFamily(FamilyInput(name: "\(input.familyName) family"), today: today, on: db)
            }
            let id = try await db.insert(into: "people")
                .columns("family_id", "kind", "relationship", "given_name", "family_name", "given_key", "family_key", "sex",
                         "date_of_birth", "expected_delivery_date", "nhs_number", "gestation_weeks", "birth_weight_grams",
                         "version", "created_at")
                .values(SQLBind(family), SQLBind(input.kind.rawValue), SQLBind(input.relationship.rawValue),
                        SQLBind(input.givenName), SQLBind(input.familyName), SQLBind(nameSearchKey(input.givenName)),
                        SQLBind(nameSearchKey(input.familyName)), SQLBind(input.sex.rawValue), SQLBind(input.dateOfBirth?.iso),
                        SQLBind(input.expectedDeliveryDate?.iso), SQLBind(input.nhsNumber?.digits), SQLBind(input.gestationWeeks),
                        SQLBind(input.birthWeightGrams), SQLBind(1), SQLBind(today.iso))
                .returning("id")
                .first(decodingColumn: "id", as: Int64.self)!
            if let postcode = input.postcode {
                try await addAddress(personId: id, line: input.addressLine, postcode: postcode, from: today, on: db)
            }
            return id
        }
    }

    /// Saves an edit made from `version`; a stale version is a conflict and changes nothing.
    static func update(_ id: Int64, version: Int, _ input: PersonInput, today: Day, on database: any Database) async throws {
        try await database.writeTransaction { db in
            try await checkNHSNumberFree(input.nhsNumber, except: id, on: db)
            let updated = try await db.raw("""
                UPDATE people SET kind = \(bind: input.kind.rawValue), relationship = \(bind: input.relationship.rawValue),
                    given_name = \(bind: input.givenName), family_name = \(bind: input.familyName),
                    given_key = \(bind: nameSearchKey(input.givenName)), family_key = \(bind: nameSearchKey(input.familyName)),
                    sex = \(bind: input.sex.rawValue), date_of_birth = \(bind: input.dateOfBirth?.iso),
                    expected_delivery_date = \(bind: input.expectedDeliveryDate?.iso), nhs_number = \(bind: input.nhsNumber?.digits),
                    gestation_weeks = \(bind: input.gestationWeeks), birth_weight_grams = \(bind: input.birthWeightGrams),
                    version = version + 1
                WHERE id = \(bind: id) AND version = \(bind: version) RETURNING id
                """).first(decodingColumn: "id", as: Int64.self)
            guard updated != nil else { throw EditConflict(what: "record") }
            if let postcode = input.postcode {
                let current = try await addresses(of: id, on: db).first { $0.toDate == nil }
                if current?.postcode != postcode.normalised || (input.addressLine != nil && current?.line != input.addressLine) {
                    // A move: the old address keeps its dates, so history is not lost. An address
                    // hidden from the family for someone's safety stays hidden at the new one.
                    let hidden = try await db.raw("""
                        SELECT hidden_from_family FROM addresses WHERE person_id = \(bind: id) AND to_date IS NULL AND hidden_from_family = \(bind: true)
                        """).first() != nil
                    try await db.raw("UPDATE addresses SET to_date = \(bind: (today - 1).iso) WHERE person_id = \(bind: id) AND to_date IS NULL").run()
                    try await addAddress(personId: id, line: input.addressLine, postcode: postcode, from: today, hidden: hidden, on: db)
                }
            }
        }
    }

    static func addAddress(personId: Int64, line: String?, postcode: Postcode, from: Day, hidden: Bool = false, on db: any SQLDatabase) async throws {
        try await db.insert(into: "addresses")
            .columns("person_id", "line", "postcode", "from_date", "hidden_from_family")
            .values(SQLBind(personId), SQLBind(line), SQLBind(postcode.normalised), SQLBind(from.iso), SQLBind(hidden))
            .run()
    }
}
