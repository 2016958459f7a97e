// TLS (docs/security.md, "TLS"): the service serves HTTPS itself with a certificate made for the
// test by the openssl command line (a test CA and a server certificate for 127.0.0.1); a terminal
// given the CA file syncs, one without it says the service's certificate is not trusted — never
// that the service cannot be reached; plain http:// to a network host is warned about.

#include <cstdlib>

#include "sync_rig.hpp"
#include "test_env.hpp"
#include "touchpoint/sync/cli.hpp"
#include "touchpoint/sync/runtime.hpp"

using namespace tp;
using namespace tp::test;

namespace {

// A CA and a server certificate signed by it, for IP 127.0.0.1 and localhost.
struct TestPki {
    TestPki() {
        const std::string d = dir.file("");
        const std::string script =
            "cd '" + d + "' && "
            "openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes "
            "-keyout ca.key -out ca.pem -days 2 -subj '/CN=Touchpoint Test CA' && "
            "openssl req -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes "
            "-keyout server.key -out server.csr -subj '/CN=127.0.0.1' && "
            "printf 'subjectAltName=IP:127.0.0.1,DNS:localhost\\nbasicConstraints=CA:FALSE\\n' "
            "> server.ext && "
            "openssl x509 -req -in server.csr -CA ca.pem -CAkey ca.key -CAcreateserial "
            "-out server.pem -days 2 -extfile server.ext";
        ok = std::system(("(" + script + ") >/dev/null 2>&1").c_str()) == 0;
    }
    std::string ca() const { return dir.file("ca.pem"); }
    std::string cert() const { return dir.file("server.pem"); }
    std::string key() const { return dir.file("server.key"); }

    service::testing::TempDir dir;
    bool ok = false;
};

// The service in-process, serving HTTPS with the test PKI's server certificate.
std::unique_ptr<TestService> https_service(const TestPki& pki) {
    return std::make_unique<TestService>(20, [&](service::ServiceConfig& c) {
        c.tls_cert = pki.cert();
        c.tls_key = pki.key();
    });
}

struct HttpsTerminal {
    HttpsTerminal(int port, sync::TlsOptions tls) {
        auto opened = Store::open(dir.file("terminal.db"));
        REQUIRE(opened.ok());
        store = std::move(*opened);
        url = "https://127.0.0.1:" + std::to_string(port);
        transport = sync::make_curl_transport(url, std::move(tls));
        engine = std::make_unique<sync::SyncEngine>(*store, *transport, clock, board);
    }
    service::testing::TempDir dir;
    std::unique_ptr<Store> store;
    std::string url;
    std::unique_ptr<sync::Transport> transport;
    FakeClock clock;
    StatusBoard board;
    std::unique_ptr<sync::SyncEngine> engine;
};

}  // namespace

TEST_CASE("over HTTPS a terminal given the CA syncs; without it the certificate is not trusted") {
    set_test_log_level();
    TestPki pki;
    REQUIRE(pki.ok);
    auto service = https_service(pki);
    TestService& svc = *service;

    sync::TlsOptions trusted;
    trusted.ca_file = pki.ca();
    HttpsTerminal good(svc.port(), trusted);
    REQUIRE(good.engine->enroll("KIOSK-S1-01", "https kiosk").ok());
    CHECK(good.engine->cycle() == sync::CycleResult::Synced);
    {  // a command goes through
        CommandDraft d;
        d.action = ActionType::AddNote;
        d.case_id = "ORD-C0001-1";
        d.customer_id = "C0001";
        d.payload = {{"text", "over TLS"}};
        d.role = Role::Rep;
        d.actor_id = d.staff_id = "R1";
        REQUIRE(record_command(*good.store, d, good.clock.now()).ok());
        CHECK(good.engine->cycle() == sync::CycleResult::Synced);
        CHECK(outbox_counts(*good.store).pending == 0);
    }
    CHECK(good.board.read().online);
    CHECK_FALSE(good.board.read().untrusted);

    // The same terminal's data, a transport that does not know the CA.
    HttpsTerminal bad(svc.port(), {});
    auto refused = bad.engine->enroll("KIOSK-S1-02", "untrusting kiosk");
    REQUIRE_FALSE(refused.ok());
    CHECK(refused.error().code == Errc::Untrusted);
    CHECK(refused.error().key == "error.untrusted");

    auto untrusting = sync::make_curl_transport(good.url);
    sync::SyncEngine engine(*good.store, *untrusting, good.clock, good.board);
    CHECK(engine.cycle() == sync::CycleResult::Offline);
    const auto status = good.board.read();
    CHECK(status.untrusted);
    CHECK(status.last_error == "error.untrusted");
    // Fixed by giving the CA: trusted again, and the status says so.
    CHECK(good.engine->cycle() == sync::CycleResult::Synced);
    CHECK_FALSE(good.board.read().untrusted);

    // Plain HTTP to the HTTPS port is no answer at all.
    auto plain = sync::make_curl_transport("http://127.0.0.1:" + std::to_string(svc.port()));
    sync::HttpRequest health;
    health.path = "/v1/health";
    health.timeout_ms = 3000;
    auto answer = plain->send(health);
    CHECK((!answer.ok() || answer->status != 200));
}

