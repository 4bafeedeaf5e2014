import Testing
import Vapor
import VaporTesting
import SQLKit
@testable import CradleServer

struct APITests {
    func errorFields(_ res: TestingHTTPResponse) throws -> [String] {
        #expect(res.headers.first(name: .contentType) == "application/problem+json", "errors are problems")
        return (try res.json()["fields"] as? [[String: Any]] ?? []).compactMap { $0["field"] as? String }
    }

    @Test func createReadAndEditAChildOverJSON() async throws {
        try await withCradle(children: 5) { app in
            let h = try await apiToken(app)
            let created = try await app.send(.POST, "/api/v1/people", headers: h, body: """
                {"kind":"child","givenName":"Isla","familyName":"Apitest","sex":"female","dateOfBirth":"2024-07-01","gestationWeeks":39,"birthWeightGrams":3350,"postcode":"zy1 5ab"}
                """)
            #expect(created.status == .created)
            let id = try created.json()["id"] as! Int
            #expect(created.headers.first(name: .location) == "/api/v1/people/\(id)")
            let record = try await app.send(.GET, "/api/v1/people/\(id)", headers: h)
            let person = try record.json()["person"] as? [String: Any] ?? [:]
            #expect(person["givenName"] as? String == "Isla")
            #expect(person["birthWeightGrams"] as? Int == 3350)
            #expect(record.headers.first(name: .eTag) == "\"1\"")
            // A PUT replaces the record: a field left out is refused, not erased.
            let partial = try await app.send(.PUT, "/api/v1/people/\(id)", headers: h, body: """
                {"kind":"child","givenName":"Isla-Rose","familyName":"Apitest","sex":"female","dateOfBirth":"2024-07-01","version":1}
                """)
            let missing = try errorFields(partial)
            #expect(partial.status == .badRequest && missing.contains("birthWeightGrams") && missing.contains("nhsNumber"))
            #expect(try await PersonStore.person(Int64(id), on: app.sql)?.birthWeightGrams == 3350, "nothing erased")
            let whole = """
                "kind":"child","relationship":null,"givenName":"Isla-Rose","familyName":"Apitest","sex":"female","dateOfBirth":"2024-07-01",
                "expectedDeliveryDate":null,"nhsNumber":null,"gestationWeeks":39,"birthWeightGrams":3350
                """
            // The version may travel as If-Match, the ETag the read gave.
            var matched = h
            matched.replaceOrAdd(name: .ifMatch, value: "\"1\"")
            let edit = try await app.send(.PUT, "/api/v1/people/\(id)", headers: matched, body: "{\(whole)}")
            #expect(edit.status == .ok && edit.headers.first(name: .eTag) == "\"2\"")
            #expect(try await PersonStore.person(Int64(id), on: app.sql)?.givenName == "Isla-Rose")
            let stale = try await app.send(.PUT, "/api/v1/people/\(id)", headers: h, body: "{\(whole),\"version\":1}")
            #expect(stale.status == .conflict)
        }
    }

