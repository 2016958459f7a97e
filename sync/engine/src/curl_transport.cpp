#include <curl/curl.h>

#include <cctype>
#include <mutex>
#include <string_view>

#include "touchpoint/sync/transport.hpp"

namespace tp::sync {
namespace {

std::once_flag g_curl_init;

std::size_t collect(char* data, std::size_t size, std::size_t n, void* user) {
    static_cast<std::string*>(user)->append(data, size * n);
    return size * n;
}

bool is_cancelled(const HttpRequest& request) {
    return request.cancelled && request.cancelled();
}

// One easy handle driven through a multi handle, so wake() can end curl_multi_poll at once
// (curl_multi_wakeup) and the request's `cancelled` is checked without waiting for curl's
// once-a-second progress callback.
class CurlTransport final : public Transport {
  public:
    CurlTransport(std::string base_url, TlsOptions tls)
        : base_url_(std::move(base_url)), tls_(std::move(tls)) {
        std::call_once(g_curl_init, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
        while (!base_url_.empty() && base_url_.back() == '/') base_url_.pop_back();
        curl_ = curl_easy_init();
        multi_ = curl_multi_init();
    }
    ~CurlTransport() override {
        if (multi_) curl_multi_cleanup(multi_);
        if (curl_) curl_easy_cleanup(curl_);
    }
    CurlTransport(const CurlTransport&) = delete;
    CurlTransport& operator=(const CurlTransport&) = delete;

    void wake() override {
        if (multi_) curl_multi_wakeup(multi_);
    }

    Result<HttpResponse> send(const HttpRequest& request) override {
        if (!curl_ || !multi_)
            return Error{Errc::Network, "error.unreachable", "curl init failed"};
        if (is_cancelled(request))
            return Error{Errc::Network, "error.cancelled", "cancelled before sending"};
        curl_easy_reset(curl_);
        const std::string url = base_url_ + request.path;
        std::string body;
        curl_slist* headers = nullptr;
        for (const auto& [k, v] : request.headers)
            headers = curl_slist_append(headers, (k + ": " + v).c_str());
        if (!request.body.empty())
            headers = curl_slist_append(headers, "Content-Type: application/json");
        headers = curl_slist_append(headers, "Expect:");

        curl_easy_setopt(curl_, CURLOPT_URL, url.c_str());
        curl_easy_setopt(curl_, CURLOPT_HTTPHEADER, headers);
        curl_easy_setopt(curl_, CURLOPT_CUSTOMREQUEST, request.method.c_str());
        if (request.method != "GET") {
            curl_easy_setopt(curl_, CURLOPT_POSTFIELDS, request.body.c_str());
            curl_easy_setopt(curl_, CURLOPT_POSTFIELDSIZE_LARGE,
                             static_cast<curl_off_t>(request.body.size()));
        }
        curl_easy_setopt(curl_, CURLOPT_WRITEFUNCTION, collect);
        curl_easy_setopt(curl_, CURLOPT_WRITEDATA, &body);
        curl_easy_setopt(curl_, CURLOPT_TIMEOUT_MS, static_cast<long>(request.timeout_ms));
        curl_easy_setopt(curl_, CURLOPT_CONNECTTIMEOUT_MS, 5000L);
        curl_easy_setopt(curl_, CURLOPT_NOSIGNAL, 1L);
        // Small requests go out at once. A connection the service keeps open stays in the multi
        // handle's cache for the next request (curl_easy_reset keeps it).
        curl_easy_setopt(curl_, CURLOPT_TCP_NODELAY, 1L);
        curl_easy_setopt(curl_, CURLOPT_SSL_VERIFYPEER, tls_.verify ? 1L : 0L);
        curl_easy_setopt(curl_, CURLOPT_SSL_VERIFYHOST, tls_.verify ? 2L : 0L);
        if (!tls_.ca_file.empty()) curl_easy_setopt(curl_, CURLOPT_CAINFO, tls_.ca_file.c_str());

        const CURLcode rc = perform(request);
        curl_slist_free_all(headers);
        if (rc == CURLE_ABORTED_BY_CALLBACK)
            return Error{Errc::Network, "error.cancelled", "cancelled"};
        if (rc == CURLE_SSL_CACERT_BADFILE)
            return Error{Errc::Untrusted,
                         "error.untrusted_ca_file",
                         curl_easy_strerror(rc)};
        if (rc == CURLE_PEER_FAILED_VERIFICATION || rc == CURLE_SSL_ISSUER_ERROR ||
            rc == CURLE_SSL_PINNEDPUBKEYNOTMATCH || rc == CURLE_SSL_INVALIDCERTSTATUS)
            return Error{Errc::Untrusted, "error.untrusted",
                         curl_easy_strerror(rc)};
        if (rc != CURLE_OK)
            return Error{Errc::Network, "error.unreachable", curl_easy_strerror(rc)};
        long status = 0;
        curl_easy_getinfo(curl_, CURLINFO_RESPONSE_CODE, &status);
        return HttpResponse{static_cast<int>(status), std::move(body)};
    }

  private:
    // Runs the transfer to its end, or until the request is cancelled.
    CURLcode perform(const HttpRequest& request) {
        if (curl_multi_add_handle(multi_, curl_) != CURLM_OK) return CURLE_FAILED_INIT;
        CURLcode result = CURLE_OK;
        for (;;) {
            int running = 0;
            if (curl_multi_perform(multi_, &running) != CURLM_OK) {
                result = CURLE_FAILED_INIT;
                break;
            }
            if (running == 0) {
                int left = 0;
                result = CURLE_RECV_ERROR;
                while (CURLMsg* msg = curl_multi_info_read(multi_, &left))
                    if (msg->msg == CURLMSG_DONE) result = msg->data.result;
                break;
            }
            if (is_cancelled(request)) {
                result = CURLE_ABORTED_BY_CALLBACK;
                break;
            }
            if (curl_multi_poll(multi_, nullptr, 0, 200, nullptr) != CURLM_OK) {
                result = CURLE_FAILED_INIT;
                break;
            }
            if (is_cancelled(request)) {
                result = CURLE_ABORTED_BY_CALLBACK;
                break;
            }
        }
        curl_multi_remove_handle(multi_, curl_);
        return result;
    }

    std::string base_url_;
    TlsOptions tls_;
    CURL* curl_ = nullptr;
    CURLM* multi_ = nullptr;
};

bool is_loopback_host(const std::string& host) {
    return host == "localhost" || host == "::1" || host == "[::1]" || host.rfind("127.", 0) == 0;
}

}  // namespace

bool is_unencrypted_remote(const std::string& url) {
    constexpr std::string_view kHttp = "http://";
    if (url.size() < kHttp.size()) return false;
    for (std::size_t i = 0; i < kHttp.size(); ++i)
        if (std::tolower(static_cast<unsigned char>(url[i])) != kHttp[i]) return false;
    std::string authority = url.substr(kHttp.size());
    authority = authority.substr(0, authority.find_first_of("/?#"));
    if (auto at = authority.rfind('@'); at != std::string::npos) authority.erase(0, at + 1);
    std::string host = authority;
    if (!host.empty() && host.front() == '[') {
        host = host.substr(0, host.find(']') + 1);
    } else if (auto colon = host.rfind(':'); colon != std::string::npos) {
        host.erase(colon);
    }
    for (auto& c : host) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return !is_loopback_host(host);
}

std::unique_ptr<Transport> make_curl_transport(const std::string& base_url, TlsOptions tls) {
    return std::make_unique<CurlTransport>(base_url, std::move(tls));
}

}  // namespace tp::sync
