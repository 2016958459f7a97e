// The visit flow on the offscreen host, offline, over a temporary store: a finger drawn across
// the signature pad becomes strokes in pad coordinates; "complete" stays disabled (saying why)
// until the checklist is done and the customer signed; the visit_signature command carries
// exactly those strokes and the SHA-256 of the report shown above the pad; strokes drawn under
// a report that then changes are dropped; photos are checked before they are read, and read off
// the frame.

#include <doctest/doctest.h>

#include <chrono>
#include <thread>

#include "terminal_test_support.hpp"
#include "touchpoint/crypto.hpp"
#include "touchpoint/outbox.hpp"
#include "touchpoint/terminal.hpp"
#include "touchpoint/ui/screens/screens.hpp"
#include "ui_harness.hpp"
#include "signature_pad.hpp"
#include "touchpoint/ui/strings.hpp"
#include "visit_photo.hpp"
#include "visit_record.hpp"

using namespace tp;
using namespace tp::test;

namespace {

class NoOnline final : public ui::OnlineActions {
  public:
    void lookup_customers(const std::string&) override {}
    void fetch_and_serve(const std::string&) override {}
    void identify_and_serve(const std::string&, const std::string&) override {}
    void register_staff_online(const std::string&, const std::string&) override {}
    void sync_now() override {}
};

struct VisitRig {
    TempDir dir;
    std::unique_ptr<Store> store = open_store(dir.file("terminal.db"));
    FakeClock clock;
    StatusBoard board;
    std::unique_ptr<Terminal> core;
    UiHarness ui;
    ui::Nav nav;
    ui::ScreenState state;
    NoOnline online;
    platform::DrawFn draw;

    VisitRig() {
        Case visit;
        visit.id = "VIS-1";
        visit.reference = "TP-20001";
        visit.customer_id = "C-1";
        visit.kind = CaseKind::Visit;
        visit.status = "scheduled";
        visit.version = 1;
        WorkOrder wo;
        wo.case_id = "VIS-1";
        wo.technician_id = "T-7";
        wo.customer_id = "C-1";
        wo.address = "Calle Mayor 1";
        wo.status = "assigned";
        wo.checklist = {{"chk-1", "Check the filter", false}, {"chk-2", "Run a test cycle", false}};
        wo.parts_planned = {{"FLT-9", "Filter", 1}};
        Staff tech{"T-7", "Tomás", Role::Technician, "S-1", sha256_hex("T-7").substr(0, 16), {}};
        tech.pin_hash = pin_hash(tech.pin_salt, "7777", PinCost::Minimal);
        apply_changes(*store, {change("customer", "C-1", make_customer("C-1", "Ben Ortiz", "S-1")),
                               change("case", "VIS-1", visit), change("work_order", "VIS-1", wo),
                               change("staff", "T-7", tech)});
        board.update([](SyncStatus& s) {
            s.enrolled = true;
            s.online = false;
            s.store_id = "S-1";
        });
        core = std::make_unique<Terminal>(*store, clock, board);
        REQUIRE(core->staff_sign_in("T-7", "7777").ok());
        REQUIRE(core->open_case("VIS-1").ok());
        state.generation = core->snapshot().session_generation;
        nav.reset_to(ui::ScreenId::VisitFlow, "VIS-1");
        draw = [this] {
            const AppSnapshot& snap = core->snapshot();
            ui::ScreenEnv env{*ui.ctx, *core, snap, online, nav, state};
            ui::draw_app(env);
        };
        ui.host->frame(draw);
    }

    const ui::WidgetRegistry& widgets() const { return ui.ctx->widgets(); }
    std::string tr(const char* key) const { return ui.ctx->tr(key); }
    bool enabled(const char* id) const {
        auto w = widgets().find_id(id);
        return w && w->enabled;
    }
    void tap(const std::string& id) { REQUIRE_MESSAGE(ui.tap_id(draw, id), "no enabled widget " << id); }

    // A zig-zag across the middle of the pad, one point per frame.
    void sign() {
        auto pad = widgets().find_id("visit.sign.pad");
        REQUIRE(pad);
        REQUIRE(pad->rect.h >= 48.0f);
        std::vector<std::pair<float, float>> stroke;
        for (int i = 0; i <= 12; ++i)
            stroke.emplace_back(pad->rect.x + pad->rect.w * (0.1f + 0.06f * static_cast<float>(i)),
                                pad->rect.y + pad->rect.h * (i % 2 ? 0.3f : 0.6f));
        ui.host->script().drag(stroke);
        ui.host->run_script(draw);
    }

    std::vector<OutboxEntry> commands(ActionType action) {
        std::vector<OutboxEntry> out;
        for (auto& e : commands_for_case(*store, "VIS-1"))
            if (e.action == action) out.push_back(e);
        return out;
    }