    /// A PATCH is a JSON merge patch: what it sends replaces, null clears, and what it leaves
    /// out is kept; it is checked like any body, and the version is still required.
    @Test func aPatchChangesOnlyWhatItSends() async throws {
        try await withCradle(children: 5) { app in
            var h = try await apiToken(app)
            let created = try await app.send(.POST, "/api/v1/people", headers: h, body: """
                {"kind":"child","givenName":"Isla","familyName":"Patchtest","sex":"female","dateOfBirth":"2024-07-01","gestationWeeks":39,"birthWeightGrams":3350}
                """)
            let id = try created.json()["id"] as! Int
            h.replaceOrAdd(name: .contentType, value: "application/merge-patch+json")
            let noVersion = try await app.send(.PATCH, "/api/v1/people/\(id)", headers: h, body: #"{"givenName":"Isla-May"}"#)
            #expect(noVersion.status == .unprocessableEntity)
            #expect(try errorFields(noVersion) == ["version"])
            let unknown = try await app.send(.PATCH, "/api/v1/people/\(id)", headers: h, body: #"{"givenName":"Isla-May","shoeSize":3,"version":1}"#)
            #expect(unknown.status == .badRequest)
            #expect(try errorFields(unknown) == ["shoeSize"])
            let ok = try await app.send(.PATCH, "/api/v1/people/\(id)", headers: h, body: #"{"givenName":"Isla-May","gestationWeeks":null,"version":1}"#)
            #expect(ok.status == .ok && ok.headers.first(name: .eTag) == "\"2\"")
            let p = try #require(try await PersonStore.person(Int64(id), on: app.sql))
            #expect(p.givenName == "Isla-May" && p.gestationWeeks == nil, "sent: changed; null: cleared")
            #expect(p.birthWeightGrams == 3350 && p.familyName == "Patchtest" && p.dateOfBirth == "2024-07-01", "left out: kept")
            // A patch that makes the whole record invalid is refused, naming the field.
            let invalid = try await app.send(.PATCH, "/api/v1/people/\(id)", headers: h, body: #"{"givenName":null,"version":2}"#)
            #expect(invalid.status == .unprocessableEntity)
            #expect(try errorFields(invalid) == ["givenName"])
            h.replaceOrAdd(name: .contentType, value: "text/plain")
            #expect(try await app.send(.PATCH, "/api/v1/people/\(id)", headers: h, body: #"{"givenName":"X","version":2}"#).status == .unsupportedMediaType)
            #expect(try await PersonStore.person(Int64(id), on: app.sql)?.givenName == "Isla-May")
        }
    }

    /// Reviews over JSON keep the page's rules: a child without a relationship is refused and
    /// nothing stored; the wrong questionnaire for the child's age is named; a list of answers
    /// of the wrong length is named; a section the review does not have is not found.
    @Test func reviewsOverJSONKeepThePagesRules() async throws {
        try await withCradle(children: 40) { app in
            let h = try await apiToken(app)
            let child = try await HealthyChildTests().twoYearOld(app)
            let stranger = try await unrelatedChild(app)
            let six = #"["yes","yes","yes","yes","yes","yes"]"#
            func body(_ interval: Int, communication: String = six) -> String {
                #"{"review":"two_years","date":"2026-11-27","place":"clinic","method":"face_to_face","practitionerType":"scphn","interval":\#(interval),"communication":\#(communication),"gross_motor":\#(six),"fine_motor":\#(six),"problem_solving":\#(six),"personal_social":\#(six)}"#
            }
            let before = try await app.count("contacts")
            #expect(try await app.send(.POST, "/api/v1/people/\(stranger)/reviews", headers: h, body: body(27)).status == .forbidden)
            let wrongAge = try await app.send(.POST, "/api/v1/people/\(child)/reviews", headers: h, body: body(36))
            #expect(wrongAge.status == .unprocessableEntity)
            #expect(try errorFields(wrongAge) == ["interval"])
            let short = try await app.send(.POST, "/api/v1/people/\(child)/reviews", headers: h, body: body(27, communication: #"["yes","yes"]"#))
            #expect(short.status == .unprocessableEntity)
            #expect(try errorFields(short) == ["communication"])
            #expect(try await app.count("contacts") == before)
            let made = try await app.send(.POST, "/api/v1/people/\(child)/reviews", headers: h, body: body(27))
            #expect(made.status == .created)
            let id = try made.json()["id"] as! Int
            #expect(try await app.send(.PUT, "/api/v1/reviews/\(id)/sections/gossip", headers: h, body: #"{"outcome":"x"}"#).status == .notFound)
            let wrongValue = try await app.send(.PUT, "/api/v1/reviews/\(id)/sections/wellcomm", headers: h, body: #"{"result":"purple"}"#)
            #expect(wrongValue.status == .badRequest || wrongValue.status == .unprocessableEntity)
            let other = try await apiToken(app, as: "gp")
            #expect(try await app.send(.GET, "/api/v1/reviews/\(id)", headers: other).status == .forbidden)
        }
    }

    /// Every answer says it must not be cached; a refusal for want of a token says how to
    /// authenticate; a method an address does not take is 405 with the ones it does.
    @Test func answersCarryCachingAuthenticationAndAllowedMethods() async throws {
        try await withCradle(children: 5) { app in
            let h = try await apiToken(app)
            let child = try await relatedChild(app)
            let ok = try await app.send(.GET, "/api/v1/people/\(child)", headers: h)
            #expect(ok.status == .ok && ok.headers.first(name: .cacheControl) == "no-store")
            let missing = try await app.send(.GET, "/api/v1/people/99999999", headers: h)
            #expect(missing.status != .ok && missing.headers.first(name: .cacheControl) == "no-store", "errors too")
            let anonymous = try await app.send(.GET, "/api/v1/people/\(child)")
            #expect(anonymous.status == .unauthorized)
            #expect(anonymous.headers.first(name: .wwwAuthenticate) == #"Bearer realm="Cradle API""#)
            #expect(anonymous.headers.first(name: .cacheControl) == "no-store")
            let delete = try await app.send(.DELETE, "/api/v1/people/\(child)", headers: h)
            #expect(delete.status == .methodNotAllowed && delete.headers.first(name: .allow) == "GET, PATCH, PUT")
            #expect(try await app.send(.GET, "/api/v1/nowhere", headers: h).status == .notFound)
            #expect(try await app.count("people") > 0)
        }
    }

    /// A value of the wrong JSON type, or a property the operation does not take, is refused with
    /// 400 naming each field, and nothing is stored; the document says the same types.
    @Test func strictInputRefusesWrongTypesAndUnknownProperties() async throws {
        try await withCradle(children: 5) { app in
            let h = try await apiToken(app)
            let child = try await relatedChild(app)
            let notes = try await app.count("notes")
            let falseNote = try await app.send(.POST, "/api/v1/people/\(child)/notes", headers: h, body: #"{"body":false,"visibility":"team"}"#)
            let falseFields = try errorFields(falseNote)
            #expect(falseNote.status == .badRequest && falseFields == ["body"])
            let extra = try await app.send(.POST, "/api/v1/people/\(child)/notes", headers: h,
                                           body: #"{"body":"Weighed","visibility":"team","author":"someone else"}"#)
            let extraFields = try errorFields(extra)
            #expect(extra.status == .badRequest && extraFields == ["author"])
            #expect(String(decoding: Data(buffer: extra.body), as: UTF8.self).contains("author is not a field of NoteInput"))
            #expect(try await app.count("notes") == notes)
            let service = try await ownService(app)
            let textNumber = try await app.send(.POST, "/api/v1/people/\(child)/contacts", headers: h,
                                                body: #"{"serviceId":"\#(service)","date":"2026-01-02","type":"clinic","place":"clinic","outcome":"attended"}"#)
            let textFields = try errorFields(textNumber)
            #expect(textNumber.status == .badRequest && textFields == ["serviceId"])
            let nullable = try await app.send(.POST, "/api/v1/people/\(child)/contacts", headers: h,
                                              body: #"{"serviceId":\#(service),"date":"2026-01-02","type":"clinic","place":"clinic","outcome":"attended","version":null}"#)
            #expect(nullable.status == .created, "null is a field left out")
            // Changing an involvement without saying who leads it is refused, not a cleared lead.
            let inv = try await app.sql.raw("SELECT id FROM involvements WHERE person_id = \(bind: child) OR family_id = (SELECT family_id FROM people WHERE id = \(bind: child)) ORDER BY id LIMIT 1")
                .first(decodingColumn: "id", as: Int64.self)!
            let noLead = try await app.send(.PUT, "/api/v1/involvements/\(inv)", headers: h,
                                            body: #"{"serviceId":\#(service),"wholeFamily":true,"startDate":"2026-01-02","endDate":null,"version":1}"#)
            let noLeadFields = try errorFields(noLead)
            #expect(noLead.status == .badRequest && noLeadFields == ["leadPractitionerId"])
            let document = try await app.send(.GET, "/api/v1/openapi.json").json()
            let schemas = ((document["components"] as? [String: Any])?["schemas"] as? [String: Any]) ?? [:]
            let note = schemas["NoteInput"] as? [String: Any] ?? [:]
            #expect(note["additionalProperties"] as? Bool == false)
            let contact = (schemas["ContactInput"] as? [String: Any])?["properties"] as? [String: Any] ?? [:]
            #expect((contact["serviceId"] as? [String: Any])?["type"] as? String == "integer")
            // Every 64-bit whole number is read exactly (a service that does not exist is a
            // field to correct); one past 64 bits is refused for its type.
            let huge = try await app.send(.POST, "/api/v1/people/\(child)/contacts", headers: h,
                                          body: #"{"serviceId":9223372036854775807,"date":"2026-01-02","type":"clinic","place":"clinic","outcome":"attended"}"#)
            #expect(huge.status == .unprocessableEntity)
            let tooBig = try await app.send(.POST, "/api/v1/people/\(child)/contacts", headers: h,
                                            body: #"{"serviceId":92233720368547758070,"date":"2026-01-02","type":"clinic","place":"clinic","outcome":"attended"}"#)
            #expect(tooBig.status == .badRequest && tooBig.text.contains("fits in 64 bits"))
        }
    }

    /// Lists come a page at a time, newest first, each page's Link naming the next, with every
    /// row once; filters narrow them; a bad cursor or limit is named.
    @Test func listsArePagedByCursorAndFiltered() async throws {
        try await withCradle(children: 10) { app in
            let h = try await apiToken(app)
            let child = try await relatedChild(app)
            let service = try await ownService(app)
            for (i, type) in ["clinic", "home_visit", "clinic", "telephone", "clinic"].enumerated() {
                let made = try await app.send(.POST, "/api/v1/people/\(child)/contacts", headers: h,
                    body: #"{"serviceId":\#(service),"date":"2026-0\#(i + 1)-1\#(i)","type":"\#(type)","place":"clinic","outcome":"attended"}"#)
                #expect(made.status == .created)
            }
            let all = try await app.sql.raw("SELECT id FROM contacts WHERE person_id = \(bind: child) ORDER BY date DESC, id DESC")
                .all(decodingColumn: "id", as: Int64.self)
            var seen: [Int64] = []
            var next: String? = "/api/v1/people/\(child)/contacts?limit=2"
            var pages = 0
            while let path = next {
                let res = try await app.send(.GET, path, headers: h)
                #expect(res.status == .ok)
                let rows = try JSONSerialization.jsonObject(with: Data(buffer: res.body)) as? [[String: Any]] ?? []
                #expect(rows.count <= 2)
                seen += rows.compactMap { ($0["id"] as? NSNumber)?.int64Value }
                next = res.headers.first(name: .link).flatMap { link in
                    link.split(separator: ">").first.map { String($0.dropFirst()) }
                }
                pages += 1
                if pages > 20 { break }
            }
            #expect(seen == all, "every contact once, newest first")
            #expect(pages == (all.count + 1) / 2)
            let clinics = try await app.send(.GET, "/api/v1/people/\(child)/contacts?type=clinic&since=2026-02-01", headers: h)
            let clinicRows = try JSONSerialization.jsonObject(with: Data(buffer: clinics.body)) as? [[String: Any]] ?? []
            let expected = try await app.sql.raw("""
                SELECT date FROM contacts WHERE person_id = \(bind: child) AND type = 'clinic' AND date >= '2026-02-01' ORDER BY date DESC, id DESC
                """).all(decodingColumn: "date", as: String.self)
            #expect(clinicRows.map { $0["date"] as? String } == expected.map { $0 })
            #expect(expected.contains("2026-05-14") && expected.contains("2026-03-12") && !expected.contains("2026-01-10"))
            for bad in ["limit=0", "limit=500", "after=not-a-cursor", "sort=date", "type=party", "since=yesterday", "since=", "type="] {
                let res = try await app.send(.GET, "/api/v1/people/\(child)/contacts?\(bad)", headers: h)
                #expect(res.status == .unprocessableEntity, "\(bad)")
                #expect(res.text.contains(String(bad.prefix { $0 != "=" })), "\(bad) is named")
            }
            let notes = try await app.send(.GET, "/api/v1/people/\(child)/notes?limit=1", headers: h)
            #expect(notes.status == .ok)
        }
    }

    /// Consent decisions and emergency access over JSON, as on their pages: recorded, listed
    /// with the one in force marked, and a break-glass grant that opens the record only after
    /// a real reason, each on the audit trail.
    @Test func consentAndBreakGlassOverJSON() async throws {
        try await withCradle(children: 10) { app in
            let h = try await apiToken(app)
            let child = try await relatedChild(app)
            let body = #"{"purpose":"birth_details_to_childrens_centres","status":"given","givenBy":"Mother","date":"\#(testToday.iso)","method":"first_visit","recipientKinds":["childrens_centre"]}"#
            let made = try await app.send(.POST, "/api/v1/people/\(child)/consents", headers: h, body: body)
            #expect(made.status == .created && made.headers.first(name: .location) == "/api/v1/people/\(child)/consents")
            let withdrawn = body.replacingOccurrences(of: #""given""#, with: #""withdrawn""#)
            #expect(try await app.send(.POST, "/api/v1/people/\(child)/consents", headers: h, body: withdrawn).status == .created)
            let list = try await app.send(.GET, "/api/v1/people/\(child)/consents", headers: h)
            let rows = try JSONSerialization.jsonObject(with: Data(buffer: list.body)) as? [[String: Any]] ?? []
            let centres = rows.filter { $0["purpose"] as? String == "birth_details_to_childrens_centres" }
            #expect(centres.prefix(2).map { $0["status"] as? String } == ["withdrawn", "given"])
            #expect(centres.prefix(2).map { $0["current"] as? Bool } == [true, false])
            #expect(centres.first?["recipientKinds"] as? [String] == ["childrens_centre"])
            let flat = try await app.send(.POST, "/api/v1/people/\(child)/consents", headers: h,
                                          body: body.replacingOccurrences(of: #"["childrens_centre"]"#, with: #""childrens_centre""#))
            let emptyDate = try await app.send(.POST, "/api/v1/people/\(child)/consents", headers: h,
                                               body: body.replacingOccurrences(of: #""method""#, with: #""expires":"","method""#))
            let emptyFields = try errorFields(emptyDate)
            #expect(emptyDate.status == .badRequest && emptyFields == ["expires"])
            let flatFields = try errorFields(flat)
            #expect(flat.status == .badRequest && flatFields == ["recipientKinds"])

            let stranger = try await unrelatedChild(app)
            #expect(try await app.send(.GET, "/api/v1/people/\(stranger)", headers: h).status == .forbidden)
            let short = try await app.send(.POST, "/api/v1/people/\(stranger)/break-glass", headers: h, body: #"{"reason":"urgent"}"#)
            let shortFields = try errorFields(short)
            #expect(short.status == .unprocessableEntity && shortFields == ["reason"])
            #expect(try await app.send(.GET, "/api/v1/people/\(stranger)", headers: h).status == .forbidden)
            let grant = try await app.send(.POST, "/api/v1/people/\(stranger)/break-glass", headers: h,
                                           body: #"{"reason":"Out-of-hours safeguarding call; the allocated worker cannot be reached"}"#)
            #expect(grant.status == .created)
            #expect(try await app.send(.GET, "/api/v1/people/\(stranger)", headers: h).status == .ok)
            let decisions = try await app.sql.raw("""
                SELECT decision FROM audit_events WHERE person_id = \(bind: stranger) AND category = 'break_glass' ORDER BY seq
                """).all(decodingColumn: "decision", as: String.self)
            #expect(decisions.contains("deny") && decisions.last == "allow")
            let glassRead = try await app.sql.raw("""
                SELECT COUNT(*) AS n FROM audit_events WHERE person_id = \(bind: stranger) AND decision = 'break_glass'
                """).first(decodingColumn: "n", as: Int.self)!
            #expect(glassRead >= 1)
        }
    }

    /// The response schemas say what the server writes: ids and versions are integers, and a
    /// record carries no property its schema does not name.
    @Test func theDocumentDescribesTheRecordsTheServerSends() async throws {
        try await withCradle(children: 5) { app in
            let h = try await apiToken(app)
            let child = try await relatedChild(app)
            let document = try await app.send(.GET, "/api/v1/openapi.json").json()
            let schemas = ((document["components"] as? [String: Any])?["schemas"] as? [String: Any]) ?? [:]
            let record = try await app.send(.GET, "/api/v1/people/\(child)", headers: h).json()
            for (name, value) in [("Person", record["person"]), ("Involvement", (record["servicesInvolved"] as? [[String: Any]])?.first?["involvement"])] {
                let schema = try #require(schemas[name] as? [String: Any])
                let props = schema["properties"] as? [String: [String: Any]] ?? [:]
                let sent = try #require(value as? [String: Any])
                #expect(Set(sent.keys).isSubset(of: Set(props.keys)), "\(name) sends \(Set(sent.keys).subtracting(props.keys))")
                #expect(Set(schema["required"] as? [String] ?? []).isSubset(of: Set(sent.keys)))
                for (key, v) in sent {
                    let type = props[key]?["type"] as? String
                    #expect(type == (v is String ? "string" : "integer"), "\(name).\(key) is \(v) but the schema says \(type ?? "nothing")")
                }
            }
        }
    }

    @Test func malformedJSONIsRefusedWholeAndNothingStored() async throws {
        try await withCradle(children: 5) { app in
            let h = try await apiToken(app)
            let before = try await app.count("people")
            let res = try await app.send(.POST, "/api/v1/people", headers: h, body: #"{"kind":"child","givenName": "#)
            #expect(res.status == .badRequest)
            let problem = try res.json()
            #expect(problem["status"] as? Int == 400 && problem["title"] as? String == "Bad Request")
            let message = problem["detail"] as? String ?? ""
            #expect(message.contains("not a JSON object"))
            let invalid = try await app.send(.POST, "/api/v1/people", headers: h, body: #"{"kind":"child","givenName":"A","familyName":"B","sex":"alien","dateOfBirth":"2030-01-01"}"#)
            #expect(invalid.status == .unprocessableEntity)
            #expect(Set(try errorFields(invalid)) == ["sex", "dateOfBirth"])
            #expect(try await app.count("people") == before)
        }
    }

    @Test func contactsInvolvementsAndNotesOverJSON() async throws {
        try await withCradle(children: 5) { app in
            let h = try await apiToken(app)
            let child = try await relatedChild(app)
            let service = try await ownService(app)
            let inv = try await app.send(.POST, "/api/v1/people/\(child)/involvements", headers: h,
                                         body: #"{"serviceId":\#(service),"startDate":"2026-01-02","lawfulBasis":"universal_service"}"#)
            #expect(inv.status == .created)
            let badService = try await app.send(.POST, "/api/v1/people/\(child)/contacts", headers: h,
                                                body: #"{"serviceId":999999,"date":"2026-01-02","type":"clinic","place":"clinic","outcome":"attended"}"#)
            #expect(try errorFields(badService) == ["serviceId"])
            let contact = try await app.send(.POST, "/api/v1/people/\(child)/contacts", headers: h,
                                             body: #"{"serviceId":\#(service),"date":"2026-01-02","type":"clinic","place":"clinic","outcome":"attended"}"#)
            #expect(contact.status == .created)
            let note = try await app.send(.POST, "/api/v1/people/\(child)/notes", headers: h, body: #"{"body":"Seen in clinic","visibility":"profession"}"#)
            #expect(note.status == .created)
            let notes = try await app.send(.GET, "/api/v1/people/\(child)/notes", headers: h)
            #expect(notes.text.contains("Seen in clinic"))
            let missing = try await app.send(.GET, "/api/v1/people/99999999", headers: h)
            // A made-up id is refused like any record without a relationship: it reveals nothing.
            #expect(missing.status == .forbidden)
        }
    }

    /// A person added to a family through the API is a write to that family: the policy is
    /// asked about the family, and the audit trail names the family and the new person.
    @Test func addingAPersonToAFamilyAsksThePolicyAboutThatFamily() async throws {
        try await withCradle(children: 30) { app in
            var h = try await apiToken(app)
            h.contentType = .json
            let family = { (child: Int64) in
                try await app.sql.raw("SELECT family_id FROM people WHERE id = \(bind: child)").first(decodingColumn: "family_id", as: Int64.self)!
            }
            let stranger = try await family(try await unrelatedChild(app))
            let people = try await app.count("people")
            let body = { (f: Int64) in #"{"kind":"adult","givenName":"Tamsin","familyName":"Vale","sex":"female","dateOfBirth":"1990-03-04","relationship":"mother","familyId":\#(f)}"# }
            let refused = try await app.send(.POST, "/api/v1/people", headers: h, body: body(stranger))
            #expect(refused.status == .forbidden)
            #expect(try await app.count("people") == people)
            let denied = try await AuditStore.denied(on: app.sql)
            #expect(denied.contains { $0.familyId == stranger && $0.path == "/api/v1/people" })
            let missing = try await app.send(.POST, "/api/v1/people", headers: h, body: body(9_999_999))
            #expect(missing.status == .forbidden, "a family that does not exist answers as one the caller may not touch")

            let mine = try await family(try await relatedChild(app))
            let created = try await app.send(.POST, "/api/v1/people", headers: h, body: body(mine))
            #expect(created.status == .created)
            let id = try #require(try created.json()["id"] as? Int)
            let trail = try await AuditStore.forPerson(Int64(id), on: app.sql)
            #expect(trail.contains { $0.action == "create" && $0.familyId == mine && $0.reason == "Created this record" })
        }
    }
}
