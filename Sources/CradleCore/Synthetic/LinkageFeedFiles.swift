/// The two extracts as the files their systems send: a child-health CSV (ISO dates) and a
/// children's-centre CSV (dates as DD/MM/YYYY, sex as a letter, some names in capitals), each
/// row naming the child's mother, and the truth as a CSV of file, record id and person.
extension LinkageExtracts {
    public enum File: Int, Sendable, CaseIterable {
        case childHealth = 0, centre = 1
        public var kind: SourceKind { self == .childHealth ? .childHealth : .childrensCentre }
        public var fileName: String { self == .childHealth ? "child-health.csv" : "childrens-centre.csv" }
    }

    static let columns = ["record_id", "nhs_number", "given_name", "family_name", "date_of_birth", "sex", "postcode",
                          "parent_given_name", "parent_family_name", "parent_date_of_birth", "parent_nhs_number", "parent_relationship"]

    /// The file's text, header first.
    public func csv(_ file: File) -> String {
        var out = CSVReader.line(Self.columns) + "\n"
        out.reserveCapacity(records.count * 60)
        let centre = file == .centre
        func date(_ d: Day?) -> String {
            guard let d else { return "" }
            let c = d.components
            return centre ? "\(String(format2: c.day))/\(String(format2: c.month))/\(String(format4: c.year))" : d.iso
        }
        for (i, r) in records.enumerated() where r.source == file.rawValue {
            let x = details[i]
            func name(_ s: String?) -> String { guard let s else { return "" }; return x.upperCase ? s.uppercased() : s }
            let sex = r.sex.map { centre ? ($0 == .female ? "F" : "M") : $0.rawValue } ?? ""
            let hasParent = r.motherGivenName != nil || x.motherFamilyName != nil
            out += CSVReader.line([r.key, x.nhsText, name(r.givenName), name(r.familyName), date(r.dateOfBirth), sex, x.postcodeText,
                                   name(r.motherGivenName), name(x.motherFamilyName), hasParent ? date(r.motherDateOfBirth) : "",
                                   hasParent ? x.motherNHS ?? "" : "", hasParent ? "mother" : ""]) + "\n"
        }
        return out
    }

    /// Who each row is: `file,record_id,person,identifiable`, the child as `c` and their number,
    /// and the mother a row names in full (Cradle's `record_id#parent`) as `m` and hers;
    /// identifiable when the row has a name and a date of birth.
    public var truthCSV: String {
        var out = "file,record_id,person,identifiable\n"
        for (i, r) in records.enumerated() {
            let file = File(rawValue: r.source)!.fileName
            out += "\(file),\(r.key),c\(truth[i]),\(r.dateOfBirth == nil ? 0 : 1)\n"
            if r.motherGivenName != nil && details[i].motherFamilyName != nil {
                out += "\(file),\(r.key)#parent,m\(details[i].mother),\(r.motherDateOfBirth == nil ? 0 : 1)\n"
            }
        }
        return out
    }
}
