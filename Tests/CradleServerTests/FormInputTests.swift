import Testing
import Vapor
import VaporTesting
import SQLKit
@testable import CradleServer
import CradleCore

struct FormInputTests {
    let good: [String: String] = ["kind": "child", "relationship": "child", "givenName": "Noah", "familyName": "Fieldcheck",
                                  "sex": "male", "dateOfBirth": "2024-02-29", "postcode": "ZY1 3AB"]

    @Test func badFieldsAreNamedBesideTheFieldAndNothingIsStored() async throws {
        try await withCradle(children: 5) { app in
            var b = try await Browser.signedIn(app)
            let before = try await app.count("people")
            let cases: [(String, String, String)] = [
                ("nhsNumber", "999 123 4560", "NHS number is not a valid NHS number"),
                ("postcode", "QQ1 1AA", "Postcode must look like SW1A 1AA"),
                ("dateOfBirth", "2027-01-01", "Date of birth must be today or in the past"),
                ("givenName", String(repeating: "x", count: 101), "Given name must be 100 characters or fewer"),
                ("birthWeightGrams", "12", "Birth weight (grams) must be between 300 and 7000"),
            ]
            for (field, value, message) in cases {
                var fields = good
                fields[field] = value
                let res = try await b.post("/children", fields)
                #expect(res.status == .unprocessableEntity, "\(field)")
                #expect(res.text.contains(message), "\(field): \(message)")
                #expect(res.text.contains(#"id="\#(field)-error""#), "\(field) error sits beside the field")
                #expect(res.text.contains(#"value="Fieldcheck""#), "what was typed is kept")
            }
            #expect(try await app.count("people") == before)
        }
    }

    @Test func secondEditFromTheSameVersionIsToldAndOverwritesNothing() async throws {
        try await withCradle(children: 5) { app in
            var b = try await Browser.signedIn(app)
            let created = try await b.post("/children", good)
            let id = created.headers.first(name: .location)!.split(separator: "/").last!
            var first = good; first["givenName"] = "First"; first["version"] = "1"
            var second = good; second["givenName"] = "Second"; second["version"] = "1"
            #expect(try await b.post("/people/\(id)", first).status == .seeOther)
            let clash = try await b.post("/people/\(id)", second)
            #expect(clash.status == .conflict)
            #expect(clash.text.contains("Someone else changed this record"))
            #expect(clash.text.contains(#"value="Second""#))
            let name = try await app.sql.raw("SELECT given_name FROM people WHERE id = \(bind: Int64(id)!)").first(decodingColumn: "given_name", as: String.self)
            #expect(name == "First")
        }
    }