    const WorkOrderView& work_order() {
        const auto& snap = core->snapshot();
        REQUIRE(snap.work_orders.size() == 1);
        return snap.work_orders.front();
    }
};

}  // namespace

TEST_CASE("strokes drawn on the pad are signed over the hash of the report shown, and complete waits for them") {
    VisitRig rig;
    CHECK_FALSE(rig.enabled("visit.complete"));
    CHECK(rig.widgets().shows(rig.tr("visit.check_in_first")));

    rig.tap("visit.check_in");
    rig.tap("visit.step.chk-1");
    CHECK(rig.widgets().shows(rig.tr("visit.checklist_open_one")));
    rig.tap("visit.step.chk-2");
    rig.tap("visit.part.FLT-9.more");
    rig.tap("visit.part.FLT-9");
    CHECK_FALSE(rig.enabled("visit.complete"));
    CHECK(rig.widgets().shows(rig.tr("visit.sign_needed")));
    const auto before = rig.widgets().find_id("visit.sign.pad")->rect;

    rig.sign();
    REQUIRE(rig.state.signature.size() == 1);
    const std::vector<float> stroke = rig.state.signature.front();
    REQUIRE(stroke.size() >= 8);
    const auto pad = rig.widgets().find_id("visit.sign.pad")->rect;
    // The pad stays where the finger is once it holds a mark.
    CHECK(pad.x == before.x);
    CHECK(pad.y == before.y);
    CHECK(pad.w == before.w);
    CHECK(pad.h == before.h);
    for (std::size_t i = 0; i + 1 < stroke.size(); i += 2) {  // pad coordinates, not the screen's
        CHECK(stroke[i] >= 0.0f);
        CHECK(stroke[i] <= pad.w);
        CHECK(stroke[i + 1] >= 0.0f);
        CHECK(stroke[i + 1] <= pad.h);
    }
    CHECK(ui::stroke_length(rig.state.signature) >= ui::kSignatureMinLength);
    // Strokes alone are not enough: the signer's printed name, typed on the on-screen keyboard.
    CHECK_FALSE(rig.enabled("visit.complete"));
    CHECK(rig.widgets().shows(rig.tr("visit.signer_needed")));
    rig.tap("visit.field.signer");
    for (const char* key : {"kbd.key.b", "kbd.key.e", "kbd.key.n"}) rig.tap(key);
    rig.tap("kbd.enter");
    CHECK(rig.state.fields["visit.field.signer"] == "ben");
    CHECK(rig.widgets().find_id("visit.sign.pad")->rect.y == before.y);
    CHECK(rig.enabled("visit.complete"));

    // The report the customer saw, rebuilt from the same visit.
    const WorkOrderView& wo = rig.work_order();
    const ui::VisitRecord record = ui::visit_record(wo, &*rig.core->snapshot().open_case);
    const std::string document = ui::visit_document(*rig.ui.ctx, wo, record);
    CHECK(document.find("VIS-1") != std::string::npos);
    CHECK(document.find("Check the filter") != std::string::npos);
    CHECK(document.find("2 \u00D7 Filter (FLT-9)") != std::string::npos);
    CHECK(rig.widgets().shows(document));
    // The fingerprint only behind the details button.
    const std::string hash = sha256_hex(document);
    CHECK_FALSE(rig.widgets().shows(hash.substr(0, 8)));
    rig.tap("visit.doc.details");
    CHECK(rig.widgets().shows(hash.substr(0, 8)));
    CHECK(rig.widgets().shows(ui::format(rig.tr("visit.doc_fingerprint"), {""})));
    rig.tap("visit.doc.hide");
    CHECK_FALSE(rig.widgets().shows(hash.substr(0, 8)));

    rig.tap("visit.complete");
    const auto signatures = rig.commands(ActionType::VisitSignature);
    REQUIRE(signatures.size() == 1);
    CHECK(signatures[0].state == CommandState::Pending);
    CHECK(signatures[0].payload["document_hash"] == sha256_hex(document));
    REQUIRE(signatures[0].payload["strokes"].size() == 1);
    CHECK(signatures[0].payload["strokes"][0].get<std::vector<float>>() == stroke);
    CHECK(signatures[0].payload["signer_name"] == "ben");
    CHECK(rig.commands(ActionType::VisitComplete).size() == 1);
    CHECK(rig.state.signature.empty());
    CHECK_FALSE(rig.widgets().find_id("visit.sign.pad"));
    CHECK(rig.widgets().shows(rig.tr("status.waiting_to_sync")));
}

