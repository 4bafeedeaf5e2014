/// What makes a password acceptable (NCSC guidance: length over complexity, and no password
/// from the lists attackers try first).
public enum PasswordPolicy {
    public static let minimumLength = 12

    /// Problems with a proposed password, worded for the person choosing it; empty when fine.
    public static func problems(_ password: String, username: String) -> [String] {
        var out: [String] = []
        if password.count < minimumLength { out.append("Password must be at least \(minimumLength) characters") }
        let lower = password.lowercased()
        let squashed = String(lower.filter { $0.isLetter || $0.isNumber })
        if common.contains(lower) || common.contains(squashed) || commonStems.contains(where: { squashed.hasPrefix($0) && squashed.count - $0.count <= 4 }) {
            out.append("Password is too common; choose three random words, for example")
        }
        if !username.isEmpty, lower.contains(username.lowercased()) { out.append("Password must not contain your username") }
        if Set(password).count <= 2 { out.append("Password must not repeat one or two characters") }
        return out
    }

    /// The most common passwords in breach corpora (NCSC PwnedPasswords top list), lower case.
    static let common: Set<String> = [
        "123456", "123456789", "qwerty", "password", "111111", "12345678", "abc123", "1234567", "password1", "12345",
        "1234567890", "123123", "000000", "iloveyou", "1234", "1q2w3e4r5t", "qwertyuiop", "123", "monkey", "dragon",
        "letmein", "football", "welcome", "sunshine", "princess", "liverpool", "chelsea", "arsenal", "passw0rd",
        "password123", "password1234", "qwerty123", "welcome123", "changeme", "admin123", "trustno1", "superman",
        "baseball", "shadow", "master", "michael", "charlie", "jordan23", "summer2024", "winter2024", "spring2025",
        "password12345", "qwertyuiop123", "abcdefghijkl", "aaaaaaaaaaaa", "123456789012", "iloveyou1234", "letmein12345",
    ]

    /// Words that, with a few digits or symbols added, are still among the first guesses.
    static let commonStems = ["password", "qwerty", "letmein", "welcome", "iloveyou", "football", "liverpool", "chelsea",
                              "arsenal", "monkey", "dragon", "sunshine", "princess", "changeme", "admin"]
}
