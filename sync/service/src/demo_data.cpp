#include "demo_data.hpp"

#include <array>
#include <cstdio>
#include <map>
#include <mutex>
#include <string>
#include <vector>

#include "auth.hpp"
#include "entity_store.hpp"
#include "schema.hpp"
#include "text.hpp"
#include "touchpoint/crypto.hpp"

namespace tp::service {
namespace {

constexpr Millis kHour = 3600LL * 1000;
constexpr Millis kDay = 24 * kHour;
constexpr const char* kCustomerPin = "1234";

// Demo data only: every record with the same demo PIN shares one verifier, computed once per
// process with a random salt, so that seeding thousands of customers costs a handful of KDF runs
// instead of one each. The data stays the same within a process (what the determinism test
// compares); across runs only the verifiers differ. Real records each get their own salt.
PinVerifier demo_verifier(const std::string& pin) {
    static std::mutex mutex;
    static std::map<std::string, PinVerifier> verifiers;
    std::lock_guard lock(mutex);
    auto it = verifiers.find(pin);
    if (it == verifiers.end()) it = verifiers.emplace(pin, make_pin_verifier(pin, PinCost::Demo)).first;
    return it->second;
}

// splitmix64: the same sequence on every platform, unlike the standard distributions.
class DemoRandom {
  public:
    explicit DemoRandom(std::uint64_t seed) : state_(seed) {}
    std::uint64_t next() {
        std::uint64_t z = (state_ += 0x9E3779B97F4A7C15ULL);
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
        return z ^ (z >> 31);
    }
    int below(int n) { return static_cast<int>(next() % static_cast<std::uint64_t>(n)); }
    bool chance(int percent) { return below(100) < percent; }
    template <typename T, std::size_t N>
    const T& pick(const std::array<T, N>& items) {
        return items[static_cast<std::size_t>(below(static_cast<int>(N)))];
    }
    std::string hex(int bytes) {
        std::string out;
        char buf[3];
        for (int i = 0; i < bytes; ++i) {
            std::snprintf(buf, sizeof buf, "%02x", static_cast<unsigned>(next() & 0xFF));
            out += buf;
        }
        return out;
    }