TEST_CASE("a tick is not a signature: the strokes need kSignatureMinLength in all") {
    VisitRig rig;
    rig.tap("visit.check_in");
    rig.tap("visit.step.chk-1");
    rig.tap("visit.step.chk-2");
    rig.state.fields["visit.field.signer"] = "Ben Ortiz";
    auto pad = rig.widgets().find_id("visit.sign.pad");
    REQUIRE(pad);
    const float x = pad->rect.x + pad->rect.w * 0.5f, y = pad->rect.y + pad->rect.h * 0.5f;
    rig.ui.host->script().drag({{x, y}, {x + 12.0f, y - 20.0f}});  // a two-point tick
    rig.ui.host->run_script(rig.draw);
    REQUIRE_FALSE(rig.state.signature.empty());
    CHECK(ui::stroke_length(rig.state.signature) < ui::kSignatureMinLength);
    CHECK_FALSE(rig.enabled("visit.complete"));
    CHECK(rig.widgets().shows(rig.tr("visit.sign_longer")));
    rig.tap("visit.sign.clear");
    rig.sign();
    CHECK(rig.enabled("visit.complete"));
}

TEST_CASE("a report that changes after signing asks for the signature again") {
    VisitRig rig;
    rig.tap("visit.check_in");
    rig.sign();
    REQUIRE_FALSE(rig.state.signature.empty());
    // The technician types a note on the on-screen keyboard: only the note and its button show.
    rig.state.fields["visit.field.note"] = "Filter was clogged";
    rig.state.focused_field = "visit.field.note";
    rig.ui.host->frame(rig.draw);
    CHECK_FALSE(rig.widgets().find_id("visit.sign.pad"));
    rig.tap("kbd.key.o");
    rig.tap("kbd.key.k");
    rig.tap("visit.note.save");
    rig.ui.host->frame(rig.draw);
    CHECK(rig.state.focused_field.empty());
    CHECK(rig.state.signature.empty());
    CHECK(rig.widgets().shows(rig.tr("visit.sign_again")));
    const auto notes = rig.commands(ActionType::VisitNote);
    REQUIRE(notes.size() == 1);
    CHECK(notes[0].payload["text"] == "Filter was cloggedok");
    CHECK(rig.widgets().shows("Filter was cloggedok"));
}

TEST_CASE("photos: a missing file and a non-image are refused at once; a JPEG is read off the frame and queued") {
    VisitRig rig;
    rig.tap("visit.check_in");
    auto attach = [&](const std::string& path) {
        rig.state.fields["visit.field.photo"] = path;
        rig.state.focused_field = "visit.field.photo";
        rig.ui.host->frame(rig.draw);
        rig.tap("visit.photo.attach");
    };

    attach(rig.dir.file("nowhere.jpg"));
    CHECK(rig.state.notice == rig.tr("visit.photo_missing"));
    write_bytes(rig.dir.file("notes.txt"), "not a photo at all");
    attach(rig.dir.file("notes.txt"));
    CHECK(rig.state.notice == rig.tr("visit.photo_not_image"));
    write_bytes(rig.dir.file("huge.jpg"), std::string("\xFF\xD8\xFF\xE0", 4) + std::string(ui::kPhotoMaxBytes, 'x'));
    attach(rig.dir.file("huge.jpg"));
    CHECK(rig.state.notice == rig.tr("visit.photo_too_large"));
    CHECK(rig.commands(ActionType::VisitPhoto).empty());

    const std::string jpeg = std::string("\xFF\xD8\xFF\xE0", 4) + "JFIF and some pixels";
    write_bytes(rig.dir.file("boiler.jpg"), jpeg);
    attach(rig.dir.file("boiler.jpg"));
    for (int i = 0; i < 500 && rig.commands(ActionType::VisitPhoto).empty(); ++i) {
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
        rig.ui.host->frame(rig.draw);
    }
    const auto photos = rig.commands(ActionType::VisitPhoto);
    REQUIRE(photos.size() == 1);
    CHECK(photos[0].payload["file_name"] == "boiler.jpg");
    CHECK(photos[0].payload["sha256"] == sha256_hex(jpeg));
    CHECK(photos[0].payload["bytes_base64"] == ui::base64_encode(jpeg));
    rig.ui.host->frame(rig.draw);
    CHECK(rig.widgets().shows("boiler.jpg"));
}

TEST_CASE("base64 as RFC 4648 spells it") {
    CHECK(ui::base64_encode("") == "");
    CHECK(ui::base64_encode("f") == "Zg==");
    CHECK(ui::base64_encode("fo") == "Zm8=");
    CHECK(ui::base64_encode("foo") == "Zm9v");
    CHECK(ui::base64_encode("foobar") == "Zm9vYmFy");
}
