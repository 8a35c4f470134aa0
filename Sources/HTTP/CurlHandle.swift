internal import CCurl

/// Owns one `CURL *` easy handle and its error buffer. Confined to the `HTTPClient` actor that made it.
final class CurlHandle {
    private let raw: UnsafeMutableRawPointer
    /// `CURLOPT_ERRORBUFFER`: curl writes a NUL-terminated detail message here on failure.
    private let errorBuffer: UnsafeMutablePointer<CChar>

    /// Takes ownership of `raw`, which must come from `curl_easy_init`.
    init(owned raw: UnsafeMutableRawPointer) {
        self.raw = raw
        self.errorBuffer = .allocate(capacity: Int(CURL_ERROR_SIZE) + 1)
        self.errorBuffer.initialize(repeating: 0, count: Int(CURL_ERROR_SIZE) + 1)
    }

    /// A new easy handle, after the one-time global initialisation.
    static func make() throws(Curl.Error) -> CurlHandle {
        let initCode = CURLcode(Curl.globalInitCode)
        guard initCode == CURLE_OK else { throw Curl.Error(function: "curl_global_init", code: initCode, url: nil) }
        guard let raw = curl_easy_init() else {
            throw Curl.Error(reason: "internal", description: "curl_easy_init returned NULL")
        }
        return CurlHandle(owned: raw)
    }

    deinit {
        curl_easy_cleanup(raw)
        errorBuffer.deallocate()
    }

    /// Clears every option (keeping live connections and caches) and re-attaches the error buffer.
    func reset() throws(Curl.Error) {
        curl_easy_reset(raw)
        errorBuffer[0] = 0
        try check(warden_curl_setopt_pointer(raw, CURLOPT_ERRORBUFFER, errorBuffer), "CURLOPT_ERRORBUFFER")
    }

    func set(_ option: CURLoption, _ value: Int, _ name: String) throws(Curl.Error) {
        try check(warden_curl_setopt_long(raw, option, value), name)
    }

    func set(_ option: CURLoption, offset value: Int, _ name: String) throws(Curl.Error) {
        try check(warden_curl_setopt_off_t(raw, option, curl_off_t(value)), name)
    }

    /// Sets a string option; curl copies it.
    func set(_ option: CURLoption, _ value: String, _ name: String) throws(Curl.Error) {
        try check(value.withCString { warden_curl_setopt_string(raw, option, $0) }, name)
    }

    /// Sets `CURLOPT_COPYPOSTFIELDS` (after `CURLOPT_POSTFIELDSIZE_LARGE`): curl copies the bytes.
    func set(_ option: CURLoption, copying bytes: [UInt8], _ name: String) throws(Curl.Error) {
        guard !bytes.isEmpty else { return try set(option, "", name) }
        let code = bytes.withUnsafeBytes {
            warden_curl_setopt_pointer(raw, option, UnsafeMutableRawPointer(mutating: $0.baseAddress))
        }
        try check(code, name)
    }

    func set(_ option: CURLoption, pointer value: UnsafeMutableRawPointer?, _ name: String) throws(Curl.Error) {
        try check(warden_curl_setopt_pointer(raw, option, value), name)
    }

    func set(_ option: CURLoption, list value: UnsafeMutablePointer<curl_slist>?, _ name: String) throws(Curl.Error) {
        try check(warden_curl_setopt_slist(raw, option, value), name)
    }

    /// Sets a write-style callback (`CURLOPT_WRITEFUNCTION`, `CURLOPT_HEADERFUNCTION`).
    func set(
        _ option: CURLoption,
        callback: @convention(c) (UnsafeMutablePointer<CChar>?, Int, Int, UnsafeMutableRawPointer?) -> Int,
        _ name: String
    ) throws(Curl.Error) {
        try check(warden_curl_setopt_write_function(raw, option, callback), name)
    }

    /// Runs the transfer; blocks the calling thread for up to `CURLOPT_TIMEOUT_MS`.
    func perform() -> CURLcode { curl_easy_perform(raw) }

    /// curl's detail message for the last failure, or "".
    var errorDetail: String { String(cString: errorBuffer) }

    func info(long info: CURLINFO) -> Int? {
        var value = 0
        return warden_curl_getinfo_long(raw, info, &value) == CURLE_OK ? value : nil
    }

    func info(offset info: CURLINFO) -> Int64? {
        var value: curl_off_t = 0
        return warden_curl_getinfo_off_t(raw, info, &value) == CURLE_OK ? Int64(value) : nil
    }

    private func check(_ code: CURLcode, _ option: String) throws(Curl.Error) {
        guard code == CURLE_OK else {
            throw Curl.Error(function: "curl_easy_setopt(\(option))", code: code, url: nil)
        }
    }
}

@available(*, unavailable)
extension CurlHandle: Sendable {}