  private:
    std::uint64_t state_;
};

struct NamePool {
    const char* language;
    std::array<const char*, 8> first;
    std::array<const char*, 8> last;
    const char* phone_prefix;
    std::array<const char*, 4> streets;
};

const std::array<NamePool, 4> kPools{{
    {"es",
     {"José", "María", "Lucía", "Álvaro", "Begoña", "Íñigo", "Nuria", "Raúl"},
     {"García", "Núñez", "Peña", "Ibáñez", "Muñoz", "Gómez", "Sáenz", "Martín"},
     "+34 6",
     {"Calle Mayor", "Avenida de la Constitución", "Calle de Alcalá", "Plaza España"}},
    {"de",
     {"Zoë", "Jürgen", "Lena", "Björn", "Käthe", "Lukas", "Anja", "Günter"},
     {"Müller", "Schäfer", "Weiß", "Köhler", "Groß", "Bäcker", "Hoffmann", "Krüger"},
     "+49 15",
     {"Hauptstraße", "Schloßallee", "Bahnhofstraße", "Gartenweg"}},
    {"fr",
     {"François", "Hélène", "Amélie", "Jérôme", "Chloé", "Gaël", "Inès", "Noël"},
     {"Lefèvre", "Dupont", "Bérard", "Girard", "Mercier", "Lemaître", "Faure", "Roche"},
     "+33 6",
     {"Rue de la Paix", "Boulevard Saint-Michel", "Rue Lecourbe", "Place Bellecour"}},
    {"en",
     {"Søren", "Emily", "Oliver", "Siobhán", "Chloe", "Liam", "Ava", "Noah"},
     {"Smith", "O'Brien", "Østergaard", "Jones", "Taylor", "Brown", "Walsh", "Evans"},
     "+44 7",
     {"High Street", "Station Road", "Church Lane", "Victoria Road"}},
}};

const std::array<const char*, 10> kProducts{
    "Washing machine WX-700", "Espresso machine Barista Pro", "Laptop Aero 14",
    "Smart TV 55\" QLED",     "Cordless vacuum V12",          "Fridge-freezer FF-300",
    "Noise-cancelling headphones", "Dishwasher Silence 45",   "Road bike Cadence 2",
    "Sofa Lindholm 3-seat"};

const std::array<const char*, 4> kSegments{"gold", "silver", "standard", "new"};
const std::array<const char*, 4> kPreferredChannels{"email", "sms", "app", "phone"};

// Interaction kinds (journey.<kind> on the terminal) by channel.
const std::array<std::pair<Channel, const char*>, 6> kJourney{{
    {Channel::Web, "browsed_order_status"},
    {Channel::App, "tracked_delivery"},
    {Channel::CallCenter, "called_about_slot"},
    {Channel::Chat, "chatted_return_policy"},
    {Channel::Email, "opened_delivery_email"},
    {Channel::Kiosk, "visited_kiosk"},
}};

// What the business wrote, in en, es, fr and de. Built once: the generator seeds 100k customers.
LocalText text4(const char* en, const char* es, const char* fr, const char* de) {
    return LocalText{{"en", en}, {"es", es}, {"fr", fr}, {"de", de}};
}

struct DemoOffer {
    LocalText title;
    LocalText body;
};

const std::array<DemoOffer, 4>& offer_texts() {
    static const std::array<DemoOffer, 4> offers{{
        {text4("10% off accessories", "10 % de descuento en accesorios",
               "10 % de remise sur les accessoires", "10 % Rabatt auf Zubehör"),
         text4("Save on cables, cases and filters this month.",
               "Ahorra en cables, fundas y filtros este mes.",
               "Économisez sur les câbles, housses et filtres ce mois-ci.",
               "Sparen Sie diesen Monat bei Kabeln, Hüllen und Filtern.")},
        {text4("Extended warranty", "Garantía ampliada", "Garantie prolongée",
               "Verlängerte Garantie"),
         text4("Add three more years of cover to a recent purchase.",
               "Añade tres años más de cobertura a una compra reciente.",
               "Ajoutez trois ans de couverture à un achat récent.",
               "Drei weitere Jahre Schutz für einen kürzlich gekauften Artikel.")},
        {text4("Free installation", "Instalación gratuita", "Installation gratuite",
               "Kostenlose Installation"),
         text4("Book a technician to install your next appliance at no cost.",
               "Reserva un técnico que instale gratis tu próximo electrodoméstico.",
               "Réservez un technicien qui installera gratuitement votre prochain appareil.",
               "Buchen Sie einen Techniker, der Ihr nächstes Gerät kostenlos installiert.")},
        {text4("Double loyalty points", "Puntos de fidelidad dobles", "Points fidélité doublés",
               "Doppelte Treuepunkte"),
         text4("Earn double points on your next store visit.",
               "Gana el doble de puntos en tu próxima visita a la tienda.",
               "Gagnez deux fois plus de points lors de votre prochaine visite en magasin.",
               "Sammeln Sie bei Ihrem nächsten Besuch im Geschäft doppelte Punkte.")},
    }};
    return offers;
}

const std::vector<ChecklistItem>& repair_checklist() {
    static const std::vector<ChecklistItem> items{
        {"CHK-1",
         text4("Inspect the appliance", "Revisar el aparato", "Inspecter l’appareil",
               "Gerät prüfen"),
         false},
        {"CHK-2",
         text4("Replace the faulty part", "Sustituir la pieza defectuosa",
               "Remplacer la pièce défectueuse", "Defektes Teil ersetzen"),
         false},
        {"CHK-3",
         text4("Test run with the customer", "Prueba de funcionamiento con el cliente",
               "Essai de fonctionnement avec le client", "Probelauf mit dem Kunden"),
         false},
    };
    return items;
}

// Authored prompts and case titles, by what they say.
struct DemoTexts {
    LocalText confirm_slot = text4("Confirm your delivery slot", "Confirma tu franja de entrega",
                                   "Confirmez votre créneau de livraison",
                                   "Bestätigen Sie Ihr Lieferfenster");
    LocalText survey = text4("How was your delivery?", "¿Qué tal fue tu entrega?",
                             "Comment s’est passée votre livraison ?", "Wie war Ihre Lieferung?");
    LocalText send_photo = text4("Send a photo of the item’s label",
                                 "Envía una foto de la etiqueta del artículo",
                                 "Envoyez une photo de l’étiquette de l’article",
                                 "Senden Sie ein Foto vom Etikett des Artikels");
    LocalText late_delivery = text4("Complaint: late delivery", "Reclamación: entrega con retraso",
                                    "Réclamation : livraison en retard",
                                    "Beschwerde: verspätete Lieferung");
    LocalText coffee_grinder = text4("Return of a coffee grinder",
                                     "Devolución de un molinillo de café",
                                     "Retour d’un moulin à café", "Rückgabe einer Kaffeemühle");
    LocalText installation_question =
        text4("Callback: installation question", "Llamada: consulta sobre la instalación",
              "Rappel : question sur l’installation", "Rückruf: Frage zur Installation");
    LocalText order_return = text4("Return of an order", "Devolución de un pedido",
                                   "Retour d’une commande", "Rückgabe einer Bestellung");
    LocalText damaged_packaging = text4("Complaint: damaged packaging",
                                        "Reclamación: embalaje dañado",
                                        "Réclamation : emballage endommagé",
                                        "Beschwerde: beschädigte Verpackung");
    LocalText billing_question = text4("Callback: billing question",
                                       "Llamada: consulta sobre la factura",
                                       "Rappel : question de facturation",
                                       "Rückruf: Frage zur Rechnung");
};

const DemoTexts& texts() {
    static const DemoTexts t;
    return t;
}

// A survey's score options: numerals, the same in every language.
std::vector<InTrayOption> score_options() {
    std::vector<InTrayOption> out;
    for (const char* n : {"1", "2", "3", "4", "5"})
        out.push_back({n, text4(n, n, n, n), 0, 0});
    return out;
}

// A delivery slot: worded from its times on the terminal.
InTrayOption slot(const std::string& id, Millis start, Millis end) {
    return InTrayOption{id, {}, start, end};
}

std::string two_digits(int n) {
    char buf[8];
    std::snprintf(buf, sizeof buf, "%02d", n);
    return buf;
}

std::string email_of(const std::string& first, const std::string& last, int number) {
    std::string out;
    for (char c : fold_for_search(first + "." + last))
        if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.') out.push_back(c);
    return out + std::to_string(number) + "@example.com";
}

class DemoWriter {
  public:
    DemoWriter(Sql& db, Millis anchor) : db_(db), store_(db), anchor_(anchor) {}

