/// The local 0–5 offer a family can search without signing in: children's centres, their
/// activities, services' own entries and evidence-based programmes.

/// What a family is looking for help with.
public enum OfferNeed: String, Vocabulary {
    case pregnancy, feeding, sleep, talking, play, behaviour, wellbeing, money, health
    public var label: String {
        switch self {
        case .pregnancy: "Pregnancy and birth"
        case .feeding: "Feeding and weaning"
        case .sleep: "Sleep"
        case .talking: "Talking and understanding"
        case .play: "Play and learning"
        case .behaviour: "Behaviour"
        case .wellbeing: "Your own wellbeing"
        case .money: "Money, housing and work"
        case .health: "Health and development checks"
        }
    }
}

/// The age of the child a family searches for, as the ranges of months it covers
/// (negative months: still expected).
public enum ChildAge: String, Vocabulary {
    case expecting, under1 = "under_1", age1 = "1", age2 = "2", age3 = "3", age4 = "4"
    public var label: String {
        switch self {
        case .expecting: "Expecting a baby"
        case .under1: "Under 1"
        case .age1: "1 year old"
        case .age2: "2 years old"
        case .age3: "3 years old"
        case .age4: "4 years old"
        }
    }
    public var months: ClosedRange<Int> {
        switch self {
        case .expecting: -9 ... -1
        case .under1: 0...11
        case .age1: 12...23
        case .age2: 24...35
        case .age3: 36...47
        case .age4: 48...59
        }
    }
}

/// What every entry in the offer tells a family beyond its name and time: what it costs, how to
/// join, which ages and needs it is for. Kept by the staff who run it.
public struct OfferDetails: Sendable, Equatable {
    public var cost: String
    public var howToJoin: String
    public var fromMonths: Int
    public var toMonths: Int
    public var needs: [OfferNeed]

    public init(cost: String, howToJoin: String, fromMonths: Int, toMonths: Int, needs: [OfferNeed]) {
        self.cost = cost; self.howToJoin = howToJoin; self.fromMonths = fromMonths; self.toMonths = toMonths; self.needs = needs
    }

    /// Reads the shared fields of an offer form: cost, how to join, the age range in months
    /// (-9 for pregnancy up to 60, the fifth birthday) and the needs it helps with.
    public static func read(_ r: inout FieldReader) -> OfferDetails? {
        let cost = r.text("cost", label: "Cost", max: 100)
        let join = r.text("howToJoin", label: "How to join", max: 300)
        let from = r.integer("fromMonths", label: "From age (months)", range: -9...60, required: true)
        let to = r.integer("toMonths", label: "To age (months)", range: -9...60, required: true)
        var needs: [OfferNeed] = []
        for raw in r.list("needs") {
            guard let need = OfferNeed(rawValue: raw) else {
                r.errors.add("needs", "Needs must be among: " + OfferNeed.allCases.map(\.rawValue).joined(separator: ", "))
                return nil
            }
            if !needs.contains(need) { needs.append(need) }
        }
        if let from, let to, from > to { r.errors.add("toMonths", "To age must not be before from age") }
        guard r.errors.isEmpty, let cost, let join, let from, let to else { return nil }
        return OfferDetails(cost: cost, howToJoin: join, fromMonths: from, toMonths: to, needs: needs)
    }

    /// Details as stored, where a column may be empty (an activity written before the offer's
    /// fields existed): `unset` for cost and how to join, every age and no particular need.
    public static func stored(cost: String?, howToJoin: String?, fromMonths: Int?, toMonths: Int?, needs: String?, unset: String) -> OfferDetails {
        OfferDetails(cost: cost ?? unset, howToJoin: howToJoin ?? unset, fromMonths: fromMonths ?? -9, toMonths: toMonths ?? 60,
                     needs: OfferDetails.needs(fromCodes: needs))
    }

