/// Problems with submitted input, keyed by field name, each worded so the person can fix it.
/// Input is validated whole: either every field is good or nothing is stored.
public struct FieldErrors: Error, Sendable, Equatable {
    public private(set) var messages: [(field: String, message: String)] = []

    public init() {}

    public var isEmpty: Bool { messages.isEmpty }

    public mutating func add(_ field: String, _ message: String) {
        messages.append((field, message))
    }

    public subscript(field: String) -> String? {
        messages.first { $0.field == field }?.message
    }

    public static func == (a: FieldErrors, b: FieldErrors) -> Bool {
        a.messages.map { "\($0.field)=\($0.message)" } == b.messages.map { "\($0.field)=\($0.message)" }
    }
}

/// Reads raw form or JSON fields into typed values, collecting every problem rather than
/// stopping at the first, so a form can show them all beside their fields.
public struct FieldReader: Sendable {
    public var errors = FieldErrors()
    let values: [String: String]

    public init(_ values: [String: String]) { self.values = values }

    func raw(_ field: String) -> String? {
        guard let v = values[field]?.trimmingCharacters(in: .whitespaces), !v.isEmpty else { return nil }
        return v
    }

    /// The values of a field sent as a comma-separated list (a checkbox group or multi-select), blanks dropped.
    public func list(_ field: String) -> [String] {
        (values[field] ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    public mutating func text(_ field: String, label: String, required: Bool = true, max: Int = 100) -> String? {
        guard let v = raw(field) else {
            if required { errors.add(field, "Enter \(label.lowercased())") }
            return nil
        }
        // Printable ASCII (nearly every value) is one character a byte, none of them control.
        let plain = ASCIIText.isPrintable(v)
        guard plain ? v.utf8.count <= max : v.count <= max else {
            errors.add(field, "\(label) must be \(max) characters or fewer")
            return nil
        }
        guard plain || !v.unicodeScalars.contains(where: { $0.properties.generalCategory == .control && $0 != "\n" && $0 != "\r" && $0 != "\t" }) else {
            errors.add(field, "\(label) contains characters that cannot be stored")
            return nil
        }
        return v
    }

    public mutating func choice<V: Vocabulary>(_ field: String, label: String, as: V.Type, required: Bool = true) -> V? {
        guard let v = raw(field) else {
            if required { errors.add(field, "Select \(label.lowercased())") }
            return nil
        }
        guard let value = V(rawValue: v) else {
            errors.add(field, "\(label) must be one of: " + V.allCases.map(\.rawValue).joined(separator: ", "))
            return nil
        }
        return value
    }

    public mutating func integer(_ field: String, label: String, range: ClosedRange<Int>, required: Bool = false) -> Int? {
        guard let v = raw(field) else {
            if required { errors.add(field, "Enter \(label.lowercased())") }
            return nil
        }
        guard let n = Int(v) else { errors.add(field, "\(label) must be a whole number"); return nil }
        guard range.contains(n) else {
            errors.add(field, "\(label) must be between \(range.lowerBound) and \(range.upperBound)")
            return nil
        }
        return n
    }

    /// A decimal score such as 12 or 12.5.
    public mutating func number(_ field: String, label: String, required: Bool = false) -> Double? {
        guard let v = raw(field) else {
            if required { errors.add(field, "Enter \(label.lowercased())") }
            return nil
        }
        guard let n = Double(v), n.isFinite, abs(n) < 1_000_000 else { errors.add(field, "\(label) must be a number, like 12 or 12.5"); return nil }
        return n
    }

    public mutating func day(_ field: String, label: String, required: Bool = false, notAfter: Day? = nil, notBefore: Day? = nil) -> Day? {
        guard let v = raw(field) else {
            if required { errors.add(field, "Enter \(label.lowercased())") }
            return nil
        }
        let d: Day
        do { d = try Day(v) } catch {
            errors.add(field, "\(label) must be a real date, like 2025-03-27")
            return nil
        }
        if let limit = notAfter, d > limit {
            errors.add(field, "\(label) must be today or in the past")
            return nil
        }
        if let limit = notBefore, d < limit {
            errors.add(field, "\(label) must be on or after \(limit.display)")
            return nil
        }
        return d
    }

    public mutating func nhsNumber(_ field: String, required: Bool = false) -> NHSNumber? {
        guard let v = raw(field) else {
            if required { errors.add(field, "Enter the NHS number") }
            return nil
        }
        do { return try NHSNumber(v) } catch {
            errors.add(field, error.description)
            return nil
        }
    }

    public mutating func postcode(_ field: String, required: Bool = false) -> Postcode? {
        guard let v = raw(field) else {
            if required { errors.add(field, "Enter the postcode") }
            return nil
        }
        do { return try Postcode(v) } catch {
            errors.add(field, error.description)
            return nil
        }
    }

    public mutating func identifier(_ field: String, label: String, required: Bool = true) -> Int64? {
        guard let v = raw(field) else {
            if required { errors.add(field, "Select \(label.lowercased())") }
            return nil
        }
        guard let n = Int64(v), n > 0 else { errors.add(field, "\(label) is not a known record"); return nil }
        return n
    }
}
