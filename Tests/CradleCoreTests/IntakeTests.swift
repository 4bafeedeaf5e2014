import Foundation
import Testing
@testable import CradleCore

/// Reading source files: CSV as spreadsheets write it, each kind's column set, every row's
/// checks, and the documented templates and examples.
struct IntakeTests {
    let today = Day(year: 2026, month: 11, day: 27)!
    static let docs = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("docs/imports")

    @Test func csvReadsQuotesLineBreaksAndExcelsByteOrderMark() throws {
        let text = "\u{FEFF}a,b,c\r\n1,\"two, with comma\",\"say \"\"hi\"\"\"\r\n\r\n3,\"line\nbreak\",\n"
        let records = try CSVReader.records(text)
        #expect(records == [["a", "b", "c"], ["1", "two, with comma", "say \"hi\""], ["3", "line\nbreak", ""]])
        // Writing and reading again gives the same fields.
        let fields = ["plain", "a,b", "q\"uote", "new\nline", ""]
        #expect(try CSVReader.records(CSVReader.line(fields)) == [fields])
        #expect(throws: CSVReader.Malformed.self) { try CSVReader.records("a,b\n\"open,2\n") }
        #expect(throws: CSVReader.Malformed.self) { try CSVReader.records("a,b\nx\"y,2\n") }
    }

    /// A large file is read in two parts: the records and the first problem's record number
    /// are what one pass gives, with quoted line breaks and quotes on both sides of the middle.
    @Test func aLargeFileReadInTwoPartsReadsAsOnePass() throws {
        var lines: [String] = []
        for i in 0..<30_000 {
            switch i % 5 {
            case 0: lines.append("\(i),\"two\nlines, \"\"quoted\"\"\",x")
            case 1: lines.append("\(i),\"\",\"\n\n\"")
            case 2: lines.append("")
            case 3: lines.append("\(i),crlf,y\r")
            default: lines.append("\(i),plain,\"a,b\"")
            }
        }
        let text = lines.joined(separator: "\n") + "\n"
        let bytes = Array(text.utf8)
        let parts = CSVReader.split(bytes, from: 1_000)
        #expect(parts.count == 2 && parts[0].upperBound > bytes.count / 2)
        let whole = try CSVReader.records(bytes[...])
        #expect(whole.count == 24_000 && whole[0] == ["0", "two\nlines, \"quoted\"", "x"])
        #expect(try CSVReader.records(text) == whole)
        // A problem past the middle is numbered from the file's start; the first one wins.
        for (bad, at) in [("\"open", lines.count - 1), ("x\"y,1", 25_000), ("x\"y,1", 10)] {
            var broken = lines
            broken[at] = bad
            let text = broken.joined(separator: "\n") + "\n"
            var expected: CSVReader.Malformed? = nil
            do { _ = try CSVReader.records(Array(text.utf8)[...]) } catch { expected = error }
            #expect(expected != nil)
            #expect(throws: expected!) { try CSVReader.records(text) }
        }
    }

    @Test func eachKindHasItsColumnsAndAnotherKindsFileIsRefused() throws {
        for kind in SourceKind.allCases where kind != .antenatal {
            let names = kind.columns.map(\.name)
            #expect(Array(names.prefix(4)) == ["record_id", "given_name", "family_name", "date_of_birth"])
            #expect(Set(names).count == names.count)
        }
        #expect(SourceKind.maternity.columns.filter(\.required).map(\.name).contains("parent_given_name"))
        #expect(!SourceKind.childrensCentre.columns.filter(\.required).map(\.name).contains("parent_given_name"))
        let births = "record_id,given_name,family_name,date_of_birth,birth_weight_grams\nR1,Amy,Lane,2026-01-01,3000\n"
        #expect(throws: SourceFileRefused.self) { try CSVSource.parse(births, kind: .childrensCentre, today: today) }
        #expect(throws: SourceFileRefused.self) { try CSVSource.parse("record_id,record_id,given_name,family_name,date_of_birth\n", kind: .gp, today: today) }
        #expect(throws: SourceFileRefused.self) { try CSVSource.parse("", kind: .gp, today: today) }
        // Missing the mother is a warning for maternity (the child still imports), nothing for a centre.
        let noMother = "record_id,given_name,family_name,date_of_birth,parent_given_name,parent_family_name,parent_date_of_birth\nR1,Amy,Lane,2026-01-01,,,\n"
        let maternity = try CSVSource.parse(noMother, kind: .maternity, today: today)
        #expect(maternity.rows.count == 1 && maternity.problems.contains { $0.field == "parent_given_name" && $0.warning })
        let centre = try CSVSource.parse(noMother, kind: .childrensCentre, today: today)
        #expect(centre.rows.count == 1 && centre.problems.isEmpty)
    }

