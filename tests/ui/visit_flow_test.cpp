// The visit flow on the offscreen host, offline, over a temporary store: a finger drawn across
// the signature pad becomes strokes in pad coordinates; "complete" stays disabled (saying why)
// until the checklist is done and the customer signed; the visit_signature command carries
// exactly those strokes and the SHA-256 of the report shown above the pad; strokes drawn under
// a report that then changes are dropped. Photos: photo_picker_test.cpp.

#include <doctest/doctest.h>

#include <chrono>
#include <thread>

#include "terminal_test_support.hpp"
#include "touchpoint/crypto.hpp"
#include "touchpoint/outbox.hpp"
#include "touchpoint/terminal.hpp"
#include "touchpoint/ui/screens/screens.hpp"
#include "ui_harness.hpp"
#include "visit_rig.hpp"
#include "signature_pad.hpp"
#include "touchpoint/ui/strings.hpp"
#include "visit_record.hpp"

using namespace tp;
using namespace tp::test;

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
    // What a customer understands: the case's reference, the technician's name, part names.
    CHECK(document.find("TP-20001") != std::string::npos);
    CHECK(document.find(rig.msg("visit.doc.technician", {{"name", "Tomás"}})) != std::string::npos);
    CHECK(document.find("Check the filter") != std::string::npos);
    CHECK(document.find("2 \u00D7 Filter\n") != std::string::npos);
    for (const char* raw : {"VIS-1", "T-7", "FLT-9"}) CHECK_MESSAGE(document.find(raw) == std::string::npos, raw);
    CHECK(rig.widgets().shows(document));
    CHECK(rig.widgets().shows(rig.msg("visit.signing_document", {{"reference", "TP-20001"}})));
    // The fingerprint only behind the details button.
    const std::string hash = sha256_hex(document);
    CHECK_FALSE(rig.widgets().shows(hash.substr(0, 8)));
    rig.tap("visit.doc.details");
    CHECK(rig.widgets().shows(hash.substr(0, 8)));
    CHECK(rig.widgets().shows(rig.msg("visit.doc_fingerprint", {{"fingerprint", ""}})));
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
    // Once signed, the heading says so, and by whom.
    CHECK(rig.widgets().shows(rig.msg("visit.signed_document_by", {{"name", "ben"}, {"reference", "TP-20001"}})));
    CHECK_FALSE(rig.widgets().shows(rig.msg("visit.signing_document", {{"reference", "TP-20001"}})));
}

TEST_CASE("a ticked checklist item is unticked by tapping it again, and queued as not done") {
    VisitRig rig;
    rig.tap("visit.check_in");
    rig.tap("visit.step.chk-1");
    rig.tap("visit.step.chk-2");
    CHECK(rig.widgets().shows(rig.tr("visit.sign_needed")));
    rig.tap("visit.step.chk-1");  // a slip of the finger, taken back
    const auto steps = rig.commands(ActionType::VisitStepDone);
    REQUIRE(steps.size() == 3);
    CHECK(steps[0].payload["done"] == true);
    CHECK(steps[2].payload["item_id"] == "chk-1");
    CHECK(steps[2].payload["done"] == false);
    CHECK(rig.work_order().local_progress["done"]["chk-1"] == false);
    const ui::VisitRecord record = ui::visit_record(rig.work_order(), &*rig.core->snapshot().open_case);
    CHECK_FALSE(record.step_done.at("chk-1"));
    CHECK(record.step_done.at("chk-2"));
    CHECK(record.open_steps == 1);
    CHECK(rig.widgets().shows(rig.tr("visit.checklist_open_one")));
    const std::string document = ui::visit_document(*rig.ui.ctx, rig.work_order(), record);
    CHECK(document.find(rig.msg("visit.doc.item_open", {{"item", "Check the filter"}})) != std::string::npos);
    rig.tap("visit.step.chk-1");  // and ticked again
    CHECK(rig.commands(ActionType::VisitStepDone).back().payload["done"] == true);
    CHECK(rig.widgets().shows(rig.tr("visit.sign_needed")));
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