    Customer customer(int number, const NamePool& pool, const std::string& first,
                      const std::string& last) {
        Customer c;
        char id[16];
        std::snprintf(id, sizeof id, "C%04d", number);
        c.id = id;
        c.name = first + " " + last;
        c.phone = std::string(pool.phone_prefix) + two_digits(10 + rng_.below(90)) + " " +
                  std::to_string(100 + rng_.below(900)) + " " +
                  std::to_string(100 + rng_.below(900));
        c.email = email_of(first, last, number);
        char loyalty[16];
        std::snprintf(loyalty, sizeof loyalty, "LOY%08lld",
                      static_cast<long long>((number * 7919LL + 1234567) % 100000000));
        c.loyalty_number = loyalty;
        c.segment = rng_.pick(kSegments);
        c.store_id = number % 5 == 0 ? "S2" : "S1";
        c.preferences.language = pool.language;
        c.preferences.preferred_channel = rng_.pick(kPreferredChannels);
        c.preferences.accessibility = rng_.chance(15) ? "large text" : "";
        c.preferences.contact_consent = rng_.chance(60);
        (void)rng_.hex(8);  // the salt of old: drawn still, so the rest of the data is unchanged
        const PinVerifier pin = demo_verifier(kCustomerPin);
        c.pin_salt = pin.salt;
        c.pin_hash = pin.hash;
        c.version = 1;
        store_.save(c);
        return c;
    }

    // An order placed `placed_days_ago`; status one of placed, shipped, delivered, cancelled.
    Case order(const Customer& c, int n, const std::string& status, int placed_days_ago,
               int delivered_days_ago = 0) {
        Millis placed = anchor_ - placed_days_ago * kDay + 10 * kHour;
        Case o = base_case(c, "ORD-" + c.id + "-" + std::to_string(n), CaseKind::Order, {},
                           rng_.pick(kProducts), Channel::Web);
        o.owning_team = "Fulfilment";
        o.steps = {{"placed", placed, placed},
                   {"shipped", placed + 2 * kDay, 0},
                   {"delivered", placed + 5 * kDay, 0}};
        o.sla_due = placed + 5 * kDay;
        event(o, placed, "customer", o.origin_channel, "placed");
        o.status = status;
        if (status == "shipped" || status == "delivered") {
            Millis shipped = placed + 2 * kDay;
            if (status == "delivered") shipped = anchor_ - delivered_days_ago * kDay - kDay;
            o.steps[1].actual = shipped;
            o.current_step = 1;
            event(o, shipped, "warehouse", Channel::Service, "shipped");
        }
        if (status == "delivered") {
            Millis delivered = anchor_ - delivered_days_ago * kDay + 15 * kHour;
            o.steps[2].actual = delivered;
            o.current_step = 2;
            o.delivered_at = delivered;
            event(o, delivered, "carrier", Channel::Service, "delivered");
        }
        if (status == "cancelled")
            event(o, placed + 3 * kHour, "rep:AG-7", Channel::CallCenter, "cancel_order");
        o.at_risk = status == "placed" && placed_days_ago > 4;
        store_.save(o);
        return o;
    }

