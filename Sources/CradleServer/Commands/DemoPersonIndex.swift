import Foundation
import Vapor
import SQLKit
import CradleCore

/// The person index at work in the demo borough: a maternity feed and a children's-centre
/// register about the borough's own youngest children, imported through the same job the
/// command and the upload page use. The maternity feed carries NHS numbers (its records link
/// deterministically to the children already in Cradle); the register has none, and is
/// written as registers are: nicknames, a slipped letter, day and month swapped, and a few
/// children registered under another given name, which wait in the review queue. A dozen
/// antenatal bookings made this month, most with consent, reach their centres before birth.
enum DemoPersonIndex {
    static func seed(_ app: Application, children count: Int = 200) async throws {
        let db = app.sql
        guard try await db.raw("SELECT COUNT(*) AS n FROM source_systems").first(decodingColumn: "n", as: Int.self) == 0 else { return }
        // A benchmark-sized borough is for measuring pages; estimating a match model over
        // millions of records is not what a newcomer's first start should wait for.
        guard try await db.raw("SELECT COUNT(*) AS n FROM people").first(decodingColumn: "n", as: Int.self) ?? 0 <= 200_000 else { return }
        struct Child: Codable {
            var id: Int64; var givenName: String; var familyName: String; var dateOfBirth: String; var sex: String
            var nhsNumber: String?; var postcode: String?
            var motherGiven: String?; var motherFamily: String?; var motherDob: String?; var motherNhs: String?
        }
        let children = try await db.raw("""
            SELECT c.id, c.given_name, c.family_name, c.date_of_birth, c.sex, c.nhs_number,
                (SELECT a.postcode FROM addresses a WHERE a.person_id = c.id AND a.to_date IS NULL ORDER BY a.id DESC LIMIT 1) AS postcode,
                m.given_name AS mother_given, m.family_name AS mother_family, m.date_of_birth AS mother_dob, m.nhs_number AS mother_nhs
            FROM people c JOIN people m ON m.family_id = c.family_id AND m.relationship = 'mother'
            WHERE c.kind = 'child' AND c.date_of_birth IS NOT NULL AND c.merged_into IS NULL
            ORDER BY c.date_of_birth DESC, c.id LIMIT \(unsafeRaw: String(count))
            """).all(decoding: Child.self, with: rowDecoder)
        guard !children.isEmpty else { return }
        let today = app.settings.today()
        let maternityId = try await SourceStore.create(.init(name: "Fernmoor maternity", kind: .maternity, format: .csv), on: db)
        let centreId = try await SourceStore.create(.init(name: "Children's centres register", kind: .childrensCentre, format: .csv), on: db)
        _ = try await SourceStore.create(.init(name: "Child health (FHIR)", kind: .childHealth, format: .fhir), on: db)
        let bookingsId = try await SourceStore.create(.init(name: "Fernmoor antenatal bookings", kind: .antenatal, format: .csv), on: db)

        var births = [SourceKind.maternity.columns.map(\.name)]
        var register = [SourceKind.childrensCentre.columns.map(\.name)]
        let nicknames = Nicknames.standard
        for (i, c) in children.enumerated() where c.motherGiven != nil && c.motherDob != nil {
            births.append([String(format: "MAT-%05d", i + 1), c.givenName, c.familyName, c.dateOfBirth, c.nhsNumber ?? "", c.sex, c.postcode ?? "", "",
                           c.motherGiven!, c.motherFamily ?? c.familyName, c.motherDob!, c.motherNhs ?? "", "mother", "", "", "", "", ""])
            var given = c.givenName, family = c.familyName, dob = c.dateOfBirth
            let key = LinkRecord.nameKey(given)
            if i % 5 == 1, let nick = nicknames.alternatives(to: key).first(where: { $0 != key }) { given = nick.prefix(1).uppercased() + nick.dropFirst() }
            if i % 7 == 2, family.count > 3 {
                var letters = Array(family); letters.swapAt(1, 2); family = String(letters)
            }
            if i % 11 == 3, let d = try? Day(dob), let swapped = Day(year: d.components.year, month: d.components.day, day: d.components.month), swapped <= today {
                dob = swapped.iso
            }
            if i % 23 == 4 { given = ["Zara", "Nell", "Kit", "Bea", "Rafe"][i % 5] }
            register.append([String(format: "CC-%05d", i + 1), given, family, dob, "", c.sex, c.postcode ?? "", "",
                             c.motherGiven!, c.motherFamily ?? c.familyName, c.motherDob!, "", "mother", ""])
        }
        // A dozen women booked this month; most agreed at booking to hear from their children's centre.
        var bookings = [SourceKind.antenatal.columns.map(\.name)]
        let women = ["Hollie", "Aisha", "Keeley", "Marta", "Sinead", "Priya", "Jade", "Olena", "Bethany", "Rukhsana", "Carys", "Tegan"]
        let surnames = ["Ashworth", "Begum", "Corrigan", "Dziedzic", "Egan", "Fernando", "Gallagher", "Hrytsenko", "Ingram", "Jalil", "Kettle", "Lomax"]
        for (i, woman) in women.enumerated() {
            let booked = today - i
            let nhs = NHSNumber.make(firstNine: 999_200_000 + i * 7).map(\.digits) ?? ""
            let agreed = i % 4 != 3
            bookings.append([String(format: "BKG-%04d", i + 1), woman, surnames[i], (today - 365 * (19 + i * 2) - i * 31).iso,
                             (booked + 196 + i * 3).iso, booked.iso, nhs, children[i % children.count].postcode ?? "", "\(i * 3 + 2) Quarry Lane", "",
                             agreed ? "yes" : "no", agreed ? booked.iso : ""])
        }
        let job = ImportJob(database: app.db, today: today, linker: app.settings.linker, sqlitePath: app.sqliteReader?.path)
        for (id, rows, file) in [(maternityId, births, "maternity-demo.csv"), (centreId, register, "centres-register-demo.csv"),
                                 (bookingsId, bookings, "antenatal-bookings-demo.csv")] {
            let csv = rows.map(CSVReader.line).joined(separator: "\n") + "\n"
            guard let source = try await SourceStore.find(id, on: db) else { continue }
            _ = try await job.run(Data(csv.utf8), fileName: file, source: source, by: nil)
        }
    }
}
