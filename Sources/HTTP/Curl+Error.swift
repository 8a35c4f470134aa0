internal import CCurl

extension Curl {
    /// A transfer that produced no HTTP response. A 4xx/5xx answer is a response, not an error.
    public struct Error: Swift.Error, CustomStringConvertible {
        /// Why it failed, from `Curl.Error.reasons`: bounded and safe as a metric label.
        public let reason: String
        /// The curl function, CURLcode, curl's text and the URL's origin; never its path or query.
        public let description: String

        /// Every value `reason` takes.
        public static let reasons: Set<String> = [
            "bad_url", "resolve", "connect", "timeout", "tls", "send", "receive", "too_large", "internal",
        ]

        init(reason: String, description: String) {
            precondition(Self.reasons.contains(reason), "unknown Curl.Error reason \(reason)")
            self.reason = reason
            self.description = description
        }

        /// An error for `function` returning `code`; `detail` (curl's error buffer) is scrubbed of `url`.
        init(function: String, code: CURLcode, detail: String = "", url: String?, exceededLimit: Bool = false) {
            let text = curl_easy_strerror(code).map { String(cString: $0) } ?? "unknown"
            var description = "\(function) failed: CURLcode \(code.rawValue) (\(text))"
            if let url {
                if !detail.isEmpty { description += ": \(Curl.redact(detail, url: url))" }
                description += " [\(Curl.origin(of: url))]"
            }
            self.init(reason: exceededLimit ? "too_large" : Self.reason(for: code), description: description)
        }

        /// Maps a CURLcode onto the fixed reason set.
        static func reason(for code: CURLcode) -> String {
            switch code {
            case CURLE_UNSUPPORTED_PROTOCOL, CURLE_URL_MALFORMAT:
                "bad_url"
            case CURLE_COULDNT_RESOLVE_HOST, CURLE_COULDNT_RESOLVE_PROXY:
                "resolve"
            case CURLE_COULDNT_CONNECT:
                "connect"
            case CURLE_OPERATION_TIMEDOUT:
                "timeout"
            case CURLE_SSL_CONNECT_ERROR, CURLE_PEER_FAILED_VERIFICATION, CURLE_SSL_CERTPROBLEM, CURLE_SSL_CIPHER,
                CURLE_SSL_ENGINE_NOTFOUND, CURLE_SSL_ENGINE_SETFAILED, CURLE_SSL_ENGINE_INITFAILED,
                CURLE_SSL_CACERT_BADFILE, CURLE_SSL_SHUTDOWN_FAILED, CURLE_SSL_CRL_BADFILE, CURLE_SSL_ISSUER_ERROR,
                CURLE_SSL_PINNEDPUBKEYNOTMATCH, CURLE_SSL_INVALIDCERTSTATUS, CURLE_SSL_CLIENTCERT:
                "tls"
            case CURLE_SEND_ERROR:
                "send"
            case CURLE_RECV_ERROR, CURLE_GOT_NOTHING, CURLE_PARTIAL_FILE, CURLE_WEIRD_SERVER_REPLY, CURLE_HTTP2,
                CURLE_HTTP2_STREAM:
                "receive"
            case CURLE_FILESIZE_EXCEEDED:
                "too_large"
            default:
                "internal"
            }
        }
    }
}
