#include <curl/curl.h>

#include <atomic>
#include <mutex>

#include "touchpoint/sync/transport.hpp"

namespace tp::sync {
namespace {

std::once_flag g_curl_init;

std::size_t collect(char* data, std::size_t size, std::size_t n, void* user) {
    static_cast<std::string*>(user)->append(data, size * n);
    return size * n;
}

int progress(void* user, curl_off_t, curl_off_t, curl_off_t, curl_off_t) {
    return static_cast<std::atomic<bool>*>(user)->load() ? 1 : 0;
}

class CurlTransport final : public Transport {
  public:
    CurlTransport(std::string base_url, TlsOptions tls)
        : base_url_(std::move(base_url)), tls_(std::move(tls)) {
        std::call_once(g_curl_init, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
        while (!base_url_.empty() && base_url_.back() == '/') base_url_.pop_back();
        curl_ = curl_easy_init();
    }
    ~CurlTransport() override { curl_easy_cleanup(curl_); }
    CurlTransport(const CurlTransport&) = delete;
    CurlTransport& operator=(const CurlTransport&) = delete;

    void interrupt() override { interrupted_ = true; }

    Result<HttpResponse> send(const HttpRequest& request) override {
        if (!curl_)
            return Error{Errc::Network, "The network is not available.", "curl init failed"};
        interrupted_ = false;
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
        curl_easy_setopt(curl_, CURLOPT_NOPROGRESS, 0L);
        curl_easy_setopt(curl_, CURLOPT_XFERINFOFUNCTION, progress);
        curl_easy_setopt(curl_, CURLOPT_XFERINFODATA, &interrupted_);
        curl_easy_setopt(curl_, CURLOPT_SSL_VERIFYPEER, tls_.verify ? 1L : 0L);
        curl_easy_setopt(curl_, CURLOPT_SSL_VERIFYHOST, tls_.verify ? 2L : 0L);
        if (!tls_.ca_file.empty()) curl_easy_setopt(curl_, CURLOPT_CAINFO, tls_.ca_file.c_str());

        const CURLcode rc = curl_easy_perform(curl_);
        curl_slist_free_all(headers);
        if (rc != CURLE_OK)
            return Error{Errc::Network, "The service cannot be reached.", curl_easy_strerror(rc)};
        long status = 0;
        curl_easy_getinfo(curl_, CURLINFO_RESPONSE_CODE, &status);
        return HttpResponse{static_cast<int>(status), std::move(body)};
    }

  private:
    std::string base_url_;
    TlsOptions tls_;
    CURL* curl_ = nullptr;
    std::atomic<bool> interrupted_{false};
};

}  // namespace

std::unique_ptr<Transport> make_curl_transport(const std::string& base_url, TlsOptions tls) {
    return std::make_unique<CurlTransport>(base_url, std::move(tls));
}

}  // namespace tp::sync
