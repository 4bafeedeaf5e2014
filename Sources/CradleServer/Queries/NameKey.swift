/// What name search compares: lower case, letters and digits only, so that "O'Brien",
/// "o brien" and "OBRIEN" all find the same person.
func nameKey(_ name: String) -> String {
    String(name.lowercased().unicodeScalars.filter { $0.properties.isAlphabetic || ("0"..."9").contains($0) }.map(Character.init))
}
