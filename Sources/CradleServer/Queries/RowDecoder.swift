import SQLKit

/// Decodes a result row into a `Decodable` struct whose camelCase properties name
/// snake_case columns (`familyName` reads `family_name`), on SQLite and PostgreSQL alike.
///
/// SQLKit's own `SQLRowDecoder` does the same through a general key strategy: for every
/// column of every row it builds a coding path, converts the key and looks the column up
/// three times for an optional. Decoding was a tenth of the record page's CPU; this reads
/// each column with at most two lookups and converts names without allocating.
struct RowDecoder: Sendable {
    func decode<D: Decodable>(_ type: D.Type, from row: any SQLRow) throws -> D {
        try D(from: RowDecoding(row: row))
    }

    /// `familyName` → `family_name`. Names without capitals come back as they are.
    static func column(_ property: String) -> String {
        var capitals = 0
        for b in property.utf8 where b &- 65 < 26 { capitals += 1 }
        guard capitals > 0 else { return property }
        let count = property.utf8.count + capitals
        return String(unsafeUninitializedCapacity: count) { out in
            var i = 0
            for b in property.utf8 {
                if b &- 65 < 26 {
                    out[i] = 95
                    out[i + 1] = b + 32
                    i += 2
                } else {
                    out[i] = b
                    i += 1
                }
            }
            return i
        }
    }
}

private struct RowDecoding: Decoder {
    let row: any SQLRow
    var codingPath: [any CodingKey] { [] }
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        KeyedDecodingContainer(Columns<Key>(row: row))
    }

    func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
        throw DecodingError.typeMismatch([Any].self, .init(codingPath: [], debugDescription: "A row is read by column name, not as a list"))
    }

    func singleValueContainer() throws -> any SingleValueDecodingContainer {
        throw DecodingError.typeMismatch(Any.self, .init(codingPath: [], debugDescription: "A row is read by column name, not as one value"))
    }
}

private struct Columns<Key: CodingKey>: KeyedDecodingContainerProtocol {
    let row: any SQLRow
    var codingPath: [any CodingKey] { [] }
    /// Each column as its property name (`family_name` → `familyName`).
    var allKeys: [Key] {
        row.allColumns.compactMap { column in
            let words = column.split(separator: "_")
            return Key(stringValue: (words.first.map(String.init) ?? "") + words.dropFirst().map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined())
        }
    }

    private func name(_ key: Key) -> String { RowDecoder.column(key.stringValue) }

    func contains(_ key: Key) -> Bool { row.contains(column: name(key)) }
    func decodeNil(forKey key: Key) throws -> Bool { try row.decodeNil(column: name(key)) }

    func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T { try decode(type, key) }
    func decode(_ type: Bool.Type, forKey key: Key) throws -> Bool { try decode(type, key) }
    func decode(_ type: String.Type, forKey key: Key) throws -> String { try decode(type, key) }
    func decode(_ type: Double.Type, forKey key: Key) throws -> Double { try decode(type, key) }
    func decode(_ type: Float.Type, forKey key: Key) throws -> Float { try decode(type, key) }
    func decode(_ type: Int.Type, forKey key: Key) throws -> Int { try decode(type, key) }
    func decode(_ type: Int8.Type, forKey key: Key) throws -> Int8 { try decode(type, key) }
    func decode(_ type: Int16.Type, forKey key: Key) throws -> Int16 { try decode(type, key) }
    func decode(_ type: Int32.Type, forKey key: Key) throws -> Int32 { try decode(type, key) }
    func decode(_ type: Int64.Type, forKey key: Key) throws -> Int64 { try decode(type, key) }
    func decode(_ type: UInt.Type, forKey key: Key) throws -> UInt { try decode(type, key) }
    func decode(_ type: UInt8.Type, forKey key: Key) throws -> UInt8 { try decode(type, key) }
    func decode(_ type: UInt16.Type, forKey key: Key) throws -> UInt16 { try decode(type, key) }
    func decode(_ type: UInt32.Type, forKey key: Key) throws -> UInt32 { try decode(type, key) }
    func decode(_ type: UInt64.Type, forKey key: Key) throws -> UInt64 { try decode(type, key) }

    func decodeIfPresent<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T? { try optional(type, key) }
    func decodeIfPresent(_ type: Bool.Type, forKey key: Key) throws -> Bool? { try optional(type, key) }
    func decodeIfPresent(_ type: String.Type, forKey key: Key) throws -> String? { try optional(type, key) }
    func decodeIfPresent(_ type: Double.Type, forKey key: Key) throws -> Double? { try optional(type, key) }
    func decodeIfPresent(_ type: Int.Type, forKey key: Key) throws -> Int? { try optional(type, key) }
    func decodeIfPresent(_ type: Int64.Type, forKey key: Key) throws -> Int64? { try optional(type, key) }

    func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type, forKey key: Key) throws -> KeyedDecodingContainer<NestedKey> {
        throw DecodingError.typeMismatch(type, .init(codingPath: [key], debugDescription: "Columns do not nest"))
    }
    func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer {
        throw DecodingError.typeMismatch([Any].self, .init(codingPath: [key], debugDescription: "Columns do not nest"))
    }
    func superDecoder() throws -> any Decoder { RowDecoding(row: row) }
    func superDecoder(forKey key: Key) throws -> any Decoder { RowDecoding(row: row) }

    // Every requirement above reads through these two, each overload with its own type.
    private func decode<T: Decodable>(_ type: T.Type, _ key: Key) throws -> T {
        try row.decode(column: name(key), as: T.self)
    }
    /// A column that is absent or NULL is nil. `decodeNil` answers both in one lookup on
    /// SQLite (absent reads as NULL); PostgreSQL throws for an absent column.
    private func optional<T: Decodable>(_ type: T.Type, _ key: Key) throws -> T? {
        let column = name(key)
        guard let isNull = try? row.decodeNil(column: column), !isNull else { return nil }
        return try row.decode(column: column, as: T.self)
    }
}

extension SQLQueryFetcher {
    func all<D: Decodable>(decoding type: D.Type, with decoder: RowDecoder) async throws -> [D] {
        try await all().map { try decoder.decode(D.self, from: $0) }
    }

    func first<D: Decodable>(decoding type: D.Type, with decoder: RowDecoder) async throws -> D? {
        try await first().map { try decoder.decode(D.self, from: $0) }
    }
}
