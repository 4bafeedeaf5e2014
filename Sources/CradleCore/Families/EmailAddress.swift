/// An email address as a family registers it: one address, compared without regard to case.
public enum EmailAddress {
    public static func normalised(_ raw: String) -> String? {
        let s = raw.trimmingCharacters(in: .whitespaces).lowercased()
        let parts = s.split(separator: "@", omittingEmptySubsequences: false)
        guard s.count <= 254, parts.count == 2, !parts[0].isEmpty, parts[1].contains("."), !parts[1].hasPrefix("."), !parts[1].hasSuffix("."),
              !s.contains(where: { $0.isWhitespace || $0 == "<" || $0 == ">" || $0 == "," || $0 == ";" || $0 == "\"" }) else { return nil }
        return s
    }
}

/// A practitioner giving a parent or carer access to their family's record: one of the
/// family's adults, and the email address they gave.
public struct FamilyAccessInput: Sendable, Equatable {
    public var personId: Int64
    public var email: String

    /// `adults`: the family's adults; anyone else is refused.
    public static func validate(_ fields: [String: String], adults: Set<Int64>) -> Result<FamilyAccessInput, FieldErrors> {
        var e = FieldErrors()
        let person = Int64(fields["personId"] ?? "").flatMap { adults.contains($0) ? $0 : nil }
        if person == nil { e.add("personId", "Choose the parent or carer in this family") }
        let email = EmailAddress.normalised(fields["email"] ?? "")
        if email == nil { e.add("email", "Enter the email address they gave, like name@example.com") }
        guard e.isEmpty, let person, let email else { return .failure(e) }
        return .success(FamilyAccessInput(personId: person, email: email))
    }
}
