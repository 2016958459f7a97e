#pragma once
// The network behind an interface: request and response values, one implementation over
// libcurl (curl_transport.hpp), fault-injecting ones in the tests.

#include <functional>
#include <map>
#include <memory>
#include <string>

#include "touchpoint/error.hpp"

namespace tp::sync {

struct HttpRequest {
    std::string method = "GET";
    std::string path;  // "/v1/changes?cursor=..." relative to the service's base URL
    std::map<std::string, std::string> headers;
    std::string body;
    int timeout_ms = 15'000;
    // Polled while the request is in flight (and whenever Transport::wake is called); once it
    // returns true the send gives up and fails with Errc::Network. Empty: never cancelled.
    std::function<bool()> cancelled;
};

struct HttpResponse {
    int status = 0;
    std::string body;
};

class Transport {
  public:
    virtual ~Transport() = default;
    // Sends one request. Fails with Errc::Network when no complete HTTP response arrived
    // (refused, reset, timeout, truncated), Errc::Untrusted when the service's TLS certificate
    // failed verification (nothing was sent); any HTTP status is a successful send.
    virtual Result<HttpResponse> send(const HttpRequest& request) = 0;
    // Makes a send in progress on another thread re-check its request's `cancelled` at once.
    // Callable from any thread; a send whose `cancelled` stays false goes on undisturbed.
    virtual void wake() {}
};

struct TlsOptions {
    bool verify = true;   // verify the service's certificate and host name
    std::string ca_file;  // PEM bundle; empty uses the system's
};

// True when `url` is plain http:// to a host that is not loopback (localhost, 127.0.0.0/8, ::1):
// tokens and customer data would cross a network unencrypted. The terminal warns about it.
bool is_unencrypted_remote(const std::string& url);

// A libcurl transport to `base_url` (e.g. "http://127.0.0.1:8080"). Move-only; no header
// outside curl_transport.cpp sees curl.
std::unique_ptr<Transport> make_curl_transport(const std::string& base_url, TlsOptions tls = {});

}  // namespace tp::sync
