internal import COpenSSL

/// HMAC-SHA256 through OpenSSL's libcrypto, as Binance signs requests.
public enum HMACSHA256 {
    /// The lower-case hex digest of `message` under `key`.
    public static func hex(key: some Collection<UInt8>, message: some Collection<UInt8>) -> String {
        let digest = mac(key: Array(key), message: Array(message))
        let digits = Array("0123456789abcdef".utf8)
        var out = [UInt8]()
        out.reserveCapacity(digest.count * 2)
        for byte in digest {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// The raw 32-byte digest.
    public static func mac(key: [UInt8], message: [UInt8]) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: Int(EVP_MAX_MD_SIZE))
        var length: UInt32 = 0
        let result = key.withUnsafeBytes { k in
            message.withUnsafeBytes { m in
                out.withUnsafeMutableBufferPointer { o in
                    // A zero-length buffer may have a nil base address; OpenSSL wants a pointer.
                    HMAC(EVP_sha256(), k.baseAddress ?? UnsafeRawPointer(bitPattern: 1), Int32(k.count),
                         m.baseAddress?.assumingMemoryBound(to: UInt8.self) ?? UnsafePointer(bitPattern: 1), m.count,
                         o.baseAddress, &length)
                }
            }
        }
        // HMAC with SHA-256 only fails on allocation failure inside OpenSSL.
        precondition(result != nil && length == 32, "HMAC-SHA256 failed in libcrypto")
        return Array(out[0..<Int(length)])
    }
}
