import Crypto

extension Sequence where Element == UInt8 {
    /// Lower-case hexadecimal, two digits a byte, from a lookup table: it runs on every
    /// request (session and token hashes), where `String(format:)` is costly.
    public var hexString: String {
        let digits = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(64)
        for byte in self {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0x0f)])
        }
        return String(decoding: out, as: UTF8.self)
    }
}

/// SHA-256 of text, as lower-case hex.
public func sha256Hex(_ text: String) -> String {
    SHA256.hash(data: Array(text.utf8)).hexString
}
