internal import CSystemd
internal import Glibc

/// Owns one sd-bus connection (`sd_bus *`), closed and freed in `deinit`. Confined to one actor.
final class BusConnection {
    private let bus: OpaquePointer

    private init(owned bus: OpaquePointer) {
        self.bus = bus
    }

    deinit {
        sd_bus_flush_close_unref(bus)
    }

    /// Connects to the system bus (`sd_bus_open_system`, honouring `DBUS_SYSTEM_BUS_ADDRESS`), or
    /// to `address` if given; every method call then times out after `callTimeout`.
    static func open(address: String?, callTimeout: Duration) throws(UnitStateReader.Error) -> BusConnection {
        var raw: OpaquePointer?
        if let address {
            try check(sd_bus_new(&raw), "sd_bus_new")
            guard let created = raw else { throw failure("sd_bus_new", -ENOMEM) }
            let connection = BusConnection(owned: created)
            try check(sd_bus_set_address(created, address), "sd_bus_set_address")
            try check(sd_bus_set_bus_client(created, 1), "sd_bus_set_bus_client")
            try check(sd_bus_set_method_call_timeout(created, callTimeout.clampedMicroseconds), "sd_bus_set_method_call_timeout")
            try check(sd_bus_start(created), "sd_bus_start")
            return connection
        }
        try check(sd_bus_open_system(&raw), "sd_bus_open_system")
        guard let opened = raw else { throw failure("sd_bus_open_system", -ENOMEM) }
        let connection = BusConnection(owned: opened)
        try check(sd_bus_set_method_call_timeout(opened, callTimeout.clampedMicroseconds), "sd_bus_set_method_call_timeout")
        return connection
    }

    /// False once the connection has closed (the peer hung up, or an I/O error).
    var isOpen: Bool { sd_bus_is_open(bus) > 0 }

    /// `Manager.LoadUnit(s) → o`: the unit's object path (loads it if needed; not-found units load too).
    func loadUnit(_ name: String) throws(UnitStateReader.Error) -> String {
        var message: OpaquePointer?
        try Self.check(sd_bus_message_new_method_call(bus, &message, "org.freedesktop.systemd1", "/org/freedesktop/systemd1",
                                                      "org.freedesktop.systemd1.Manager", "LoadUnit"),
                       "sd_bus_message_new_method_call")
        defer { sd_bus_message_unref(message) }
        let appended = name.withCString { sd_bus_message_append_basic(message, CChar(UInt8(ascii: "s")), $0) }
        try Self.check(appended, "sd_bus_message_append_basic")
        var error = sd_bus_error()
        defer { sd_bus_error_free(&error) }
        var reply: OpaquePointer?
        let rc = sd_bus_call(bus, message, 0, &error, &reply)
        defer { sd_bus_message_unref(reply) }
        guard rc >= 0 else {
            if Self.name(of: error) == "org.freedesktop.systemd1.NoSuchUnit" { throw .unitNotFound(unit: name) }
            throw Self.failure("sd_bus_call(LoadUnit)", rc, error)
        }
        var path: UnsafePointer<CChar>?
        try Self.check(sd_bus_message_read_basic(reply, CChar(UInt8(ascii: "o")), &path), "sd_bus_message_read_basic")
        guard let path else { throw Self.failure("sd_bus_message_read_basic", -EBADMSG) }
        return String(cString: path)
    }

    /// A string property (`sd_bus_get_property_string`).
    func string(_ path: String, _ interface: String, _ property: String) throws(UnitStateReader.Error) -> String {
        var error = sd_bus_error()
        defer { sd_bus_error_free(&error) }
        var value: UnsafeMutablePointer<CChar>?
        let rc = sd_bus_get_property_string(bus, "org.freedesktop.systemd1", path, interface, property, &error, &value)
        defer { free(value) }
        guard rc >= 0, let value else { throw Self.failure("sd_bus_get_property_string(\(property))", rc, error) }
        return String(cString: value)
    }

    /// A `u` (uint32) property (`sd_bus_get_property_trivial`).
    func uint32(_ path: String, _ interface: String, _ property: String) throws(UnitStateReader.Error) -> UInt32 {
        var error = sd_bus_error()
        defer { sd_bus_error_free(&error) }
        var value: UInt32 = 0
        let rc = sd_bus_get_property_trivial(bus, "org.freedesktop.systemd1", path, interface, property, &error,
                                             CChar(UInt8(ascii: "u")), &value)
        guard rc >= 0 else { throw Self.failure("sd_bus_get_property_trivial(\(property))", rc, error) }
        return value
    }

    private static func check(_ rc: Int32, _ function: String) throws(UnitStateReader.Error) {
        if rc < 0 { throw failure(function, rc) }
    }

    private static func failure(_ function: String, _ rc: Int32, _ error: sd_bus_error = sd_bus_error()) -> UnitStateReader.Error {
        .call(Systemd.Error(function: function, errno: rc == Int32.min ? Int32.max : -rc),
              busError: name(of: error), busMessage: error.message.map { String(cString: $0) })
    }

    private static func name(of error: sd_bus_error) -> String? {
        error.name.map { String(cString: $0) }
    }
}

@available(*, unavailable)
extension BusConnection: Sendable {}
