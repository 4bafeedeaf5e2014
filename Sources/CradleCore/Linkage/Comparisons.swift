/// The comparisons a pair of records is scored on, each giving a level (0 the strongest
/// agreement). A pair's levels together make its pattern; the model weighs each level.
public enum Comparison: Int, CaseIterable, Sendable, Codable {
    case givenName, familyName, dateOfBirth, sex, postcode, mother, address

    public var levels: [String] {
        switch self {
        case .givenName: ["exact", "nickname", "Jaro–Winkler ≥ 0.92", "Jaro–Winkler ≥ 0.85", "given and family swapped", "different", "missing"]
        case .familyName: ["exact", "Jaro–Winkler ≥ 0.92", "Jaro–Winkler ≥ 0.85", "different", "missing"]
        case .dateOfBirth: ["exact", "day and month swapped", "one digit different", "year different", "different", "missing"]
        case .sex: ["same", "different", "missing"]
        case .postcode: ["same postcode", "same sector", "same district or one slip apart", "different", "missing"]
        case .mother: ["mother's name and birth date agree", "one of them agrees", "neither agrees", "missing"]
        case .address: ["same house and street", "same street", "same house number", "different", "missing"]
        }
    }

    public var label: String {
        switch self {
        case .givenName: "Given name"
        case .familyName: "Family name"
        case .dateOfBirth: "Date of birth"
        case .sex: "Sex"
        case .postcode: "Postcode"
        case .mother: "Mother"
        case .address: "Address"
        }
    }

    /// The level that means "no information": it carries no weight.
    var missingLevel: Int {
        switch self {
        case .givenName: 6
        case .familyName: 4
        case .dateOfBirth: 5
        case .sex: 2
        case .postcode: 4
        case .mother: 3
        case .address: 4
        }
    }

    /// The level that means the two disagree outright.
    static let givenDifferent = 5

    static let radix = Comparison.allCases.map { $0.levels.count }
    static let patternCount = radix.reduce(1, *)
}

/// A pair's levels packed into one integer, mixed radix in `Comparison` order.
struct Pattern {
    static func encode(_ levels: [Int]) -> Int {
        var code = 0
        for (c, l) in levels.enumerated() { code = code * Comparison.radix[c] + l }
        return code
    }
    /// One comparison's level in a pattern, without decoding the rest.
    static func level(_ code: Int, _ c: Comparison) -> Int {
        code / strides[c.rawValue] % Comparison.radix[c.rawValue]
    }
    /// What one step of each comparison's level is worth in the code.
    static let strides: [Int] = Comparison.radix.indices.map { i in Comparison.radix[(i + 1)...].reduce(1, *) }

    static func decode(_ code: Int) -> [Int] {
        var out = [Int](repeating: 0, count: Comparison.radix.count)
        var c = code
        for i in stride(from: out.count - 1, through: 0, by: -1) { out[i] = c % Comparison.radix[i]; c /= Comparison.radix[i] }
        return out
    }
}

extension PreparedRecords {
    func givenLevel(_ i: Int, _ j: Int) -> Int {
        let a = given[i], b = given[j]
        if a < 0 || b < 0 { return 6 }
        if a == b { return 0 }
        if nicknameRelated(a, b) { return 1 }
        let s = similarity(a, b)
        if s >= 0.92 { return 2 }
        if s >= 0.85 { return 3 }
        if swapped(i, j) { return 4 }
        return 5
    }

    func familyLevel(_ i: Int, _ j: Int) -> Int {
        let a = family[i], b = family[j]
        if a < 0 || b < 0 { return 4 }
        // Given and family names written the wrong way round: the family name is there.
        if a == b || (given[i] == b && given[j] == a) { return 0 }
        let s = similarity(a, b)
        if s >= 0.92 || swapped(i, j) { return 1 }
        return s >= 0.85 ? 2 : 3
    }

    /// Whether each record's given name is the other's family name, or a slip from it (a form
    /// filled in the wrong way round, then mistyped).
    func swapped(_ i: Int, _ j: Int) -> Bool {
        func near(_ x: Int32, _ y: Int32) -> Bool { x >= 0 && y >= 0 && (x == y || similarity(x, y) >= 0.92) }
        return near(given[i], family[j]) && near(family[i], given[j])
    }

    func dobLevel(_ i: Int, _ j: Int) -> Int {
        if dob[i] == Int32.min || dob[j] == Int32.min { return 5 }
        if dob[i] == dob[j] { return 0 }
        if year[i] == year[j] && month[i] == day[j] && day[i] == month[j] { return 1 }
        if oneDigitApart(i, j) { return 2 }
        if month[i] == month[j] && day[i] == day[j] { return 3 }
        return 4
    }

    /// Whether the dates written as YYYYMMDD differ in exactly one digit.
    func oneDigitApart(_ i: Int, _ j: Int) -> Bool {
        var a = Int(year[i]) * 10_000 + Int(month[i]) * 100 + Int(day[i])
        var b = Int(year[j]) * 10_000 + Int(month[j]) * 100 + Int(day[j])
        var differing = 0
        for _ in 0..<8 {
            if a % 10 != b % 10 { differing += 1; if differing > 1 { return false } }
            a /= 10; b /= 10
        }
        return differing == 1
    }

