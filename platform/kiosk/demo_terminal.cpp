#include "demo_terminal.hpp"

#include <cmath>

#include "demo_photos.hpp"
#include "touchpoint/queries.hpp"
#include "touchpoint/service/service.hpp"
#include "touchpoint/sync/engine.hpp"

namespace tp::kiosk {

struct DemoTerminal::Impl {
    std::unique_ptr<service::Service> service;
    std::unique_ptr<Store> store;
    std::unique_ptr<sync::Transport> transport;
    SystemClock clock;
    StatusBoard board;
    std::unique_ptr<sync::SyncEngine> engine;
    std::string url;
    std::filesystem::path dir;
};

Result<std::unique_ptr<DemoTerminal>> DemoTerminal::start(const std::filesystem::path& dir,
                                                          int demo_size) {
    std::unique_ptr<DemoTerminal> demo(new DemoTerminal());
    demo->impl_ = std::make_unique<Impl>();
    auto& d = *demo->impl_;
    d.dir = dir;
    service::ServiceConfig config;
    config.db_path = (dir / "service.db").string();
    config.seed_demo_size = demo_size;
    d.service = std::make_unique<service::Service>(config);
    if (!d.service->open_status()) return d.service->open_status().error();
    const int port = d.service->start();
    if (port == 0) return Error{Errc::Network, "error.demo_failed", {}};
    auto store = Store::open((dir / "terminal.db").string());
    if (!store) return store.error();
    d.store = std::move(*store);
    d.url = "http://127.0.0.1:" + std::to_string(port);
    d.transport = sync::make_curl_transport(d.url);
    d.engine = std::make_unique<sync::SyncEngine>(*d.store, *d.transport, d.clock, d.board);
    if (auto enrolled = d.engine->enroll("KIOSK-S1-20", "demo kiosk"); !enrolled)
        return enrolled.error();
    demo->terminal_ = std::make_unique<Terminal>(*d.store, d.clock, d.board);
    if (auto synced = demo->sync_once(); !synced) return synced.error();
    return demo;
}

DemoTerminal::~DemoTerminal() {
    terminal_.reset();
    if (!impl_) return;
    // Close the terminal's connections first: the service would otherwise wait out their
    // keep-alive before it stops.
    impl_->engine.reset();
    impl_->transport.reset();
    if (impl_->service) impl_->service->stop();
}

Status DemoTerminal::sync_once() {
    if (impl_->engine->cycle() != sync::CycleResult::Synced)
        return Error{Errc::Network, "error.demo_failed", impl_->board.read().last_error};
    terminal_->invalidate();
    return Ok{};
}

Status DemoTerminal::prepare(ui::ScreenId screen, const std::string& language, ui::Nav& nav,
                             ui::ScreenState* state) {
    using ui::ScreenId;
    auto& core = *terminal_;
    auto sign_in_customer = [&]() -> Status {
        auto customer = load_customer(*impl_->store, "C0001");
        if (!customer) return Error{Errc::NotFound, "error.demo_failed", {}};
        if (auto r = core.identify(customer->loyalty_number); !r) return r;
        return core.verify_pin("1234");
    };
    // A refused cancellation, a confirmed note and a note still waiting: every state on show.
    auto history = [&]() -> Status {
        (void)core.issue(ActionType::CancelOrder, "ORD-C0001-2");
        (void)core.issue(ActionType::AddNote, "ORD-C0001-2",
                         {{"text", "Customer asked at the kiosk where the parcel is."}});
        if (auto r = sync_once(); !r) return r;
        (void)core.issue(ActionType::AddNote, "ORD-C0001-2", {{"text", "Will collect in store."}});
        return Ok{};
    };
    auto sign_in_staff = [&](const char* id, const char* pin) -> Status {
        if (auto verified = impl_->engine->client().verify_staff(id, pin); !verified)
            return verified.error();
        if (auto r = sync_once(); !r) return r;
        return core.staff_sign_in(id, pin);
    };

    core.choose_language(language);
    Status ready = Ok{};
    std::string arg;
    switch (screen) {
        case ScreenId::Attract:
        case ScreenId::Language:
        case ScreenId::Identify:
        case ScreenId::StaffSignIn: break;
        case ScreenId::Verify: {
            auto customer = load_customer(*impl_->store, "C0001");
            if (customer) ready = core.identify(customer->loyalty_number);
            break;
        }
        case ScreenId::CustomerHome:
        case ScreenId::Feedback: ready = sign_in_customer(); break;
        case ScreenId::CaseDetail:
            ready = sign_in_customer();
            if (ready) ready = history();
            if (ready) ready = core.open_case("ORD-C0001-2");
            arg = "ORD-C0001-2";
            break;
        case ScreenId::ActionForm:
            ready = sign_in_customer();
            if (ready) ready = core.open_case("ORD-C0001-1");
            arg = "start_return|ORD-C0001-1";
            break;
        case ScreenId::InTrayAnswer:
            ready = sign_in_customer();
            arg = "IT-C0001-1";
            break;
        case ScreenId::Receipt: {  // a return started here, then confirmed by the service
            ready = sign_in_customer();
            if (!ready) break;
            auto started = core.issue(ActionType::StartReturn, "ORD-C0001-1", {{"reason", "does_not_fit"}});
            if (!started) return started.error();
            arg = started->payload["new_case_id"].get<std::string>();
            ready = sync_once();
            if (ready) ready = core.open_case(arg);
            break;
        }
        case ScreenId::ExitKiosk:
            ready = sign_in_staff("R1", "2468");
            if (ready && state) state->fields["exit.field"] = "24";
            break;
        case ScreenId::CustomerSearch:
            ready = sign_in_staff("R1", "2468");
            core.search("gar");
            break;
        case ScreenId::NeedsAttention:
        case ScreenId::SyncDiagnostics:
            ready = sign_in_customer();
            if (ready) ready = history();
            core.end_session();
            if (ready) ready = sign_in_staff("R1", "2468");
            break;
        case ScreenId::WorkOrders: ready = sign_in_staff("T1", "1357"); break;
        case ScreenId::VisitFlow: {
            // The visit nearly done: checked in and two steps confirmed, the last step, a part and
            // a note still on the tablet, and the customer's signature on the pad.
            const std::string visit = "REP-C0002-1";
            ready = sign_in_staff("T1", "1357");
            if (ready) (void)core.issue(ActionType::VisitCheckIn, visit);
            if (ready) (void)core.issue(ActionType::VisitStepDone, visit, {{"item_id", "CHK-1"}});
            if (ready) (void)core.issue(ActionType::VisitStepDone, visit, {{"item_id", "CHK-2"}});
            if (ready) ready = sync_once();
            if (ready) (void)core.issue(ActionType::VisitStepDone, visit, {{"item_id", "CHK-3"}});
            if (ready)
                (void)core.issue(ActionType::VisitPartsUsed, visit,
                                 {{"parts", {{{"sku", "PMP-220"}, {"name", "Drain pump"}, {"quantity", 1}}}}});
            if (ready)
                (void)core.issue(ActionType::VisitNote, visit, {{"text", "Old pump blocked by a coin; replaced."}});
            if (ready) ready = core.open_case(visit);
            if (ready && state) {
                std::vector<float> name, line;
                for (int i = 0; i <= 80; ++i) {
                    const float t = static_cast<float>(i) * 0.16f;
                    name.push_back(std::round(40.0f + static_cast<float>(i) * 4.2f + 14.0f * std::cos(t * 2.0f)));
                    name.push_back(std::round(70.0f - 26.0f * std::sin(t * 2.0f) * (1.0f - static_cast<float>(i) / 120.0f)));
                }
                for (int i = 0; i <= 10; ++i) {
                    line.push_back(static_cast<float>(60 + i * 26));
                    line.push_back(static_cast<float>(106 + (i % 2)));
                }
                state->signature = {name, line};
            }
            arg = visit;
            break;
        }
        case ScreenId::PhotoPicker: {  // a checked-in visit, and a camera folder with photos
            const std::string visit = "REP-C0002-1";
            ready = sign_in_staff("T1", "1357");
            if (ready) (void)core.issue(ActionType::VisitCheckIn, visit);
            if (ready) ready = write_demo_photos(impl_->dir / "photos");
            if (ready) ready = core.open_case(visit);
            if (ready && state) state->photo_dir = (impl_->dir / "photos").string();
            arg = visit;
            break;
        }
        case ScreenId::Reset:  // as a kiosk the operator wiped
            impl_->board.update([&](SyncStatus& s) {
                s.wipe_ordered = true;
                s.wiped = true;
                s.online = false;
            });
            break;
        case ScreenId::NotSetUp:  // as a kiosk started on this database before it was enrolled
            impl_->board.update([&](SyncStatus& s) {
                s.enrolled = false;
                s.online = false;
                s.service_url = impl_->url;
                s.db_path = impl_->store->path();
            });
            break;
    }
    if (!ready) return ready;
    core.choose_language(language);  // sign-ins and resets above may have reset it
    nav.reset_to(screen, arg);
    core.invalidate();
    return Ok{};
}

}  // namespace tp::kiosk