    /// Needs as stored: their codes, comma-separated.
    public var needCodes: String { needs.map(\.rawValue).joined(separator: ",") }
    public static func needs(fromCodes codes: String?) -> [OfferNeed] {
        (codes ?? "").split(separator: ",").compactMap { OfferNeed(rawValue: String($0)) }
    }

    public var agesLabel: String { OfferDetails.agesLabel(fromMonths, toMonths) }

    public static func agesLabel(_ from: Int, _ to: Int) -> String {
        func age(_ m: Int) -> String {
            if m < 0 { return "pregnancy" }
            if m == 0 { return "birth" }
            if m % 12 == 0 { return "\(m / 12) year\(m == 12 ? "" : "s")" }
            return "\(m) months"
        }
        if from < 0 && to < 0 { return "Pregnancy" }
        return "From \(age(from)) to \(age(to))"
    }
}

/// Where a family lives, as the reach-area lookup places their postcode.
public struct OfferHome: Sendable, Equatable {
    public var centreId: Int64?
    public var wardId: Int64
    public var locality: String
    public init(centreId: Int64?, wardId: Int64, locality: String) { self.centreId = centreId; self.wardId = wardId; self.locality = locality }
}

/// Where an organisation works: the wards its reach areas cover and the localities its teams serve.
public struct OfferPlace: Sendable, Equatable {
    public var organisationId: Int64
    public var wards: Set<Int64>
    public var localities: Set<String>
    public init(organisationId: Int64, wards: Set<Int64>, localities: Set<String>) {
        self.organisationId = organisationId; self.wards = wards; self.localities = localities
    }
}

/// How near an entry is to a family's home, by the reach areas rather than by distance: the
/// lookup holds no coordinates, and the centre serving a family's area is the one to go to.
public enum Nearness: Int, Sendable, Comparable {
    case yourCentre = 0, yourWard, yourLocality, elsewhere
    public static func < (a: Nearness, b: Nearness) -> Bool { a.rawValue < b.rawValue }
    public var label: String {
        switch self {
        case .yourCentre: "Your children's centre"
        case .yourWard: "In your ward"
        case .yourLocality: "In your part of the borough"
        case .elsewhere: "Elsewhere in the borough"
        }
    }

    public static func of(_ place: OfferPlace, from home: OfferHome?) -> Nearness {
        guard let home else { return .elsewhere }
        if place.organisationId == home.centreId { return .yourCentre }
        if place.wards.contains(home.wardId) { return .yourWard }
        if place.localities.contains(home.locality) { return .yourLocality }
        return .elsewhere
    }
}

/// One thing a family could go to or ask for.
public struct OfferEntry: Sendable, Equatable {
    public enum Kind: String, Sendable { case centre, activity, service, programme }
    public var kind: Kind
    public var title: String
    public var provider: String
    public var description: String
    public var when: String
    public var place: String
    public var details: OfferDetails
    public var nearness: Nearness

    public init(kind: Kind, title: String, provider: String, description: String, when: String, place: String,
                details: OfferDetails, nearness: Nearness) {
        self.kind = kind; self.title = title; self.provider = provider; self.description = description
        self.when = when; self.place = place; self.details = details; self.nearness = nearness
    }

    /// Whether the entry is for a child of this age (its range overlaps the age's months) and
    /// helps with this need; an unset filter matches everything.
    public func matches(age: ChildAge?, need: OfferNeed?) -> Bool {
        if let age, details.toMonths < age.months.lowerBound || details.fromMonths > age.months.upperBound { return false }
        if let need, !details.needs.contains(need) { return false }
        return true
    }
}

public enum LocalOffer {
    /// The entries for this age and need, nearest first, then by name.
    public static func search(_ entries: [OfferEntry], age: ChildAge?, need: OfferNeed?) -> [OfferEntry] {
        entries.filter { $0.matches(age: age, need: need) }
            .sorted { ($0.nearness, $0.title.lowercased(), $0.provider) < ($1.nearness, $1.title.lowercased(), $1.provider) }
    }
}
