/// What kind of system a feed comes from: it decides which columns a CSV file must have.
public enum SourceKind: String, Vocabulary {
    /// Maternity bookings (about 12 weeks): the mother and the baby she expects.
    case antenatal
    case maternity
    case childHealth = "child_health"
    case healthVisiting = "health_visiting"
    case gp
    case childrensCentre = "childrens_centre"
    case earlyYearsSetting = "early_years_setting"
    case socialCare = "social_care"

    public var label: String {
        switch self {
        case .antenatal: "Antenatal booking"
        case .maternity: "Maternity"
        case .childHealth: "Child health"
        case .healthVisiting: "Health visiting"
        case .gp: "GP"
        case .childrensCentre: "Children's centre"
        case .earlyYearsSetting: "Early-years setting"
        case .socialCare: "Social care"
        }
    }

    /// Births come with the mother: a maternity record without her is not a birth record.
    var parentRequired: Bool { self == .maternity }

    /// The feeds a system client may notify into: bookings and births.
    public var sendsNotifications: Bool { self == .antenatal || isBirthFeed }

    /// Birth feeds carry the baby's measurements, the GP and the family's sharing decision.
    var isBirthFeed: Bool { self == .maternity || self == .childHealth }

    /// The CSV column set for this kind: required first, then optional, in template order.
    public var columns: [SourceColumn] {
        if self == .antenatal { return SourceColumn.antenatal + SourceColumn.sharing }
        var out = SourceColumn.base
        out += SourceColumn.parent.map { var c = $0; c.required = parentRequired && c.name != "parent_nhs_number" && c.name != "parent_relationship"; return c }
        switch self {
        case .maternity, .childHealth: out += SourceColumn.birth + SourceColumn.sharing
        case .antenatal: break
        case .childrensCentre: out.append(SourceColumn(name: "registered_on", required: false, meaning: "Date the family registered with the centre (YYYY-MM-DD)"))
        case .earlyYearsSetting: out.append(SourceColumn(name: "upn", required: false, meaning: "Unique pupil number (13 characters, check letter first)"))
        case .healthVisiting, .gp, .socialCare: break
        }
        return out
    }
}

/// How a feed's files are written.
public enum SourceFormat: String, Vocabulary {
    case csv
    case fhir
    public var label: String { self == .csv ? "CSV" : "FHIR R4 Bundle (JSON)" }
}

/// One documented CSV column.
public struct SourceColumn: Sendable, Equatable {
    public var name: String
    public var required: Bool
    public var meaning: String

    static let base = [
        SourceColumn(name: "record_id", required: true, meaning: "The source system's own identifier for the child; the same child keeps the same id in every file"),
        SourceColumn(name: "given_name", required: true, meaning: "Child's given name"),
        SourceColumn(name: "family_name", required: true, meaning: "Child's family name"),
        SourceColumn(name: "date_of_birth", required: true, meaning: "YYYY-MM-DD or DD/MM/YYYY"),
        SourceColumn(name: "nhs_number", required: false, meaning: "10 digits, spaces allowed; checked with Modulus 11"),
        SourceColumn(name: "sex", required: false, meaning: "female, male, indeterminate or unknown (F, M, U accepted)"),
        SourceColumn(name: "postcode", required: false, meaning: "UK postcode of the child's home"),
        SourceColumn(name: "address", required: false, meaning: "First line of the address"),
    ]
    static let parent = [
        SourceColumn(name: "parent_given_name", required: false, meaning: "Mother's (or the named parent's or carer's) given name"),
        SourceColumn(name: "parent_family_name", required: false, meaning: "Their family name"),
        SourceColumn(name: "parent_date_of_birth", required: false, meaning: "Their date of birth"),
        SourceColumn(name: "parent_nhs_number", required: false, meaning: "Their NHS number"),
        SourceColumn(name: "parent_relationship", required: false, meaning: "mother (the default), father or carer"),
    ]
    /// A booking names the mother and when the baby is due; the unborn child gets a record of
    /// their own in her household, which the birth notification later completes.
    static let antenatal = [
        SourceColumn(name: "record_id", required: true, meaning: "The maternity system's booking id; the same booking keeps it in every file"),
        SourceColumn(name: "parent_given_name", required: true, meaning: "Mother's given name"),
        SourceColumn(name: "parent_family_name", required: true, meaning: "Mother's family name"),
        SourceColumn(name: "parent_date_of_birth", required: true, meaning: "Mother's date of birth"),
        SourceColumn(name: "expected_delivery_date", required: true, meaning: "Expected date of delivery (YYYY-MM-DD or DD/MM/YYYY)"),
        SourceColumn(name: "booked_on", required: true, meaning: "Date of the booking appointment"),
        SourceColumn(name: "parent_nhs_number", required: false, meaning: "Mother's NHS number"),
        SourceColumn(name: "postcode", required: false, meaning: "UK postcode of the mother's home"),
        SourceColumn(name: "address", required: false, meaning: "First line of the address"),
    ]
    /// The family's answer on sharing birth details with children's centres, and the GP.
    static let sharing = [
        SourceColumn(name: "gp_practice", required: false, meaning: "ODS code of the registered GP practice (a letter and five digits)"),
        SourceColumn(name: "consent_childrens_centre", required: false, meaning: "Did the family agree to share birth details with children's centres? yes or no; blank if not asked"),
        SourceColumn(name: "consent_date", required: false, meaning: "Date of that answer (needed when it is given)"),
    ]
    static let birth = [
        SourceColumn(name: "birth_weight_grams", required: false, meaning: "Birth weight in grams (300–7000)"),
        SourceColumn(name: "gestation_weeks", required: false, meaning: "Gestation at birth in completed weeks (22–44)"),
    ]
}
