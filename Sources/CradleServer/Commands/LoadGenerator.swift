import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Drives a running Cradle over loopback with a fixed number of concurrent clients and
/// records every request's latency, for `cradle bench`.
///
/// Each client is a thread with one keep-alive connection and blocking reads: on a 2-core
/// machine the load generator shares the CPU with the server, and blocking threads cost
/// little more than the system calls (an event-loop HTTP client costs far more for the same
/// load), so what is measured is mostly the server.
struct LoadGenerator {
    struct Result {
        var name: String
        var latencies: [Double]   // seconds, sorted
        var seconds: Double
        var errors: Int
        /// The server's CPU seconds over the run, when it was measured.
        var serverCPU: Double? = nil

        func percentile(_ p: Double) -> Double {
            guard !latencies.isEmpty else { return .nan }
            let i = min(latencies.count - 1, Int((Double(latencies.count) * p).rounded(.up)) - 1)
            return latencies[max(0, i)] * 1000
        }
        var throughput: Double { Double(latencies.count) / seconds }

        var line: String {
            let cpu = serverCPU.map { String(format: "  server CPU %5.0f µs/req", $0 / Double(max(1, latencies.count)) * 1e6) } ?? ""
            return String(format: "%-12@ %8d req  %7.0f req/s  p50 %6.1f ms  p95 %6.1f ms  p99 %6.1f ms  errors %d",
                          name as NSString, latencies.count, throughput, percentile(0.5), percentile(0.95), percentile(0.99), errors) + cpu
        }
    }

    let port: Int
    let clients: Int
    let duration: Double

    /// Each client loops over `paths` (offset by its index) until time is up. `headers(c)`
    /// gives client c's extra header lines (a session cookie or a bearer token).
    func run(_ name: String, paths: [String], headers: @escaping @Sendable (Int) -> [(String, String)]) async -> Result {
        let started = Date()
        let deadline = DispatchTime.now().uptimeNanoseconds + UInt64(duration * 1e9)
        let (latencies, errors) = await withTaskGroup(of: ([Double], Int).self) { group in
            for c in 0..<clients {
                group.addTask {
                    await withCheckedContinuation { continuation in
                        let thread = Thread {
                            continuation.resume(returning: Self.client(c, port: port, paths: paths, headers: headers(c), deadline: deadline))
                        }
                        thread.stackSize = 1 << 20
                        thread.start()
                    }
                }
            }
            var all: [Double] = []
            var errors = 0
            for await (l, e) in group { all += l; errors += e }
            return (all, errors)
        }
        return Result(name: name, latencies: latencies.sorted(), seconds: Date().timeIntervalSince(started), errors: errors)
    }

    private static func client(_ c: Int, port: Int, paths: [String], headers: [(String, String)], deadline: UInt64) -> ([Double], Int) {
        var mine: [Double] = []
        mine.reserveCapacity(1 << 14)
        var errors = 0
        var i = c * 7919 % max(1, paths.count)
        let extra = headers.map { "\($0.0): \($0.1)\r\n" }.joined()
        var connection: LoopbackConnection?
        while DispatchTime.now().uptimeNanoseconds < deadline {
            let request = Array("GET \(paths[i]) HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\n\(extra)\r\n".utf8)
            let t0 = DispatchTime.now().uptimeNanoseconds
            do {
                if connection == nil { connection = try LoopbackConnection(port: port) }
                if try connection!.exchange(request) != 200 { errors += 1 }
            } catch {
                errors += 1
                connection = nil
            }
            mine.append(Double(DispatchTime.now().uptimeNanoseconds - t0) / 1e9)
            i = (i + 1) % paths.count
        }
        return (mine, errors)
    }
}

/// One keep-alive HTTP/1.1 connection to 127.0.0.1 that sends a request and reads the
/// whole response (Content-Length or chunked body), returning the status code.
final class LoopbackConnection {
    struct Failure: Error, CustomStringConvertible { var description: String }

    private let fd: Int32
    private var buffer = [UInt8](repeating: 0, count: 1 << 16)
    private var pending: [UInt8] = []

    init(port: Int) throws {
        fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw Failure(description: "socket: errno \(errno)") }
        var one: Int32 = 1
        setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else { close(fd); throw Failure(description: "connect: errno \(errno)") }
    }

    deinit { close(fd) }

    func exchange(_ request: [UInt8]) throws -> Int {
        var sent = 0
        while sent < request.count {
            let n = request.withUnsafeBytes { send(fd, $0.baseAddress! + sent, request.count - sent, Int32(MSG_NOSIGNAL)) }
            guard n > 0 else { throw Failure(description: "send: errno \(errno)") }
            sent += n
        }
        let head = try readHead()
        let text = String(decoding: head, as: UTF8.self)
        let lines = text.split(separator: "\r\n")
        guard let statusLine = lines.first, let status = Int(statusLine.split(separator: " ").dropFirst().first ?? "") else {
            throw Failure(description: "malformed status line")
        }
        var length: Int?
        var chunked = false
        for line in lines.dropFirst() {
            let lower = line.lowercased()
            if lower.hasPrefix("content-length:") { length = Int(lower.dropFirst(15).trimmingCharacters(in: .whitespaces)) }
            if lower.hasPrefix("transfer-encoding:") && lower.contains("chunked") { chunked = true }
        }
        if chunked { try skipChunked() } else { try skip(length ?? 0) }
        return status
    }

    private func fill() throws {
        let n = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress!, $0.count, 0) }
        guard n > 0 else { throw Failure(description: n == 0 ? "connection closed" : "recv: errno \(errno)") }
        pending.append(contentsOf: buffer[0..<n])
    }

    private func readLine(terminator: [UInt8]) throws -> [UInt8] {
        var searchFrom = 0
        while true {
            if pending.count >= terminator.count {
                for start in searchFrom...(pending.count - terminator.count) where pending[start] == terminator[0] {
                    if Array(pending[start..<start + terminator.count]) == terminator {
                        let line = Array(pending[0..<start])
                        pending.removeFirst(start + terminator.count)
                        return line
                    }
                }
                searchFrom = pending.count - terminator.count + 1
            }
            try fill()
        }
    }

    private func readHead() throws -> [UInt8] { try readLine(terminator: Array("\r\n\r\n".utf8)) }

    private func skip(_ count: Int) throws {
        while pending.count < count { try fill() }
        pending.removeFirst(count)
    }

    private func skipChunked() throws {
        while true {
            let sizeLine = String(decoding: try readLine(terminator: [13, 10]), as: UTF8.self)
            guard let size = Int(sizeLine.split(separator: ";").first ?? "", radix: 16) else {
                throw Failure(description: "malformed chunk size")
            }
            try skip(size + 2)
            if size == 0 { return }
        }
    }
}
