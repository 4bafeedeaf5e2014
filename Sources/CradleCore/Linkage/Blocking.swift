/// Blocking: which pairs are compared at all. Each rule groups records on a key; a pair is
/// compared once, under the first rule that groups it. Together the rules keep the errors the
/// sources make (a typo, a nickname, day and month swapped, a digit or the year wrong, a move)
/// unless two of them fall on the same record.
enum BlockingRule: Int, CaseIterable {
    /// The same NHS number.
    case nhsNumber
    /// The same date of birth and the same first letter of the family name.
    case birthDateAndFamilyInitial
    /// The same family name, year of birth and first letter of the given name.
    case familyYearAndGivenInitial
    /// The same family name and day and month of birth (the year mistyped).
    case familyAndBirthday
    /// The same postcode and first letter of the given name (a family at home).
    case postcodeAndGivenInitial
    /// The same date of birth and the same two initials in either order (names swapped).
    case birthDateAndInitials
    /// The same postcode (or the same text where it is not a UK postcode) and first letter of
    /// the family name (a given name and a birth date both wrong).
    case postcodeAndFamilyInitial
    /// The same house number and street (the postcode and the birth date both wrong or missing).
    case houseAndStreet
    /// The same date of birth and given name (the family name changed: a child registered
    /// under a stepfather's name, say, with the postcode mistyped). Children only, as is the
    /// next: a mother is named on each of her children's rows, often without her birth date,
    /// and a name alone would bring every woman of that name together.
    case birthDateAndGivenName
    /// The same given and family names, in either order (the birth date, postcode and house
    /// all wrong or missing).
    case fullName

    /// The comparisons that agree (or nearly) for every pair the rule makes; EM on this rule's
    /// pairs leaves them out. Nil: the rule's pairs are not used for training. Rules on the
    /// family name are not: their pairs are mostly brothers and sisters, and EM takes "same
    /// household" for "same child" (it learns that the same child rarely shares a birth date).
    var trainingFixes: Set<Comparison>? {
        switch self {
        case .birthDateAndFamilyInitial: [.dateOfBirth]
        case .postcodeAndGivenInitial: [.postcode]
        case .nhsNumber, .familyYearAndGivenInitial, .familyAndBirthday, .birthDateAndInitials, .postcodeAndFamilyInitial, .houseAndStreet, .birthDateAndGivenName, .fullName: nil
        }
    }

    /// Blocks bigger than this are left out and counted: one value shared by thousands (a
    /// placeholder date, say) would swamp the run.
    static let largestBlock = 3_000

    func key(_ r: PreparedRecords, _ i: Int) -> UInt64? {
        func initial(_ name: Int32) -> UInt64? { name < 0 ? nil : UInt64(r.nameBytes[Int(name)].first ?? 0) }
        switch self {
        case .nhsNumber:
            return r.nhs[i] >= 0 ? UInt64(r.nhs[i]) : nil
        case .birthDateAndFamilyInitial:
            guard r.dob[i] != Int32.min, let f = initial(r.family[i]) else { return nil }
            return UInt64(UInt32(bitPattern: r.dob[i])) << 8 | f
        case .familyYearAndGivenInitial:
            guard r.family[i] >= 0, r.year[i] > 0, let g = initial(r.given[i]) else { return nil }
            return UInt64(r.family[i]) << 32 | UInt64(r.year[i]) << 8 | g
        case .familyAndBirthday:
            guard r.family[i] >= 0, r.month[i] > 0 else { return nil }
            return UInt64(r.family[i]) << 16 | UInt64(r.month[i]) << 8 | UInt64(r.day[i])
        case .postcodeAndGivenInitial:
            guard r.postcode[i] >= 0, let g = initial(r.given[i]) else { return nil }
            return UInt64(r.postcode[i]) << 8 | g
        case .birthDateAndInitials:
            guard r.dob[i] != Int32.min, let g = initial(r.given[i]), let f = initial(r.family[i]) else { return nil }
            return UInt64(UInt32(bitPattern: r.dob[i])) << 16 | min(g, f) << 8 | max(g, f)
        case .postcodeAndFamilyInitial:
            guard r.postcode[i] >= 0, let f = initial(r.family[i]) else { return nil }
            return UInt64(r.postcode[i]) << 8 | f
        case .houseAndStreet:
            guard r.house[i] >= 0, r.street[i] >= 0 else { return nil }
            return UInt64(r.house[i]) << 32 | UInt64(r.street[i])
        case .birthDateAndGivenName:
            guard !r.adult[i], r.dob[i] != Int32.min, r.given[i] >= 0 else { return nil }
            return UInt64(UInt32(bitPattern: r.dob[i])) << 32 | UInt64(r.given[i])
        case .fullName:
            guard !r.adult[i], r.given[i] >= 0, r.family[i] >= 0 else { return nil }
            let (g, f) = (UInt64(r.given[i]), UInt64(r.family[i]))
            return min(g, f) << 32 | max(g, f)
        }
    }

    /// Whether an earlier rule already compared this pair.
    func earlierRuleGroups(_ r: PreparedRecords, _ i: Int, _ j: Int) -> Bool {
        for rule in BlockingRule.allCases where rule.rawValue < rawValue {
            if let a = rule.key(r, i), a == rule.key(r, j) { return true }
        }
        return false
    }

    /// The rule's blocks: runs of record indices sharing a key.
    func blocks(_ r: PreparedRecords) -> (blocks: [ArraySlice<Int32>], skipped: Int) {
        var keyed: [(UInt64, Int32)] = []
        keyed.reserveCapacity(r.count)
        for i in 0..<r.count { if let k = key(r, i) { keyed.append((k, Int32(i))) } }
        keyed.sort { $0.0 < $1.0 }
        let ids = keyed.map(\.1)
        var out: [ArraySlice<Int32>] = []
        var skipped = 0
        var start = 0
        while start < keyed.count {
            var end = start + 1
            while end < keyed.count && keyed[end].0 == keyed[start].0 { end += 1 }
            let size = end - start
            if size > BlockingRule.largestBlock { skipped += size } else if size > 1 { out.append(ids[start..<end]) }
            start = end
        }
        return (out, skipped)
    }
}
