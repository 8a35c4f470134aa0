internal import CCurl

extension CurlHandle {
    /// Performs `request` on this handle, blocking the calling thread for at most its total timeout.
    func perform(_ request: HTTPRequest) throws(Curl.Error) -> HTTPResponse {
        var headerList: UnsafeMutablePointer<curl_slist>? = nil
        defer { curl_slist_free_all(headerList) }
        let transfer = CurlTransfer(limit: request.maxResponseBytes)

        try reset()
        try configure(for: request, transfer: transfer)
        headerList = try Self.headerList(for: request)
        try set(CURLOPT_HTTPHEADER, list: headerList, "CURLOPT_HTTPHEADER")

        let code = withExtendedLifetime(transfer) { perform() }
        guard code == CURLE_OK else {
            throw Curl.Error(
                function: "curl_easy_perform", code: code, detail: errorDetail, url: request.url,
                exceededLimit: code == CURLE_WRITE_ERROR && transfer.exceededLimit
            )
        }
        return HTTPResponse(
            status: info(long: CURLINFO_RESPONSE_CODE) ?? 0,
            headers: transfer.headers,
            body: transfer.body,
            totalTime: .microseconds(info(offset: CURLINFO_TOTAL_TIME_T) ?? 0)
        )
    }

    /// Sets every option a request needs; the handle was just reset.
    private func configure(for request: HTTPRequest, transfer: CurlTransfer) throws(Curl.Error) {
        guard !request.url.contains("\0") else {
            throw Curl.Error(reason: "bad_url", description: "URL contains NUL [\(Curl.origin(of: request.url))]")
        }
        try set(CURLOPT_URL, request.url, "CURLOPT_URL")
        try set(CURLOPT_NOSIGNAL, 1, "CURLOPT_NOSIGNAL")
        try set(CURLOPT_TIMEOUT_MS, request.totalTimeout.curlMilliseconds, "CURLOPT_TIMEOUT_MS")
        try set(CURLOPT_CONNECTTIMEOUT_MS, request.connectTimeout.curlMilliseconds, "CURLOPT_CONNECTTIMEOUT_MS")
        try set(CURLOPT_SSL_VERIFYPEER, 1, "CURLOPT_SSL_VERIFYPEER")
        try set(CURLOPT_SSL_VERIFYHOST, 2, "CURLOPT_SSL_VERIFYHOST")
        try set(CURLOPT_PROTOCOLS_STR, "http,https", "CURLOPT_PROTOCOLS_STR")
        try set(CURLOPT_REDIR_PROTOCOLS_STR, "http,https", "CURLOPT_REDIR_PROTOCOLS_STR")
        try set(CURLOPT_FOLLOWLOCATION, 0, "CURLOPT_FOLLOWLOCATION")
        // No proxy, not even one from http_proxy/https_proxy: where requests go is explicit.
        try set(CURLOPT_PROXY, "", "CURLOPT_PROXY")
        try set(CURLOPT_MAXFILESIZE_LARGE, offset: max(request.maxResponseBytes, 0), "CURLOPT_MAXFILESIZE_LARGE")
        try set(CURLOPT_WRITEFUNCTION, callback: CurlTransfer.onBody, "CURLOPT_WRITEFUNCTION")
        try set(CURLOPT_WRITEDATA, pointer: transfer.context, "CURLOPT_WRITEDATA")
        try set(CURLOPT_HEADERFUNCTION, callback: CurlTransfer.onHeader, "CURLOPT_HEADERFUNCTION")
        try set(CURLOPT_HEADERDATA, pointer: transfer.context, "CURLOPT_HEADERDATA")
        try configureMethod(request.method, body: request.body)
    }

    private func configureMethod(_ method: HTTPMethod, body: [UInt8]) throws(Curl.Error) {
        if method == .get || (method == .delete && body.isEmpty) {
            try set(CURLOPT_HTTPGET, 1, "CURLOPT_HTTPGET")
        } else {
            try set(CURLOPT_POST, 1, "CURLOPT_POST")
            try set(CURLOPT_POSTFIELDSIZE_LARGE, offset: body.count, "CURLOPT_POSTFIELDSIZE_LARGE")
            // COPYPOSTFIELDS copies the bytes, so the body need not outlive this call.
            try set(CURLOPT_COPYPOSTFIELDS, copying: body, "CURLOPT_COPYPOSTFIELDS")
        }
        if method == .put || method == .delete {
            try set(CURLOPT_CUSTOMREQUEST, method.rawValue, "CURLOPT_CUSTOMREQUEST")
        }
    }

    /// The request's headers as a curl list (caller frees), plus `Expect:` to turn off 100-continue.
    private static func headerList(for request: HTTPRequest) throws(Curl.Error) -> UnsafeMutablePointer<curl_slist>? {
        var lines: [String] = []
        for header in request.headers {
            let forbidden: (Character) -> Bool = { $0 == "\r" || $0 == "\n" || $0 == "\0" || $0 == "\r\n" }
            guard !header.name.isEmpty, !header.name.contains(where: { forbidden($0) || $0 == ":" }),
                !header.value.contains(where: forbidden)
            else {
                throw Curl.Error(reason: "internal", description: "invalid request header named \(header.name.debugDescription)")
            }
            // "Name:" would remove a header in curl; "Name;" sends it with an empty value.
            lines.append(header.value.isEmpty ? "\(header.name);" : "\(header.name): \(header.value)")
        }
        if request.headers.first(named: "Expect") == nil { lines.append("Expect:") }

        var list: UnsafeMutablePointer<curl_slist>? = nil
        for line in lines {
            guard let appended = curl_slist_append(list, line) else {
                curl_slist_free_all(list)
                throw Curl.Error(reason: "internal", description: "curl_slist_append returned NULL")
            }
            list = appended
        }
        return list
    }
}

extension Duration {
    /// Whole milliseconds, at least 1: curl reads 0 as "no timeout".
    var curlMilliseconds: Int {
        let (seconds, attoseconds) = components
        let milliseconds = seconds.multipliedReportingOverflow(by: 1000)
        guard !milliseconds.overflow else { return Int.max }
        return max(1, Int(clamping: milliseconds.partialValue + attoseconds / 1_000_000_000_000_000))
    }
}