    // A case with an authored `title` (or none: worded from its kind and `subject`) and steps of
    // `steps` (step codes).
    Case simple_case(const Customer& c, const std::string& id, CaseKind kind,
                     const LocalText& title, const std::string& subject,
                     const std::string& status, Channel origin,
                     const std::vector<std::string>& steps, int opened_days_ago,
                     const std::string& team) {
        Millis opened = anchor_ - opened_days_ago * kDay + 11 * kHour;
        Case k = base_case(c, id, kind, title, subject, origin);
        k.owning_team = team;
        for (std::size_t i = 0; i < steps.size(); ++i)
            k.steps.push_back({steps[i], opened + static_cast<Millis>(i) * 2 * kDay,
                               i == 0 ? opened : 0});
        k.status = status;
        k.sla_due = opened + 5 * kDay;
        k.at_risk = status == "open" && opened_days_ago > 5;
        event(k, opened, "customer", origin, "opened");
        if (status == "closed") {
            for (auto& s : k.steps) s.actual = s.planned;
            k.current_step = static_cast<int>(k.steps.size()) - 1;
            event(k, opened + 2 * kDay, "rep:AG-3", Channel::CallCenter, "closed");
        }
        store_.save(k);
        return k;
    }

    // A repair case with a work order for `technician`, the visit in today's window.
    void repair(const Customer& c, const NamePool& pool, const std::string& id,
                const std::string& technician, const std::string& wo_status, int hour) {
        WorkOrder wo;
        wo.case_id = id;
        wo.technician_id = technician;
        wo.customer_id = c.id;
        wo.address = std::string(pool.streets[static_cast<std::size_t>(rng_.below(4))]) + " " +
                     std::to_string(1 + rng_.below(120));
        wo.window_start = anchor_ + hour * kHour;
        wo.window_end = wo.window_start + 2 * kHour;
        wo.status = wo_status;
        wo.checklist = repair_checklist();
        wo.parts_planned = {{"PMP-220", "Drain pump", 1}, {"HSE-15", "Inlet hose 1.5 m", 1}};
        store_.save(wo);  // before the case, so the case carries its technician
        std::string product = rng_.pick(kProducts);
        Case k = simple_case(c, id, CaseKind::Repair, {}, product,
                             wo_status == "cancelled" ? "cancelled" : "open", Channel::CallCenter,
                             {"requested", "scheduled", "on_site", "completed"}, 3, "Field service");
        k.steps[1].actual = anchor_ - 2 * kDay;
        k.steps[2].planned = wo.window_start;
        k.current_step = 1;
        event(k, anchor_ - 2 * kDay, "dispatch", Channel::Service, "scheduled",
              {{"technician", technician}});
        if (wo_status == "cancelled")
            event(k, anchor_ - kDay, "dispatch", Channel::Service, "visit_cancelled");
        store_.save(k);
    }

    void intray(const Customer& c, const std::string& id, const Case& k, const std::string& kind,
                const LocalText& prompt, std::vector<InTrayOption> options, Millis due,
                const std::string& answer = "", Channel channel = Channel::Service,
                Millis answered_at = 0) {
        InTrayItem item{id, k.id, c.id, kind, prompt, std::move(options), due, answer, channel,
                        answered_at};
        store_.save(item);
    }

    void journey(const Customer& c, int count) {
        for (int i = 0; i < count; ++i) {
            const auto& [channel, kind] = kJourney[static_cast<std::size_t>(rng_.below(6))];
            Interaction x{"INT-" + c.id + "-" + std::to_string(i + 1), c.id, "", channel, kind,
                          nlohmann::json::object(), "",
                          anchor_ - (i * 3 + 1) * kDay + (9 + rng_.below(9)) * kHour};
            store_.save(x);
        }
    }