TEST_CASE("touchpoint sync exits 9 when the certificate is not trusted, 0 with --ca-file") {
    set_test_log_level();
    TestPki pki;
    REQUIRE(pki.ok);
    auto service = https_service(pki);
    TestService& svc = *service;
    service::testing::TempDir dir;
    const std::string db = dir.file("kiosk.db");
    const std::string url = "https://127.0.0.1:" + std::to_string(svc.port());
    CHECK(sync::run_cli({"enroll", "--service", url, "--code", "KIOSK-S1-03", "--db", db}) ==
          sync::kExitUntrusted);
    REQUIRE(sync::run_cli({"enroll", "--service", url, "--code", "KIOSK-S1-03", "--ca-file",
                           pki.ca(), "--db", db}) == 0);
    // The CA file is kept from enrollment on.
    CHECK(sync::run_cli({"sync", "--db", db}) == 0);
    CHECK(sync::run_cli({"sync", "--ca-file", dir.file("missing.pem"), "--db", db}) ==
          sync::kExitUntrusted);
}

TEST_CASE("a certificate or key that cannot be loaded stops the service from starting") {
    service::testing::TempDir dir;
    service::ServiceConfig config;
    config.db_path = dir.file("service.db");
    config.tls_cert = dir.file("missing.pem");
    config.tls_key = dir.file("missing.key");
    service::Service svc(config);
    REQUIRE(svc.open_status().ok());
    CHECK(svc.start() == 0);
    REQUIRE_FALSE(svc.start_status().ok());
    CHECK(svc.start_status().error().code == Errc::InvalidInput);
}

TEST_CASE("plain http:// to a network host is warned about; loopback is not") {
    CHECK(sync::is_unencrypted_remote("http://10.1.2.3:8400"));
    CHECK(sync::is_unencrypted_remote("HTTP://service.example.com/"));
    CHECK(sync::is_unencrypted_remote("http://user@192.0.2.1"));
    CHECK(sync::is_unencrypted_remote("http://[2001:db8::1]:80"));
    CHECK_FALSE(sync::is_unencrypted_remote("http://127.0.0.1:8400"));
    CHECK_FALSE(sync::is_unencrypted_remote("http://127.3.0.1"));
    CHECK_FALSE(sync::is_unencrypted_remote("http://localhost:8400/"));
    CHECK_FALSE(sync::is_unencrypted_remote("http://[::1]:8400"));
    CHECK_FALSE(sync::is_unencrypted_remote("https://service.example.com"));

    service::testing::TempDir dir;
    FakeClock clock;
    for (const auto& [url, warned] : {std::pair<std::string, bool>{"http://192.0.2.10:8400", true},
                                      {"http://127.0.0.1:8400", false},
                                      {"https://192.0.2.10:8400", false}}) {
        CAPTURE(url);
        sync::RuntimeConfig config;
        config.db_path = dir.file("runtime.db");
        config.service_url = url;
        config.run_sync = false;
        auto rt = sync::Runtime::open(config, clock);
        REQUIRE(rt.ok());
        CHECK((*rt)->board().read().unencrypted == warned);
    }
}

TEST_CASE("over HTTPS a POST without Content-Length is read as an empty body, at once") {
    TestPki pki;
    REQUIRE(pki.ok);
    auto service = https_service(pki);
    httplib::SSLClient client("127.0.0.1", service->port());
    client.set_ca_cert_path(pki.ca().c_str());
    client.set_read_timeout(10, 0);
    const auto started = std::chrono::steady_clock::now();
    // httplib sends Content-Length even for an empty body; a raw request line does not.
    auto r = client.Get("/v1/health");
    REQUIRE(r);
    CHECK(r->status == 200);
    const int rc = std::system(("printf 'POST /v1/token/renew HTTP/1.1\\r\\nHost: x\\r\\n"
                                "Authorization: Bearer nope\\r\\n\\r\\n' | timeout 5 openssl "
                                "s_client -quiet -CAfile '" + pki.ca() + "' -connect 127.0.0.1:" +
                                std::to_string(service->port()) + " 2>/dev/null | grep -q ' 401 '")
                                   .c_str());
    CHECK(rc == 0);
    CHECK(std::chrono::steady_clock::now() - started < std::chrono::seconds(4));
}