    func sexLevel(_ i: Int, _ j: Int) -> Int {
        if sex[i] == 0 || sex[j] == 0 { return 2 }
        return sex[i] == sex[j] ? 0 : 1
    }

    func postcodeLevel(_ i: Int, _ j: Int) -> Int {
        if postcode[i] < 0 || postcode[j] < 0 { return 4 }
        // An outward code alone is its district, and two records that give only it share no
        // more than the district; nor do two that give a text more records give than a home
        // could hold (a foreign code for a whole area, a placeholder).
        if postcode[i] == postcode[j] {
            let area = postcode[i] == district[i] || (sector[i] < 0 && textCounts[postcode[i], default: 0] > Self.homeRecords)
            return area ? 2 : 0
        }
        // A postcode text that is not a UK postcode has no sector or district.
        if sector[i] >= 0 && sector[i] == sector[j] { return 1 }
        if district[i] >= 0 && district[i] == district[j] { return 2 }
        return oneSlipApart(placeNames[Int(postcode[i])].utf8, placeNames[Int(postcode[j])].utf8) ? 2 : 3
    }

    /// More records than one home's children and mothers give in all its sources.
    static let homeRecords: Int32 = 100

    /// Whether two texts differ by one character typed wrong or two neighbours swapped
    /// ("3078" and "3087", "N1 9GU" and "N1 9UG").
    func oneSlipApart(_ a: String.UTF8View, _ b: String.UTF8View) -> Bool {
        guard a.count == b.count else { return false }
        var first = -1, second = -1, n = 0
        for (k, (x, y)) in zip(a, b).enumerated() where x != y {
            n += 1
            if n == 1 { first = k } else if n == 2 { second = k } else { return false }
        }
        if n == 1 { return true }
        guard n == 2, second == first + 1 else { return false }
        let (x, y) = (Array(a), Array(b))
        return x[first] == y[second] && x[second] == y[first]
    }

    func addressLevel(_ i: Int, _ j: Int) -> Int {
        let (hi, hj, si, sj) = (house[i], house[j], street[i], street[j])
        if (hi < 0 && si < 0) || (hj < 0 && sj < 0) { return 4 }
        let sameHouse = hi >= 0 && hi == hj
        let sameStreet = si >= 0 && sj >= 0 && (si == sj || similarity(si, sj) >= 0.92)
        return sameStreet ? (sameHouse ? 0 : 1) : sameHouse ? 2 : 3
    }

    func motherLevel(_ i: Int, _ j: Int) -> Int {
        let nameKnown = motherGiven[i] >= 0 && motherGiven[j] >= 0, dobKnown = motherDob[i] != Int32.min && motherDob[j] != Int32.min
        if !nameKnown && !dobKnown { return 3 }
        let name = nameKnown && (motherGiven[i] == motherGiven[j] || nicknameRelated(motherGiven[i], motherGiven[j]))
        let born = dobKnown && motherDob[i] == motherDob[j]
        if name && born { return 0 }
        if name || born { return 1 }
        return 2
    }

    func levels(_ i: Int, _ j: Int) -> [Int] {
        [givenLevel(i, j), familyLevel(i, j), dobLevel(i, j), sexLevel(i, j), postcodeLevel(i, j), motherLevel(i, j), addressLevel(i, j)]
    }

    func pattern(_ i: Int, _ j: Int) -> Int {
        var code = givenLevel(i, j)
        code = code * 5 + familyLevel(i, j)
        code = code * 6 + dobLevel(i, j)
        code = code * 3 + sexLevel(i, j)
        code = code * 5 + postcodeLevel(i, j)
        code = code * 4 + motherLevel(i, j)
        code = code * 5 + addressLevel(i, j)
        return code
    }