    void offers(const Customer& c, int count) {
        // Distinct offers: the first drawn, the next ones after it in turn.
        int first = 0;
        for (int i = 0; i < count; ++i) {
            const int drawn = rng_.below(4);
            if (i == 0) first = drawn;
            const DemoOffer& offer = offer_texts()[static_cast<std::size_t>((first + i) % 4)];
            store_.save(Offer{"OFF-" + c.id + "-" + std::to_string(i + 1), c.id, offer.title,
                              offer.body});
        }
    }

    void staff(const std::string& id, const std::string& name, Role role,
               const std::string& store_id, const char* pin) {
        (void)rng_.hex(8);  // the salt of old: drawn still, so the rest of the data is unchanged
        const PinVerifier verifier = demo_verifier(pin);
        Staff s{id, name, role, store_id, verifier.salt, verifier.hash};
        store_.save(s);
    }

    void finish() { write_meta(db_, "case_reference", std::to_string(reference_)); }

    DemoRandom& rng() { return rng_; }
    Millis anchor() const { return anchor_; }

  private:
    Case base_case(const Customer& c, const std::string& id, CaseKind kind,
                   const LocalText& title, const std::string& subject, Channel origin) {
        Case k;
        k.id = id;
        k.reference = "TP-" + std::to_string(10000 + ++reference_);
        k.customer_id = c.id;
        k.kind = kind;
        k.title = title;
        k.subject = subject;
        k.origin_channel = origin;
        return k;
    }

    void event(Case& k, Millis at, const std::string& actor, Channel channel,
               const std::string& kind, nlohmann::json params = nlohmann::json::object()) {
        TimelineEvent e;
        e.id = k.id + "-E" + std::to_string(k.timeline.size() + 1);
        e.at = at;
        e.actor = actor;
        e.channel = channel;
        e.kind = kind;
        e.params = std::move(params);
        k.timeline.push_back(std::move(e));
        k.version = static_cast<std::int64_t>(k.timeline.size());
    }

