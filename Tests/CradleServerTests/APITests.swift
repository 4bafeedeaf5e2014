import Testing
import Vapor
import VaporTesting
import SQLKit
@testable import CradleServer

struct APITests {
    func errorFields(_ res: TestingHTTPResponse) throws -> [String] {
        let error = try res.json()["error"] as? [String: Any] ?? [:]
        return (error["fields"] as? [[String: Any]] ?? []).compactMap { $0["field"] as? String }
    }

    @Test func createReadAndEditAChildOverJSON() async throws {
        try await withCradle(children: 5) { app in
            let h = try await apiToken(app)
            let created = try await app.send(.POST, "/api/v1/people", headers: h, body: """
                {"kind":"child","givenName":"Isla","familyName":"Apitest","sex":"female","dateOfBirth":"2024-07-01","gestationWeeks":39,"birthWeightGrams":3350,"postcode":"zy1 5ab"}
                """)
            #expect(created.status == .created)
            let id = try created.json()["id"] as! Int
            let record = try await app.send(.GET, "/api/v1/people/\(id)", headers: h)
            let person = try record.json()["person"] as? [String: Any] ?? [:]
            #expect(person["givenName"] as? String == "Isla")
            #expect(person["birthWeightGrams"] as? Int == 3350)
            let edit = try await app.send(.PUT, "/api/v1/people/\(id)", headers: h, body: """
                {"kind":"child","givenName":"Isla-Rose","familyName":"Apitest","sex":"female","dateOfBirth":"2024-07-01","version":1}
                """)
            #expect(edit.status == .ok)
            let stale = try await app.send(.PUT, "/api/v1/people/\(id)", headers: h, body: """
                {"kind":"child","givenName":"Stale","familyName":"Apitest","sex":"female","dateOfBirth":"2024-07-01","version":1}
                """)
            #expect(stale.status == .conflict)
        }
    }

    @Test func malformedJSONIsRefusedWholeAndNothingStored() async throws {
        try await withCradle(children: 5) { app in
            let h = try await apiToken(app)
            let before = try await app.count("people")
            let res = try await app.send(.POST, "/api/v1/people", headers: h, body: #"{"kind":"child","givenName": "#)
            #expect(res.status == .badRequest)
            let message = (try res.json()["error"] as? [String: Any])?["message"] as? String ?? ""
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
            let service = try await app.sql.raw("SELECT MIN(id) AS id FROM services").first(decodingColumn: "id", as: Int64.self)!
            let inv = try await app.send(.POST, "/api/v1/people/\(child)/involvements", headers: h, body: #"{"serviceId":\#(service),"startDate":"2026-01-02"}"#)
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
}
