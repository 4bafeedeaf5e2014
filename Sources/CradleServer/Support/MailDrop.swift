import Foundation

/// Mail Cradle sends (a family's sign-in link), written as RFC 5322 messages, one file each,
/// into a directory the council's mail relay sends from: Cradle holds no mail credentials,
/// and a message waits there if the relay is down. Each file appears whole (written, then renamed).
struct MailDrop: Sendable {
    var directory: String
    var from: String

    @discardableResult
    func send(to: String, subject: String, body: String, now: Date = Date()) throws -> String {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let date = DateFormatter.rfc5322.string(from: now)
        let message = [
            "From: \(from)", "To: \(to)", "Subject: \(subject)", "Date: \(date)",
            "Message-ID: <\(UUID().uuidString.lowercased())@cradle>", "MIME-Version: 1.0",
            "Content-Type: text/plain; charset=utf-8", "Content-Transfer-Encoding: 8bit", "", body.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\n", with: "\r\n"), "",
        ].joined(separator: "\r\n")
        let name = "\(Int(now.timeIntervalSince1970 * 1000))-\(UUID().uuidString.lowercased()).eml"
        let path = directory + "/" + name
        let partial = directory + "/." + name + ".partial"
        try Data(message.utf8).write(to: URL(fileURLWithPath: partial))
        try FileManager.default.moveItem(atPath: partial, toPath: path)
        return path
    }
}

extension DateFormatter {
    static let rfc5322: DateFormatter = {
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.timeZone = TimeZone(identifier: "UTC")
        f.dateFormat = "EEE, dd MMM yyyy HH:mm:ss '+0000'"
        return f
    }()
}
