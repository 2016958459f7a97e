#include "touchpoint/sync/enrollment.hpp"

#include "touchpoint/log.hpp"

namespace tp::sync {
namespace {

std::string trimmed(const std::string& s) {
    const auto first = s.find_first_not_of(" \t\r\n");
    if (first == std::string::npos) return {};
    return s.substr(first, s.find_last_not_of(" \t\r\n") - first + 1);
}

}  // namespace

std::string normalized_enrollment_code(const std::string& typed) {
    std::string code = trimmed(typed);
    for (char& c : code)
        if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
    return code;
}

Result<std::string> checked_service_url(const std::string& typed) {
    const std::string url = trimmed(typed);
    const Error bad{Errc::InvalidInput, "not_set_up.bad_address", "not an http:// or https:// URL"};
    std::string rest;
    for (const char* scheme : {"http://", "https://"})
        if (url.rfind(scheme, 0) == 0) rest = url.substr(std::string(scheme).size());
    const std::string host = rest.substr(0, rest.find_first_of("/:?#"));
    if (host.empty() || url.find_first_of(" \t\"'<>\\") != std::string::npos) return bad;
    return url;
}

Status enroll_terminal(Store& store, const Clock& clock, StatusBoard& board, const EnrollRequest& request) {
    auto url = checked_service_url(request.service_url);
    if (!url) return url.error();
    const std::string code = normalized_enrollment_code(request.code);
    if (code.empty()) return Error{Errc::InvalidInput, "not_set_up.code_refused", "no enrollment code"};
    if (is_unencrypted_remote(*url))
        log::warn("sync", "the service URL is plain http:// to a network host: tokens and customer "
                          "data cross the network unencrypted; use https://");
    auto transport = make_curl_transport(*url, request.tls);
    SyncEngine engine(store, *transport, clock, board, request.engine);
    if (request.cancelled) engine.set_cancelled(request.cancelled);
    if (auto enrolled = engine.enroll(code, request.terminal_name); !enrolled) return enrolled;
    try {
        store.set_meta("service_url", *url);
        if (!request.tls.ca_file.empty()) store.set_meta("ca_file", request.tls.ca_file);
    } catch (const DbException& e) {
        log::error("sync", std::string("service address not stored: ") + e.what());
        return Error{Errc::DbIo, "not_set_up.not_saved", e.what()};
    }
    log::info("sync", "enrolled as terminal " + board.read().terminal_id);
    return Ok{};
}

}  // namespace tp::sync