    /// Dates are typed and shown day first, whatever the browser's language: a text box, not the
    /// browser's date picker.
    @Test func datesAreTypedAndShownDayFirst() async throws {
        try await withCradle(children: 5) { app in
            var b = try await Browser.signedIn(app)
            let child = try await relatedChild(app), service = try await ownService(app)
            let form = try await b.get("/people/\(child)/contacts/new").text
            #expect(form.contains(#"id="date" name="date" type="text" value="27/11/2026""#))
            #expect(!form.contains(#"type="date""#))
            #expect(try await b.post("/people/\(child)/contacts", ["serviceId": String(service), "date": "05/10/2026", "type": "clinic",
                                                                     "place": "clinic", "outcome": "attended"]).status == .seeOther)
            let stored = try await app.sql.raw("SELECT date FROM contacts WHERE person_id = \(bind: child) ORDER BY id DESC LIMIT 1")
                .first(decodingColumn: "date", as: String.self)
            #expect(stored == "2026-10-05")
            let contact = try await app.sql.raw("SELECT id FROM contacts WHERE person_id = \(bind: child) ORDER BY id DESC LIMIT 1")
                .first(decodingColumn: "id", as: Int64.self)!
            #expect(try await b.get("/contacts/\(contact)/edit").text.contains(#"value="05/10/2026""#))
        }
    }

    @Test func aDuplicateNHSNumberIsRefused() async throws {
        try await withCradle(children: 5) { app in
            var b = try await Browser.signedIn(app)
            let existing = try await app.sql.raw("SELECT nhs_number FROM people WHERE nhs_number IS NOT NULL LIMIT 1").first(decodingColumn: "nhs_number", as: String.self)!
            var fields = good; fields["nhsNumber"] = existing
            let res = try await b.post("/children", fields)
            #expect(res.status == .unprocessableEntity)
            #expect(res.text.contains("is already recorded for another person"))
        }
    }

    @Test func movingHouseKeepsTheOldAddress() async throws {
        try await withCradle(children: 5) { app in
            var b = try await Browser.signedIn(app)
            let created = try await b.post("/children", good)
            let id = Int64(created.headers.first(name: .location)!.split(separator: "/").last!)!
            var moved = good; moved["postcode"] = "zy2 4de"; moved["version"] = "1"
            #expect(try await b.post("/people/\(id)", moved).status == .seeOther)
            let addresses = try await PersonStore.addresses(of: id, on: app.sql)
            #expect(addresses.count == 2)
            #expect(addresses.first { $0.toDate == nil }?.postcode == "ZY2 4DE")
            #expect(addresses.first { $0.toDate != nil }?.postcode == "ZY1 3AB")
        }
    }

    @Test func familiesMembersInvolvementsContactsAndNotesCanBeEdited() async throws {
        try await withCradle(children: 5) { app in
            var b = try await Browser.signedIn(app)
            let created = try await b.post("/children", good)
            let child = Int64(created.headers.first(name: .location)!.split(separator: "/").last!)!
            let family = try await PersonStore.person(child, on: app.sql)!.familyId!
            #expect(try await b.post("/families/\(family)", ["name": "Fieldcheck household", "version": "1"]).status == .seeOther)
            let mum = try await b.post("/families/\(family)/members", ["kind": "adult", "relationship": "mother", "givenName": "Grace",
                                                                         "familyName": "Fieldcheck", "sex": "female", "dateOfBirth": "1994-05-05"])
            #expect(mum.status == .seeOther)
            let service = try await ownService(app)
            #expect(try await b.post("/people/\(child)/involvements", ["serviceId": String(service), "startDate": "2026-01-01", "wholeFamily": "on",
                                                                        "lawfulBasis": "family_agreed"]).status == .seeOther)
            let inv = try await app.sql.raw("SELECT id FROM involvements WHERE family_id = \(bind: family)").first(decodingColumn: "id", as: Int64.self)!
            #expect(try await b.post("/involvements/\(inv)", ["serviceId": String(service), "startDate": "2026-01-01", "endDate": "2026-11-01", "version": "1",
                                                                     "confirmed": "yes"]).status == .seeOther)
            #expect(try await b.post("/people/\(child)/contacts", ["serviceId": String(service), "date": "2026-12-20", "type": "clinic", "place": "clinic", "outcome": "booked"]).status == .seeOther)
            let contact = try await app.sql.raw("SELECT id FROM contacts WHERE person_id = \(bind: child)").first(decodingColumn: "id", as: Int64.self)!
            // An outcome cannot be recorded for a date still to come.
            let early = try await b.post("/contacts/\(contact)", ["serviceId": String(service), "date": "2026-12-20", "type": "clinic", "place": "clinic", "outcome": "attended", "version": "1"])
            #expect(early.status == .unprocessableEntity)
            #expect(try await b.post("/contacts/\(contact)", ["serviceId": String(service), "date": "2026-11-20", "type": "clinic", "place": "clinic", "outcome": "did_not_attend", "version": "1"]).status == .seeOther)
            #expect(try await b.post("/people/\(child)/notes", ["body": "First draft", "visibility": "profession"]).status == .seeOther)
            let note = try await app.sql.raw("SELECT id FROM notes WHERE person_id = \(bind: child)").first(decodingColumn: "id", as: Int64.self)!
            #expect(try await b.post("/notes/\(note)", ["body": "Corrected", "visibility": "team", "version": "1"]).status == .seeOther)
            // Someone else may not rewrite the note.
            var gp = try await Browser.signedIn(app, as: "gp")
            #expect(try await gp.post("/notes/\(note)", ["body": "Changed by another", "visibility": "team", "version": "2"]).status == .forbidden)

            let page = try await b.get("/families/\(family)")
            #expect(page.text.contains("Fieldcheck household"))
            #expect(page.text.contains("Grace Fieldcheck"))
            let record = try await b.get("/people/\(child)")
            #expect(record.text.contains("Corrected"))
            #expect(record.text.contains("Services involved (1 current)"), "the registering team's service stays; the family one ended")
        }
    }
}