    @Test func everyRowIsCheckedAndEveryProblemNamed() throws {
        let header = "record_id,given_name,family_name,date_of_birth,nhs_number,sex,postcode,parent_given_name,parent_family_name,parent_date_of_birth,parent_relationship\n"
        let rows = [
            "R1,Amy,Lane,2026-01-01,999 100 0011,F,zy12ab,Kate,Lane,1990-02-02,mother",   // good: spaces, lower-case postcode
            "R2,Amy,Lane,2027-01-01,,,,,,,",                                               // born after today
            "R3,,Lane,2026-01-01,,,,,,,",                                                  // no given name
            "R4,Amy,Lane,2026-01-01,9991000011,,,Kate,,,",                                 // parent half named
            "R5,Amy,Lane,2026-01-01,,,,Kate,Lane,2020-01-01,mother",                       // parent a child at the birth
            "R6,Amy,Lane,2026-01-01,,,,Kate,Lane,1990-01-01,sibling",                      // not a parent
            "R7,Amy,Lane,2026-01-01",                                                      // too few fields
            "R8,,Lane,,,,,,,,",                                                            // one name and no date of birth
            "R9,,,2026-01-01,,,,,,,",                                                      // no name
        ]
        let parsed = try CSVSource.parse(header + rows.joined(separator: "\n"), kind: .childrensCentre, today: today)
        // Refused only with nothing to link on (rows 9, 10) or unreadable (8); a date of birth
        // after today, a missing given name or a bad parent is left out and the child imports.
        #expect(parsed.rows.map(\.row) == [2, 3, 4, 5, 6, 7])
        #expect(parsed.rows[1].record.dateOfBirth == nil && parsed.rows[2].record.givenName == "")
        // A parent with one name is not a person of their own, but still helps find the child.
        let halfNamed = parsed.rows[3].record
        #expect(halfNamed.recordedParent == nil && halfNamed.parentLinkRecord(source: 1, key: "x") == nil)
        #expect(halfNamed.linkRecord(source: 1, key: "x").motherGivenName == "Kate")
        #expect(parsed.rows[4].record.parent?.givenName == "Kate" && parsed.rows[4].record.parent?.dateOfBirth == nil)
        #expect(parsed.rows[5].record.parent == nil)
        #expect(parsed.problems.filter(\.warning).map(\.row) == [3, 4, 5, 6, 7] && parsed.refusedRows == 3)
        let r = parsed.rows[0].record
        #expect(r.nhsNumber?.digits == "9991000011" && r.postcode?.normalised == "ZY1 2AB" && r.sex == .female)
        #expect(r.parent == SourceParent(relationship: .mother, givenName: "Kate", familyName: "Lane", dateOfBirth: Day(year: 1990, month: 2, day: 2), nhsNumber: nil))
        #expect(r.received.hasPrefix("R1,Amy,Lane") && parsed.header?.hasPrefix("record_id,given_name") == true, "the header once, each row its line")
        let problems = Dictionary(grouping: parsed.problems, by: \.row).mapValues { $0.map(\.field) }
        #expect(problems[3] == ["date_of_birth"] && problems[4] == ["given_name"] && problems[5] == ["parent_family_name"])
        #expect(problems[6] == ["parent_date_of_birth"] && problems[7] == ["parent_relationship"] && problems[8] == ["(row)"])
        #expect(problems[9] == ["given_name", "date_of_birth"] && problems[10] == ["given_name", "family_name"])
        #expect(parsed.total == 9)
        // The same record in another layout is the same record.
        let reordered = "given_name,record_id,family_name,date_of_birth,sex,nhs_number,postcode,parent_relationship,parent_given_name,parent_family_name,parent_date_of_birth\nAmy,R1,Lane,01/01/2026,female,9991000011,ZY1 2AB,mother,Kate,Lane,1990-02-02\n"
        #expect(try CSVSource.parse(reordered, kind: .childrensCentre, today: today).rows[0].record.canonical == r.canonical)
    }

    @Test func theDocumentedTemplatesAndExamplesAreWhatCradleReads() throws {
        for kind in SourceKind.allCases {
            let template = try String(contentsOf: Self.docs.appendingPathComponent("\(kind.rawValue).csv"), encoding: .utf8)
            #expect(template.trimmingCharacters(in: .newlines) == kind.columns.map(\.name).joined(separator: ","), "\(kind) template")
            let example = try String(contentsOf: Self.docs.appendingPathComponent("\(kind.rawValue)-example.csv"), encoding: .utf8)
            let parsed = try CSVSource.parse(example, kind: kind, today: today)
            #expect(parsed.problems.isEmpty && !parsed.rows.isEmpty, "\(kind) example: \(parsed.problems)")
            for row in parsed.rows { #expect(row.record.nhsNumber.map { $0.isTestRange } ?? true, "fictional NHS numbers only") }
            let readme = try String(contentsOf: Self.docs.appendingPathComponent("README.md"), encoding: .utf8)
            for c in kind.columns { #expect(readme.contains("`\(c.name)`"), "README documents \(c.name)") }
        }
        let bad = try String(contentsOf: Self.docs.appendingPathComponent("childrens_centre-bad-rows.csv"), encoding: .utf8)
        #expect(try CSVSource.parse(bad, kind: .childrensCentre, today: today).problems.count == 7)
    }
}

struct SpreadsheetExportTests {
    @Test func formulasAreNeutralisedAndNumbersKept() {
        #expect(CSVReader.exportLine(["=HYPERLINK(\"http://x\")", "+1+1", "-2+3", "@SUM(A1)", "\tx", "-3.25", "12", "Ann", ""])
                == "\"'=HYPERLINK(\"\"http://x\"\")\",'+1+1,'-2+3,'@SUM(A1),'\tx,-3.25,12,Ann,")
        // Reading back gives the text with its apostrophe, never the formula.
        let back = try? CSVReader.records(CSVReader.exportLine(["=1+1", "Ann"]) + "\n")
        #expect(back == [["'=1+1", "Ann"]])
    }
}
