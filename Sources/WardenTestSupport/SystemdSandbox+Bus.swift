internal import Foundation

extension SystemdSandbox {
    static let manager = ["org.freedesktop.systemd1", "/org/freedesktop/systemd1", "org.freedesktop.systemd1.Manager"]

    /// The nested system bus, as `DBUS_SYSTEM_BUS_ADDRESS` for `busctl` on the host.
    public var busAddress: String {
        "unix:path=\(directory.appendingPathComponent("run/dbus/system_bus_socket").path)"
    }

    /// Everything systemd and its services wrote to the console so far.
    public var consoleLog: String {
        (try? String(contentsOf: directory.appendingPathComponent("console.log"), encoding: .utf8)) ?? ""
    }

    /// `busctl ARGUMENTS` against the nested bus; throws unless it exits 0.
    @discardableResult
    public func busctl(_ arguments: [String]) async throws -> String {
        let r = try await Self.run("/usr/bin/busctl", arguments, environment: ["DBUS_SYSTEM_BUS_ADDRESS": busAddress])
        guard r.status == 0, !r.timedOut else { throw Error(description: "busctl \(arguments.joined(separator: " ")): \(r)") }
        return r.stdout
    }

    /// `ARGUMENTS` run inside every namespace of the sandbox (`nsenter -t PID1 -a`), e.g. `systemctl status x`.
    public func inside(_ arguments: [String], timeout: Duration = .seconds(10)) async throws -> Output {
        try await Self.run("/usr/bin/nsenter", ["-t", "\(pid1)", "-a"] + arguments, timeout: timeout)
    }

    /// Writes `units/NAME` and has systemd reload its units.
    public func install(unit name: String, contents: String) async throws {
        try contents.write(to: directory.appendingPathComponent("units").appendingPathComponent(name),
                           atomically: true, encoding: .utf8)
        try await busctl(["call"] + Self.manager + ["Reload"])
    }

    /// Queues a start job (`StartUnit NAME replace`); returns at once.
    public func start(unit name: String) async throws {
        try await busctl(["call"] + Self.manager + ["StartUnit", "ss", name, "replace"])
    }

    /// Queues a stop job (`StopUnit NAME replace`); returns at once.
    public func stop(unit name: String) async throws {
        try await busctl(["call"] + Self.manager + ["StopUnit", "ss", name, "replace"])
    }

    /// One D-Bus property of a unit, without its type letter and quotes: `active`, `0`, `watchdog`.
    /// - Parameter interface: `Unit` (ActiveState, SubState) or `Service` (NRestarts, Result, StatusText, …).
    public func property(_ unit: String, _ name: String, interface: String = "Unit") async throws -> String {
        let text = try await busctl(["get-property", "org.freedesktop.systemd1", Self.objectPath(unit: unit),
                                     "org.freedesktop.systemd1.\(interface)", name])
        return Self.value(ofProperty: text)
    }

    /// Several properties of one interface in one call, in the order asked (`Unit` or `Service`).
    public func properties(_ unit: String, _ names: [String], interface: String = "Service") async throws -> [String: String] {
        let text = try await busctl(["get-property", "org.freedesktop.systemd1", Self.objectPath(unit: unit),
                                     "org.freedesktop.systemd1.\(interface)"] + names)
        let values = text.split(separator: "\n", omittingEmptySubsequences: false).prefix(names.count).map { Self.value(ofProperty: String($0)) }
        guard values.count == names.count else { throw Error(description: "busctl get-property \(names): \(text)") }
        return Dictionary(uniqueKeysWithValues: zip(names, values))
    }

    /// A `Service` property; see `property(_:_:interface:)`.
    public func serviceProperty(_ unit: String, _ name: String) async throws -> String {
        try await property(unit, name, interface: "Service")
    }

    /// The journal (in the sandbox's `/run/log/journal`), read from the host: `journalctl -D … ARGUMENTS`.
    public func journal(_ arguments: [String]) async throws -> String {
        let r = try await Self.run("/usr/bin/journalctl",
                                   ["-D", directory.appendingPathComponent("run/log/journal").path, "--no-pager"] + arguments)
        guard r.status == 0, !r.timedOut else { throw Error(description: "journalctl \(arguments.joined(separator: " ")): \(r)") }
        return r.stdout
    }

    /// systemd's object path for a unit: bytes other than `[A-Za-z0-9]` become `_xx` (hex).
    public static func objectPath(unit: String) -> String {
        var path = "/org/freedesktop/systemd1/unit/"
        for byte in unit.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"):
                path.append(Character(Unicode.Scalar(byte)))
            default:
                path += "_" + String(byte, radix: 16).leftPadded(to: 2)
            }
        }
        return path
    }

    /// `s "active"` → `active`; `t 3` → `3`.
    static func value(ofProperty text: String) -> String {
        var rest = Substring(text.trimmingCharacters(in: .whitespacesAndNewlines))
        if let space = rest.firstIndex(of: " ") { rest = rest[rest.index(after: space)...] }
        if rest.hasPrefix("\""), rest.hasSuffix("\""), rest.count >= 2 { rest = rest.dropFirst().dropLast() }
        return String(rest)
    }
}

extension String {
    fileprivate func leftPadded(to width: Int) -> String {
        String(repeating: "0", count: Swift.max(0, width - count)) + self
    }
}