    Sql& db_;
    EntityStore store_;
    Millis anchor_;
    DemoRandom rng_{20240611};
    std::int64_t reference_ = 0;
};

void seed_fixtures(DemoWriter& w, int size) {
    const NamePool& es = kPools[0];
    const NamePool& de = kPools[1];
    const NamePool& fr = kPools[2];
    const NamePool& en = kPools[3];
    Millis a = w.anchor();
    if (size >= 1) {
        Customer c = w.customer(1, es, "José", "García");
        Case delivered = w.order(c, 1, "delivered", 9, 5);
        w.order(c, 2, "shipped", 3);
        Case placed = w.order(c, 3, "placed", 1);
        w.order(c, 4, "delivered", 50, 45);
        w.order(c, 5, "cancelled", 6);
        w.simple_case(c, "CMP-C0001-1", CaseKind::Complaint, texts().late_delivery, "", "closed",
                      Channel::Email, {"opened", "in_progress", "resolved"}, 20, "Customer care");
        w.intray(c, "IT-C0001-1", placed, "confirm_slot", texts().confirm_slot,
                 {slot("slot-1", a + 2 * kDay + 9 * kHour, a + 2 * kDay + 12 * kHour),
                  slot("slot-2", a + 3 * kDay + 13 * kHour, a + 3 * kDay + 17 * kHour)},
                 a + 2 * kDay);
        w.intray(c, "IT-C0001-2", delivered, "survey", texts().survey, score_options(),
                 a + 5 * kDay, "5", Channel::Web,
                 a - kDay + 14 * kHour + 2 * 60 * 1000);
        w.journey(c, 4);
        w.offers(c, 2);
    }
    if (size >= 2) {
        Customer c = w.customer(2, de, "Zoë", "Müller");
        w.repair(c, de, "REP-C0002-1", "T1", "assigned", 9);
        Case ret = w.simple_case(c, "RET-C0002-1", CaseKind::Return, texts().coffee_grinder, "",
                                 "open", Channel::App,
                                 {"return_requested", "item_received", "refund_issued"}, 4,
                                 "Returns");
        w.simple_case(c, "CB-C0002-1", CaseKind::Callback, texts().installation_question, "",
                      "open", Channel::Web, {"callback_requested", "called_back"}, 1,
                      "Call center");
        w.intray(c, "IT-C0002-1", ret, "send_photo", texts().send_photo, {}, a + 3 * kDay);
        w.journey(c, 3);
        w.offers(c, 1);
    }
    if (size >= 3) {
        Customer c = w.customer(3, fr, "François", "Lefèvre");
        w.repair(c, fr, "REP-C0003-1", "T2", "assigned", 11);
        w.repair(c, fr, "REP-C0003-2", "T1", "cancelled", 14);
        w.journey(c, 2);
    }
    if (size >= 4) {
        Customer c = w.customer(4, en, "Søren", "Østergaard");
        w.order(c, 1, "delivered", 6, 2);
        w.journey(c, 2);
        w.offers(c, 3);
    }
    if (size >= 5) {
        Customer c = w.customer(5, es, "María", "Ñúñez");
        w.order(c, 1, "delivered", 7, 3);
        w.repair(c, es, "REP-C0005-1", "T1", "assigned", 15);
        w.journey(c, 2);
        w.offers(c, 1);
    }
}

void seed_generated(DemoWriter& w, int number) {
    DemoRandom& r = w.rng();
    const NamePool& pool = kPools[static_cast<std::size_t>(r.below(4))];
    Customer c = w.customer(number, pool, pool.first[static_cast<std::size_t>(r.below(8))],
                            pool.last[static_cast<std::size_t>(r.below(8))]);
    static const std::array<const char*, 5> kStates{"placed", "shipped", "delivered",
                                                    "delivered", "cancelled"};
    int orders = 1 + r.below(4);
    for (int n = 1; n <= orders; ++n) {
        std::string state = r.pick(kStates);
        int delivered_ago = r.chance(70) ? 1 + r.below(25) : 35 + r.below(60);
        Case o = w.order(c, n, state, state == "delivered" ? delivered_ago + 5 : 1 + r.below(6),
                         delivered_ago);
        if (state == "placed" && r.chance(50))
            w.intray(c, "IT-" + c.id + "-" + std::to_string(n), o, "confirm_slot",
                     texts().confirm_slot,
                     {slot("morning", w.anchor() + 2 * kDay + 8 * kHour,
                           w.anchor() + 2 * kDay + 12 * kHour),
                      slot("afternoon", w.anchor() + 2 * kDay + 13 * kHour,
                           w.anchor() + 2 * kDay + 18 * kHour)},
                     w.anchor() + 2 * kDay);
    }
    const std::string tail = c.id + "-1";
    if (r.chance(30))
        w.simple_case(c, "RET-" + tail, CaseKind::Return, texts().order_return, "", "open",
                      Channel::Web, {"return_requested", "item_received", "refund_issued"},
                      1 + r.below(10), "Returns");
    if (r.chance(25))
        w.repair(c, pool, "REP-" + tail, r.chance(50) ? "T1" : "T2", "assigned",
                 8 + r.below(9));
    if (r.chance(20))
        w.simple_case(c, "CMP-" + tail, CaseKind::Complaint, texts().damaged_packaging, "",
                      r.chance(50) ? "open" : "closed", Channel::Chat,
                      {"opened", "in_progress", "resolved"}, 2 + r.below(20), "Customer care");
    if (r.chance(15))
        w.simple_case(c, "CB-" + tail, CaseKind::Callback, texts().billing_question, "", "open",
                      Channel::App, {"callback_requested", "called_back"}, 1, "Call center");
    w.journey(c, 2 + r.below(4));
    w.offers(c, r.below(3));
}

}  // namespace

std::vector<EnrollCode> demo_enroll_codes() {
    std::vector<EnrollCode> codes;
    for (int i = 1; i <= 20; ++i) codes.push_back({"KIOSK-S1-" + two_digits(i), "S1"});
    for (int i = 1; i <= 5; ++i) codes.push_back({"KIOSK-S2-" + two_digits(i), "S2"});
    return codes;
}

Millis default_demo_anchor(Millis now) {
    return start_of_utc_day(now);
}

bool seed_demo(Sql& db, int size, Millis anchor) {
    Transaction txn(db);
    auto any = db.prepare("SELECT 1 FROM entities WHERE type = 'customer' LIMIT 1");
    if (any.step()) return false;
    DemoWriter w(db, anchor);
    w.staff("R1", "Rosa Jiménez", Role::Rep, "S1", "2468");
    w.staff("R2", "Rainer Vogt", Role::Rep, "S2", "8642");
    w.staff("T1", "Tomás Ortega", Role::Technician, "S1", "1357");
    w.staff("T2", "Théo Marchand", Role::Technician, "S1", "7531");
    seed_fixtures(w, size);
    for (int number = 6; number <= size; ++number) seed_generated(w, number);
    w.finish();
    add_enroll_codes(db, demo_enroll_codes());
    write_meta(db, "demo_anchor", std::to_string(anchor));
    txn.commit();
    return true;
}

}  // namespace tp::service