    /// Whether records `i` and `j`, with pattern `code`, may never link on their weight alone,
    /// however strong:
    /// - given names that differ outright (twins, brothers and sisters), unless the pair is two
    ///   children's from two sources, born the same day (or with day and month swapped), not
    ///   both to the same mother (that is a twin's pattern), and neither source holds another
    ///   child born that day to the family (no twin the other could be);
    /// - for children, birth dates no slip explains, unless the given names are the same (or
    ///   swapped with the family name, or a slip apart with the same first letter and no
    ///   different sex: brothers and sisters share everything but these, and a nickname is as
    ///   often a sibling's name as the child's own) and the home agrees (same postcode sector,
    ///   street or mother): two children of one name born on different days in different
    ///   places are two children;
    /// - for children, a missing birth date unless the home agrees: a name alone is not a child;
    /// - within one source, any birth date but the same one, and for children a home that
    ///   does not agree or a given name not written the same (a source holds one record a
    ///   child, nearly, so its own second record of a child is for a person to decide unless
    ///   the date, home and name agree: Alfie and Albie, William and Bill, born the same day
    ///   in one home, are twins as often as one child twice; a child who moved, or was
    ///   registered again under a nickname, is brought together through another source's
    ///   record); for adults, a home that does not agree or a given name given in another
    ///   form (a nickname, a near spelling).
    ///
    /// `acrossSources` weighs a pair within one source as if it were two sources' (a bridge
    /// asks whether the pair would link had it come from two).
    func barsLinking(_ i: Int, _ j: Int, code: Int, acrossSources: Bool = false) -> Bool {
        let dob = Pattern.level(code, .dateOfBirth), given = Pattern.level(code, .givenName)
        let sameSource = !acrossSources && source[i] == source[j]
        if given == Comparison.givenDifferent {
            let noTwin = !adult[i] && !sameSource && dob <= 1 && Pattern.level(code, .mother) >= 2
                && !hasTwinInSource(i) && !hasTwinInSource(j)
            if !noTwin { return true }
        }
        if !adult[i] && dob == 4 {
            let sameName = given == 0 || given == 4 || (given == 2 && sameInitial(i, j) && Pattern.level(code, .sex) != 1)
            if !(sameName && Self.sameHome(code)) { return true }
        }
        if !adult[i] && (dob == Comparison.dateOfBirth.missingLevel || sameSource) && !Self.sameHome(code) { return true }
        if !adult[i] && sameSource && given != 0 && given != 4 && given != Comparison.givenName.missingLevel { return true }
        // A source names a mother on each of her children's rows, from one home; two adults of
        // one name and birth date in two homes are two until another source's record places them,
        // and so are two of one name in one home where a row gives no birth date (two women of a
        // name at one postcode are as common as one woman's two rows). Nor two adults of one
        // source under two forms of a given name (Amy and Emily Smith, born the same day, of one
        // street).
        if adult[i] && sameSource && (!Self.sameHome(code) || given == 1 || given == 3 || dob == Comparison.dateOfBirth.missingLevel) { return true }
        return sameSource && dob != 0 && dob != Comparison.dateOfBirth.missingLevel
    }

    /// Whether a pair that may not link is still worth a person's look. Not when it has the
    /// shape of two people: another given name, unless the pair is children born the same day
    /// to one mother, or of one home where a mother is not named (twins to tell apart, or a
    /// baby named after its birth was recorded); or children born on
    /// dates no slip explains, without the same name and home (a brother and a sister); or
    /// adults one source holds apart (two homes, two birth dates: `barsLinking`), as a source
    /// names a mother on each of her children's rows alike.
    func worthReview(_ i: Int, _ j: Int, code: Int) -> Bool {
        let dob = Pattern.level(code, .dateOfBirth)
        if Pattern.level(code, .givenName) == Comparison.givenDifferent {
            let mother = Pattern.level(code, .mother)
            return !adult[i] && dob == 0 && (mother <= 1 || (mother == Comparison.mother.missingLevel && Self.sameHome(code)))
        }
        if !adult[i] && dob == 4 { return !barsLinking(i, j, code: code) }
        if adult[i] && source[i] == source[j] { return !barsLinking(i, j, code: code) }
        return true
    }

    /// The same postcode sector, street or mother.
    static func sameHome(_ code: Int) -> Bool {
        Pattern.level(code, .postcode) <= 1 || Pattern.level(code, .address) <= 1 || Pattern.level(code, .mother) == 0
    }

    /// Whether both given names begin with the same letter: a slip within one name, not a
    /// nickname (Theo is Theodore's brother as often as Theodore himself).
    func sameInitial(_ i: Int, _ j: Int) -> Bool {
        let a = given[i], b = given[j]
        return a >= 0 && b >= 0 && nameBytes[Int(a)].first == nameBytes[Int(b)].first
    }

    /// Whether one source already holds two people among these records: two birth dates no
    /// typing slip explains (brothers and sisters), two mothers, two NHS numbers, or the same
    /// birth date and family name with given names neither alike, nor nicknames of each other,
    /// nor one slip apart (twins, who must stay two).
    func twoChildren(_ a: [Int32], _ b: [Int32]) -> Bool {
        for x in a {
            for y in b where source[Int(x)] == source[Int(y)] {
                let i = Int(x), j = Int(y)
                // Born on dates no slip of the keyboard explains (brothers or sisters), or
                // to different mothers.
                if dobLevel(i, j) == 4 || motherLevel(i, j) == 2 { return true }
                // Or given two NHS numbers.
                if nhs[i] >= 0 && nhs[j] >= 0 && nhs[i] != nhs[j] { return true }
                guard dob[i] == dob[j], family[i] == family[j] else { continue }
                let gx = given[i], gy = given[j]
                if gx >= 0, gy >= 0, gx != gy, !nicknameRelated(gx, gy), similarity(gx, gy) < 0.92, !oneSlipApart(gx, gy) { return true }
            }
        }
        return false
    }
}
