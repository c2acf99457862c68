//! The gateway's own codes: RFC 6749's (rendered lowercase in `{"error", "error_description"}`)
//! and those of its proxy. Forwarded calls answer in the dialect of the route's service.

platform::error_codes! {
    pub enum GatewayError {
        InvalidRequest = (BAD_REQUEST, "INVALID_REQUEST", "The request is invalid."),
        InvalidClient = (UNAUTHORIZED, "INVALID_CLIENT", "Client authentication failed."),
        UnsupportedGrantType = (BAD_REQUEST, "UNSUPPORTED_GRANT_TYPE", "Only the client_credentials grant is supported."),
        InvalidScope = (BAD_REQUEST, "INVALID_SCOPE", "A requested scope is not granted to this client."),
        TooManyFailedAttempts = (TOO_MANY_REQUESTS, "TOO_MANY_FAILED_ATTEMPTS", "Too many failed attempts; retry later."),
        RateLimited = (TOO_MANY_REQUESTS, "RATE_LIMITED", "Too many requests; retry later."),
        UpstreamTimeout = (GATEWAY_TIMEOUT, "UPSTREAM_TIMEOUT", "The service did not answer in time."),
        UpstreamUnavailable = (BAD_GATEWAY, "UPSTREAM_UNAVAILABLE", "The service is unavailable."),
    }
}
