#include "kiosk_app.hpp"

namespace tp::kiosk {

class KioskApp::Online final : public ui::OnlineActions {
  public:
    explicit Online(sync::Runtime& rt) : rt_(rt) {}
    void lookup_customers(const std::string& q) override { rt_.lookup_customers(q); }
    void fetch_and_serve(const std::string& id) override { rt_.fetch_and_serve(id); }
    void identify_and_serve(const std::string& id, const std::string& pin) override {
        rt_.identify_and_serve(id, pin);
    }
    void register_staff_online(const std::string& id, const std::string& pin) override {
        rt_.register_staff_online(id, pin);
    }
    void sync_now() override { rt_.sync_now(); }
    void enroll(const std::string& code, const std::string& name, const std::string& url) override {
        rt_.enroll(code, name, url);
    }

  private:
    sync::Runtime& rt_;
};

Result<std::unique_ptr<KioskApp>> KioskApp::open(sync::RuntimeConfig config, const Clock& clock,
                                                 ui::UiContext& ctx, const KioskLook& look) {
    config.terminal.session.language = look.language;  // where every privacy reset returns
    auto rt = sync::Runtime::open(std::move(config), clock);
    if (!rt) return rt.error();
    std::unique_ptr<KioskApp> app(new KioskApp());
    app->ctx_ = &ctx;
    app->clock_ = &clock;
    app->runtime_ = std::move(*rt);
    app->online_ = std::make_unique<Online>(*app->runtime_);
    app->state_.high_contrast = look.high_contrast;
    app->state_.text_scale = look.text_scale;
    ctx.set_theme(look.high_contrast ? ui::ThemeKind::HighContrast : ui::ThemeKind::Standard);
    ctx.set_text_scale(look.text_scale);
    Terminal& core = app->core();  // its session starts in look.language, nobody's choice
    app->state_.generation = core.snapshot().session_generation;
    return app;
}

KioskApp::~KioskApp() = default;

Status KioskApp::identify_customer(const std::string& loyalty_number, const std::string& pin) {
    Terminal& core = runtime_->terminal();
    if (auto identified = core.identify(loyalty_number); !identified) return identified;
    if (auto verified = core.verify_pin(pin); !verified) return verified;
    nav_.reset_to(ui::ScreenId::CustomerHome);
    return Ok{};
}

void KioskApp::draw_frame() {
    runtime_->poll();
    Terminal& core = runtime_->terminal();
    core.tick();
    // What the frame shows is noted before it is drawn: a sync status or data change that lands
    // while it is drawn makes the next wants_frame() true, instead of being taken as shown.
    Drawn shown = now_drawn();
    const AppSnapshot& snap = core.snapshot();
    ui::ScreenEnv env{*ctx_, core, snap, *online_, nav_, state_};
    ui::draw_app(env);
    drawn_ = shown;  // its screen is the one at the frame's start: a navigation redraws
}

KioskApp::Drawn KioskApp::now_drawn() {
    StatusBoard& board = runtime_->board();
    // The board's versions first: the snapshot read after them is at least as new.
    const std::uint64_t data = board.data_version();
    const std::uint64_t status = board.status_version();
    const AppSnapshot& snap = runtime_->terminal().snapshot();
    return Drawn{data,
                 status,
                 snap.session_generation,
                 snap.phase,
                 nav_.screen,
                 snap.phase == SessionPhase::Warning ? snap.warning_remaining / 1000 : -1,
                 clock_->now() / 60000,
                 ui::background_progress(state_)};
}

bool KioskApp::wants_frame() {
    if (runtime_->has_results()) return true;
    // A PIN check's answer is taken by the frame that sees it in, and one more frame shows
    // whatever that answer changed.
    const bool checking = runtime_->terminal().pin_check_pending();
    if (checking || pin_check_shown_) {
        pin_check_shown_ = checking;
        return true;
    }
    runtime_->terminal().tick();
    return !(now_drawn() == drawn_);
}

}  // namespace tp::kiosk
