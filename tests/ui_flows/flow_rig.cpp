#include "flow_rig.hpp"

#include "touchpoint/ui/utf8.hpp"

namespace tp::test {

FlowRig::FlowRig(FlowOptions options)
    : service(40, [this](auto& config) { config.clock = [this] { return clock.now(); }; }) {
    const std::string db = dir.file("kiosk.db");
    const std::string url = "http://127.0.0.1:" + std::to_string(service.port());
    if (options.enroll) {
        auto store = Store::open(db);
        REQUIRE(store.ok());
        auto transport = sync::make_curl_transport(url);
        StatusBoard board;
        sync::SyncEngine engine(**store, *transport, clock, board);
        REQUIRE(engine.enroll(options.enrollment_code, "flow test kiosk").ok());
    }
    auto loaded = ui::UiContext::load(ui::default_assets_dir());
    REQUIRE_MESSAGE(loaded.ok(), "assets: " << loaded.error().detail);
    ctx = std::make_unique<ui::UiContext>(std::move(*loaded));
    auto opened = platform::Host::open_offscreen(options.width, options.height, *ctx);
    REQUIRE(opened.ok());
    host = std::move(*opened);
    sync::RuntimeConfig config;
    config.db_path = db;
    if (options.enroll || options.configure_service) config.service_url = url;
    config.terminal.session.idle_timeout = options.idle_timeout;
    config.worker.long_poll_s = 2;
    config.worker.idle_poll_ms = 100;
    config.engine.backoff.cap = 2'000;  // a service back up is noticed within seconds
    kiosk::KioskLook look;
    look.language = options.language;
    look.text_scale = options.text_scale;
    auto started = kiosk::KioskApp::open(config, clock, *ctx, look);
    REQUIRE_MESSAGE(started.ok(), started.error().key);
    app = std::move(*started);
    // The first sync fills the cache: the demo customers are there before anyone walks up.
    if (!options.enroll) return;
    REQUIRE_MESSAGE(wait_until([&] { return snap().sync.online && snap().sync.last_sync > 0; }),
                    "the kiosk never synced: " << snap().sync.last_error);
}

FlowRig::~FlowRig() { app.reset(); }

void FlowRig::frame() {
    host->frame([&] { app->draw_frame(); });
}

bool FlowRig::wait_until(const std::function<bool()>& done, std::chrono::milliseconds limit) {
    const auto end = std::chrono::steady_clock::now() + limit;
    for (;;) {
        frame();
        if (done()) return true;
        if (std::chrono::steady_clock::now() > end) return false;
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
}

bool FlowRig::has_widget(std::string_view id) const {
    auto w = ctx->widgets().find_id(id);
    return w && w->enabled;
}

void FlowRig::tap(std::string_view id) {
    const bool found = wait_until([&] { return has_widget(id); }, std::chrono::seconds(10));
    if (!found) {
        std::string ids;
        for (const auto& w : ctx->widgets().last_frame()) ids += w.id + (w.enabled ? " " : "(disabled) ");
        FAIL("no enabled widget " << id << " on screen " << std::string(ui::scene_name(app->nav().screen))
                                  << "; widgets: " << ids);
    }
    REQUIRE(host->script().tap_id(ctx->widgets(), id));
    host->run_script([&] { app->draw_frame(); });
}

void FlowRig::type(std::string_view text) {
    for (char32_t ch : ui::decode_utf8(text)) {
        const bool upper = ch >= U'A' && ch <= U'Z';
        std::string lower;
        ui::append_utf8(lower, upper ? ch + (U'a' - U'A') : ch);
        const std::string key = ch == U' ' ? std::string("kbd.space") : "kbd.key." + lower;
        for (const char* page : {"", "kbd.page.symbols", "kbd.page.accents", "kbd.page.letters"}) {
            if (has_widget(key)) break;
            if (*page && has_widget(page)) tap(page);
        }
        if (upper) tap("kbd.shift");
        tap(key);
    }
}

bool FlowRig::shows(std::string_view needle) const { return ctx->widgets().shows(needle); }

std::string FlowRig::text(std::string_view key) const {
    std::string s = ctx->tr(key);
    if (auto cut = s.find('{'); cut != std::string::npos) s.resize(cut);
    return s;
}

}  // namespace tp::test
