// The first-boot setup screens (setup.hpp): one step per setting, each checked when the agent moves on;
// a refused entry stays on screen with the reason, and nothing typed before is lost.
#include "borne/kiosk/setup.hpp"

#include "entry.hpp"

#include "borne/engine/typography.hpp"
#include "borne/packs/config_bundle.hpp"

#include <algorithm>
#include <filesystem>
#include <fmt/format.h>
#include <thread>

namespace borne::kiosk {

namespace {

constexpr std::size_t name_max = 60;
// The idle delays offered (the site file allows 20 to 3600 s): a choice cannot be mistyped.
constexpr int idle_choices[] = {60, 90, 120, 180, 300};

/// The name's keyboard: capitals, hyphen, apostrophe, then « Effacer » on its own row (the last key). The space
/// bar is in the navigation row: a key labelled « Espace » would set the width of every key of the grid.
std::vector<Button> name_keys(const i18n::Catalogue& T) {
    std::vector<Button> keys;
    for (char c = 'A'; c <= 'Z'; ++c) keys.push_back({fmt::format("key:{}", c), std::string(1, c)});
    keys.push_back({"key:tiret", "-"});
    keys.push_back({"key:apostrophe", "'"});
    // TRANSLATORS: keypad, the erase key (about 8 characters).
    keys.push_back({"key:effacer", T.tr("clavier", "Effacer"), "effacer", false});
    return keys;
}

bool digit_key(std::string_view id) { return id.size() == 5 && id.starts_with("key:") && id[4] >= '0' && id[4] <= '9'; }

/// Applies a digit or « Effacer » to `typed`, at most `max` digits.
void press_digit(std::string& typed, std::string_view id, std::size_t max) {
    if (id == "key:effacer") {
        if (!typed.empty()) typed.pop_back();
    } else if (digit_key(id) && typed.size() < max) {
        typed += id[4];
    }
}

bool valid_time(std::string_view hhmm) {
    int h = (hhmm[0] - '0') * 10 + (hhmm[1] - '0'), m = (hhmm[2] - '0') * 10 + (hhmm[3] - '0');
    return h < 24 && m < 60;
}

std::string time_text(std::string_view hhmm) { return fmt::format("{}:{}", hhmm.substr(0, 2), hhmm.substr(2, 2)); }

}  // namespace

std::string hours_shown(const std::string& digits) {
    std::string mask = digits.size() > 8 ? "__:__-__:__ __:__-__:__" : "__:__-__:__";
    std::size_t k = 0;
    for (char& c : mask)
        if (c == '_' && k < digits.size()) c = digits[k++];
    return mask;
}

HoursRead read_hours(const std::string& digits, const i18n::Catalogue& T) {
    if (digits.empty()) return {std::string{}, {}};
    if (digits.size() != 8 && digits.size() != 16)
        // TRANSLATORS: setup, opening hours: the entry is incomplete.
        return {std::nullopt, T.tr("installation", "Tapez 8 chiffres par plage : 0830 1200 pour 08:30-12:00.")};
    std::string out;
    std::string previous_end;
    for (std::size_t at = 0; at < digits.size(); at += 8) {
        std::string_view from = std::string_view(digits).substr(at, 4), to = std::string_view(digits).substr(at + 4, 4);
        for (std::string_view t : {from, to})
            // TRANSLATORS: setup, opening hours: a time that does not exist ({time}: "25:00").
            if (!valid_time(t)) return {std::nullopt, T.trf("installation", "L'heure {time} n'existe pas.", fmt::arg("time", time_text(t)))};
        if (to <= from)
            // TRANSLATORS: setup, opening hours: a range that ends before it starts ({from}, {to}: "12:00").
            return {std::nullopt, T.trf("installation", "La plage finit à {to}, avant son début {from}.", fmt::arg("from", time_text(from)),
                                        fmt::arg("to", time_text(to)))};
        if (!previous_end.empty() && from <= previous_end)
            // TRANSLATORS: setup, opening hours: the afternoon starts before the morning ends.
            return {std::nullopt, T.tr("installation", "La seconde plage doit commencer après la fin de la première.")};
        previous_end = std::string(to);
        out += fmt::format("{}{}-{}", out.empty() ? "" : " ", time_text(from), time_text(to));
    }
    return {out, {}};
}

storage::SiteConfig site_config_of(const SetupAnswers& a, const std::string& pin_hash) {
    storage::SiteConfig c;
    c.site_name = a.site_name;
    c.commune = a.commune;
    c.agent_pin_hash = pin_hash;
    c.idle_seconds = a.idle_seconds;
    c.printer = a.printer;
    c.local_aids = a.local_aids;
    c.opening_hours = a.hours;
    return c;
}

SiteWriter site_file_writer(std::string path) {
    return [path = std::move(path)](SetupAnswers answers) {
        return std::async(std::launch::async, [path, answers = std::move(answers)]() {
            std::string hash = hash_pin(answers.pin);
            if (hash.empty()) return SetupOutcome{false, "libsodium : empreinte du code impossible"};
            std::string error = storage::write_site_config(path, site_config_of(answers, hash));
            return SetupOutcome{error.empty(), error};
        });
    };
}

ImportWatcher config_import_watcher(std::string data_dir) {
    return [data_dir = std::move(data_dir)](std::optional<std::int64_t> since) {
        return std::async(std::launch::async, [data_dir, since]() {
            // A poll: the stick's bundle is installed by update-from-media (root's service), not by this process.
            if (since) std::this_thread::sleep_for(std::chrono::milliseconds(250));
            ImportOutcome out;
            std::error_code ec;
            auto changed = std::filesystem::last_write_time(packs::config_status_file_of(data_dir), ec);
            if (!ec) out.mark = std::chrono::duration_cast<std::chrono::nanoseconds>(changed.time_since_epoch()).count();
            if (!since || out.mark == *since) return out;
            out.arrived = true;
            auto status = packs::read_config_status(data_dir);
            out.reason = status.ok() ? status.value->reason : status.error;
            if (!status.ok()) return out;
            if (!status.value->installed) return out;
            // The site file as the kiosk will read it at start: what the agent confirms is what runs.
            const std::string site = packs::site_file_of(data_dir);
            auto parsed = storage::read_site_config(site);
            for (const auto& e : parsed.errors) out.reason += (out.reason.empty() ? "" : " ; ") + e.to_string(site);
            out.installed = parsed.config.has_value();
            out.config = std::move(parsed.config);
            return out;
        });
    };
}

std::string_view setup_step_name(Setup::Step s) {
    switch (s) {
        case Setup::Step::Name: return "installation-nom";
        case Setup::Step::PostalCode: return "installation-code-postal";
        case Setup::Step::CommuneChoice: return "installation-commune";
        case Setup::Step::Pin: return "installation-code-agent";
        case Setup::Step::PinAgain: return "installation-code-agent-encore";
        case Setup::Step::Idle: return "installation-veille";
        case Setup::Step::Printer: return "installation-imprimante";
        case Setup::Step::Aids: return "installation-aides-locales";
        case Setup::Step::Hours: return "installation-horaires";
        case Setup::Step::Day: return "installation-horaires-jour";
        case Setup::Step::Recap: return "installation-recapitulatif";
        case Setup::Step::Writing: return "installation-ecriture";
        case Setup::Step::Done: return "installation-terminee";
        case Setup::Step::Import: return "installation-import";
        case Setup::Step::Imported: return "installation-importee";
    }
    return "?";
}

Setup::Setup(SetupChoices choices, const engine::CommuneDirectory* communes, i18n::Catalogue lang, SiteWriter writer, ImportWatcher importer)
    : m_choices(std::move(choices)), m_communes(communes), T(std::move(lang)), m_writer(std::move(writer)), m_importer(std::move(importer)) {
    rebuild();
}

Setup::~Setup() = default;

void Setup::tap(std::string_view id) {
    if (m_step == Step::Writing || id.empty()) return;
    if (id == "installation:suivant") next();
    else if (id == "installation:precedent") back();
    else if (id.starts_with("key:")) type(id);
    else if (m_step == Step::CommuneChoice && id.starts_with("commune:")) {
        std::string insee(id.substr(8));
        for (const auto& [code, name] : m_commune_choices)
            if (code == insee) m_answers.commune = code, m_error.clear(), m_step = Step::Pin;
    } else if (m_step == Step::Idle && id.starts_with("veille:")) {
        for (int s : idle_choices)
            if (id.substr(7) == std::to_string(s)) m_answers.idle_seconds = s;
    } else if (m_step == Step::Printer && id.starts_with("imprimante:")) {
        std::string_view k = id.substr(11);
        if (k == "defaut") m_answers.printer.clear();
        for (std::size_t q = 0; q < m_choices.printer_queues.size(); ++q)
            if (k == std::to_string(q)) m_answers.printer = m_choices.printer_queues[q];
    } else if (m_step == Step::Aids && id.starts_with("aide:")) {
        for (std::size_t a = 0; a < m_choices.local_aids.size(); ++a) {
            if (id.substr(5) != std::to_string(a)) continue;
            auto& on = m_answers.local_aids;
            const std::string& aid = m_choices.local_aids[a].id;
            if (auto it = std::find(on.begin(), on.end(), aid); it != on.end()) on.erase(it);
            else on.push_back(aid);
        }
    } else if (m_step == Step::Hours && id.starts_with("jour:")) {
        int d = id.size() == 6 ? id[5] - '0' : -1;
        if (d >= 0 && d < 7) m_day = d, m_day_digits = m_hours_typed[static_cast<std::size_t>(d)], m_error.clear(), m_step = Step::Day;
    } else if (m_step == Step::Day && id == "installation:ferme") {
        m_day_digits.clear();
    } else if (m_step == Step::Recap && id == "installation:enregistrer") {
        m_error.clear();
        m_step = Step::Writing;
        m_writing = m_writer(m_answers);
    } else if ((m_step == Step::Done || m_step == Step::Imported) && id == "installation:ouvrir") {
        m_finished = true;
    } else if (m_step == Step::Name && id == "installation:importer" && m_importer) {
        m_error.clear();
        m_step = Step::Import;
        m_import_mark.reset();
        if (!m_watching.valid()) m_watching = m_importer(std::nullopt);  // where the watch starts
    } else if (m_step == Step::Imported && id == "installation:saisir") {
        m_step = Step::Name;  // the imported file stays until the agent's own is written over it
    }
    rebuild();
}

void Setup::type(std::string_view key) {
    m_error.clear();  // the entry is being corrected: the reason given for the last one goes
    switch (m_step) {
        case Step::Name: {
            std::string& name = m_answers.site_name;
            if (key == "key:effacer") {
                if (!name.empty()) name.pop_back();
            } else if (name.size() < name_max) {
                if (key == "key:espace") name += name.empty() || name.back() == ' ' ? "" : " ";
                else if (key == "key:tiret") name += "-";
                else if (key == "key:apostrophe") name += "'";
                else if (key.size() == 5 && key[4] >= 'A' && key[4] <= 'Z') name += key[4];
            }
            break;
        }
        case Step::PostalCode: press_digit(m_postal_code, key, 5); break;
        case Step::Pin: press_digit(m_answers.pin, key, setup_pin_max); break;
        case Step::PinAgain: press_digit(m_pin_again, key, setup_pin_max); break;
        case Step::Day: press_digit(m_day_digits, key, 16); break;
        default: break;
    }
}

void Setup::next() {
    m_error.clear();
    switch (m_step) {
        case Step::Name: {
            auto& name = m_answers.site_name;
            while (!name.empty() && name.back() == ' ') name.pop_back();
            // TRANSLATORS: setup, error: the site's name is empty.
            if (name.empty()) m_error = T.tr("installation", "Écrivez le nom du lieu : il est imprimé sur chaque ticket.");
            else m_step = Step::PostalCode;
            break;
        }
        case Step::PostalCode: {
            std::vector<const engine::Commune*> found;
            if (m_communes && m_postal_code.size() == 5) found = m_communes->by_postal_code(m_postal_code);
            if (m_postal_code.size() != 5) {
                // TRANSLATORS: setup, error: a postal code has five digits.
                m_error = T.tr("installation", "Un code postal a 5 chiffres.");
            } else if (!m_communes) {
                // TRANSLATORS: setup, error: the communes table could not be read.
                m_error = T.tr("installation", "La table des communes est illisible : la borne ne peut pas être installée.");
            } else if (found.empty()) {
                // TRANSLATORS: setup, error: no commune has this postal code.
                m_error = T.trf("installation", "Aucune commune n'a le code postal {code}.", fmt::arg("code", m_postal_code));
            } else {
                m_commune_choices.clear();
                for (const auto* c : found) m_commune_choices.emplace_back(c->insee, c->name);
                if (m_commune_choices.size() == 1) m_answers.commune = m_commune_choices[0].first, m_step = Step::Pin;
                else m_step = Step::CommuneChoice;
            }
            break;
        }
        case Step::CommuneChoice:
            // TRANSLATORS: setup, error: a commune must be chosen among those of the postal code.
            m_error = T.tr("installation", "Touchez la commune du lieu.");
            break;
        case Step::Pin:
            if (m_answers.pin.size() < setup_pin_min)
                // TRANSLATORS: setup, error: the agent PIN is too short ({min}, {max}: 4, 8).
                m_error = T.trf("installation", "Le code agent a de {min} à {max} chiffres.", fmt::arg("min", setup_pin_min), fmt::arg("max", setup_pin_max));
            else m_pin_again.clear(), m_step = Step::PinAgain;
            break;
        case Step::PinAgain:
            if (m_pin_again != m_answers.pin) {
                // TRANSLATORS: setup, error: the PIN typed again differs; both are typed again.
                m_error = T.tr("installation", "Les deux codes diffèrent : tapez le code agent de nouveau.");
                m_answers.pin.clear();
                m_pin_again.clear();
                m_step = Step::Pin;
            } else {
                m_step = Step::Idle;
            }
            break;
        case Step::Idle: m_step = Step::Printer; break;
        case Step::Printer: m_step = Step::Aids; break;
        case Step::Aids: m_step = Step::Hours; break;
        case Step::Hours: m_step = Step::Recap; break;
        case Step::Day: {
            HoursRead read = read_hours(m_day_digits, T);
            if (!read.hours) {
                m_error = read.problem;  // the digits stay, to be corrected
                break;
            }
            m_hours_typed[static_cast<std::size_t>(m_day)] = m_day_digits;
            auto& hours = m_answers.hours;
            hours.erase(std::remove_if(hours.begin(), hours.end(), [&](const auto& h) { return h.weekday == m_day; }), hours.end());
            if (!read.hours->empty()) hours.push_back({m_day, *read.hours});
            std::sort(hours.begin(), hours.end(), [](const auto& a, const auto& b) { return a.weekday < b.weekday; });
            m_step = Step::Hours;
            break;
        }
        case Step::Recap:
        case Step::Writing:
        case Step::Done:
        case Step::Import:
        case Step::Imported: break;
    }
}

void Setup::back() {
    m_error.clear();
    switch (m_step) {
        case Step::Name: break;
        case Step::PostalCode: m_step = Step::Name; break;
        case Step::CommuneChoice: m_step = Step::PostalCode; break;
        case Step::Pin: m_step = Step::PostalCode; break;
        case Step::PinAgain: m_step = Step::Pin; break;
        case Step::Idle: m_step = Step::Pin; m_answers.pin.clear(); break;
        case Step::Printer: m_step = Step::Idle; break;
        case Step::Aids: m_step = Step::Printer; break;
        case Step::Hours: m_step = Step::Aids; break;
        case Step::Day: m_step = Step::Hours; break;  // the day's digits typed here are dropped, the day keeps its hours
        case Step::Recap: m_step = Step::Hours; break;
        case Step::Import: m_step = Step::Name; break;
        case Step::Imported:
            // Back to the stick: another bundle may be inserted.
            m_step = Step::Import;
            m_import_mark.reset();
            if (!m_watching.valid()) m_watching = m_importer(std::nullopt);
            break;
        case Step::Writing:
        case Step::Done: break;
    }
}

bool Setup::collect_import() {
    if (!m_watching.valid() || m_watching.wait_for(std::chrono::seconds(0)) != std::future_status::ready) return false;
    ImportOutcome outcome = m_watching.get();
    if (m_step != Step::Import) return false;  // the agent left the import screen: the watch ends with it
    if (!m_import_mark) {  // the first look: the outcome already on the disk is not this stick's
        m_import_mark = outcome.mark;
        m_watching = m_importer(m_import_mark);
        return false;
    }
    m_import_mark = outcome.mark;
    if (outcome.arrived && outcome.installed) {
        m_imported = std::move(outcome.config);
        m_error.clear();
        m_step = Step::Imported;
        rebuild();
        return true;
    }
    m_watching = m_importer(m_import_mark);  // refused or nothing yet: the next stick is awaited
    if (!outcome.arrived) return false;
    // TRANSLATORS: setup, import: the stick's configuration bundle was refused ({reason}: the file and the cause, in French).
    m_error = T.trf("installation", "La configuration de la clé est refusée, rien n'a changé : {reason}", fmt::arg("reason", outcome.reason));
    rebuild();
    return true;
}

bool Setup::tick() {
    bool imported = collect_import();
    if (!m_writing.valid() || m_writing.wait_for(std::chrono::seconds(0)) != std::future_status::ready) return imported;
    SetupOutcome outcome = m_writing.get();
    if (outcome.written) {
        m_step = Step::Done;
        m_answers.pin.clear();  // hashed and written: the PIN itself is not kept
        m_pin_again.clear();
    } else {
        // TRANSLATORS: setup, error on the summary: the site file could not be written ({reason}: the file and the system's reason).
        m_error = T.trf("installation", "La configuration n'a pas pu être écrite : {reason}", fmt::arg("reason", outcome.message));
        m_step = Step::Recap;
    }
    rebuild();
    return true;
}

void Setup::rebuild() {
    View v;
    v.screen = Screen::Setup;
    // TRANSLATORS: setup, the header while a new kiosk is installed (in place of the site's name).
    v.site_name = T.tr("installation", "Installation de la borne");
    v.agent = true;
    // TRANSLATORS: header, beside the site's name while an agent uses the kiosk (capitals, short).
    v.agent_badge = T.tr("en-tête", "MODE AGENT");
    v.lang = T.code();
    v.rtl = T.rtl();
    v.error = m_error;
    // TRANSLATORS: button, back to the previous screen (about 10 characters).
    const Button back{"installation:precedent", T.tr("bouton", "Retour"), "retour"};
    // TRANSLATORS: setup, button: on to the next setting.
    const Button on{"installation:suivant", T.tr("installation", "Suivant"), "valider", true};
    auto digits = [&](Keypad kind, const std::string& typed) {
        v.keypad = kind;
        v.keys = keypad_keys(kind, T);
        Entry e{kind, typed};
        v.entry = e.shown();
        v.entry_length = typed.size();
    };
    switch (m_step) {
        case Step::Name:
            // TRANSLATORS: setup, step 1: the site's name, title.
            v.title = T.tr("installation", "Nom du lieu");
            // TRANSLATORS: setup, step 1: help.
            v.help = T.tr("installation", "Il s'affiche à l'accueil et s'imprime sur chaque ticket.");
            v.keypad = Keypad::Code;  // drawn as the code's letter grid, « Effacer » on its own row
            v.keys = name_keys(T);
            v.entry = m_answers.site_name;
            v.entry_length = m_answers.site_name.size();
            // TRANSLATORS: setup, the name keyboard's space bar, in the navigation row (short).
            v.nav = {{"key:espace", T.tr("installation", "Espace")}, on};
            if (m_importer)
                // TRANSLATORS: setup, step 1: button (and the next screen's title): take the site file from a signed bundle on a USB stick.
                v.nav.insert(v.nav.begin(), {"installation:importer", T.tr("installation", "Importer la configuration d'une clé USB")});
            break;
        case Step::PostalCode:
            // TRANSLATORS: setup, step 2: the site's commune, title.
            v.title = T.tr("installation", "Code postal du lieu");
            // TRANSLATORS: setup, step 2: help.
            v.help = T.tr("installation", "Les aides de la commune du lieu sont celles de la borne.");
            digits(Keypad::PostalCode, m_postal_code);
            v.nav = {back, on};
            break;
        case Step::CommuneChoice:
            // TRANSLATORS: setup, step 2: several communes share the postal code.
            v.title = T.tr("installation", "Commune du lieu");
            for (const auto& [code, name] : m_commune_choices) v.choices.push_back({"commune:" + code, name});
            v.nav = {back};
            break;
        case Step::Pin:
        case Step::PinAgain:
            // TRANSLATORS: setup, step 3: the agent PIN, title / title when typed a second time.
            v.title = m_step == Step::Pin ? T.tr("installation", "Code agent") : T.tr("installation", "Code agent, une seconde fois");
            // TRANSLATORS: setup, step 3: help ({min}, {max}: 4, 8).
            v.help = T.trf("installation", "De {min} à {max} chiffres. Il ouvre le mode agent ; il n'est gardé que sous forme d'empreinte.",
                           fmt::arg("min", setup_pin_min), fmt::arg("max", setup_pin_max));
            digits(Keypad::Pin, m_step == Step::Pin ? m_answers.pin : m_pin_again);
            v.nav = {back, on};
            break;
        case Step::Idle:
            // TRANSLATORS: setup, step 4: the idle delay, title.
            v.title = T.tr("installation", "Délai de veille");
            // TRANSLATORS: setup, step 4: help.
            v.help = T.tr("installation", "Sans toucher l'écran pendant ce délai, la borne prévient puis efface tout.");
            for (int s : idle_choices)
                // TRANSLATORS: setup, step 4: a choice of delay ({n} seconds).
                v.choices.push_back({fmt::format("veille:{}", s), T.trf_n("installation", "{n} seconde", "{n} secondes", s), "",
                                     s == m_answers.idle_seconds});
            v.nav = {back, on};
            break;
        case Step::Printer:
            // TRANSLATORS: setup, step 5: the printer queue, title.
            v.title = T.tr("installation", "Imprimante des tickets");
            // TRANSLATORS: setup, step 5: help / help when CUPS has no queue.
            v.help = m_choices.printer_queues.empty() ? T.tr("installation", "Le système n'a aucune file d'impression.")
                                                      : T.tr("installation", "Les files d'impression du système.");
            // TRANSLATORS: setup, step 5: the system's default queue.
            v.choices.push_back({"imprimante:defaut", T.tr("installation", "Imprimante par défaut du système"), "", m_answers.printer.empty()});
            for (std::size_t q = 0; q < m_choices.printer_queues.size(); ++q)
                v.choices.push_back({fmt::format("imprimante:{}", q), m_choices.printer_queues[q], "", m_answers.printer == m_choices.printer_queues[q]});
            v.nav = {back, on};
            break;
        case Step::Aids:
            // TRANSLATORS: setup, step 6: the local aids, title.
            v.title = T.tr("installation", "Aides locales calculées ici");
            // TRANSLATORS: setup, step 6: help / help when no local pack is installed.
            v.help = m_choices.local_aids.empty() ? T.tr("installation", "Aucune aide locale n'est installée.")
                                                  : T.tr("installation", "Les autres aides locales sont seulement nommées aux visiteurs.");
            for (std::size_t a = 0; a < m_choices.local_aids.size(); ++a) {
                Button b{fmt::format("aide:{}", a), m_choices.local_aids[a].name};
                b.toggle = true;
                b.ticked = std::find(m_answers.local_aids.begin(), m_answers.local_aids.end(), m_choices.local_aids[a].id) != m_answers.local_aids.end();
                b.pictogram = b.ticked ? "case_cochee" : "case_vide";
                v.choices.push_back(std::move(b));
            }
            v.nav = {back, on};
            break;
        case Step::Hours:
            // TRANSLATORS: setup, step 7: the opening hours, title.
            v.title = T.tr("installation", "Horaires d'ouverture");
            for (int d = 0; d < 7; ++d) {
                auto it = std::find_if(m_answers.hours.begin(), m_answers.hours.end(), [&](const auto& h) { return h.weekday == d; });
                // TRANSLATORS: setup, step 7: a day without opening hours.
                Line l{storage::weekday_name(d), LineStyle::Text, it == m_answers.hours.end() ? T.tr("installation", "fermé") : it->hours};
                l.button = fmt::format("jour:{}", d);
                // TRANSLATORS: setup, step 7: button beside a day (about 10 characters).
                l.button_label = T.tr("installation", "Modifier");
                v.lines.push_back(std::move(l));
            }
            v.nav = {back, on};
            break;
        case Step::Day:
            // TRANSLATORS: setup, step 7: one day's hours, title ({day}: "lundi").
            v.title = T.trf("installation", "Horaires du {day}", fmt::arg("day", storage::weekday_name(m_day)));
            // TRANSLATORS: setup, step 7: help for typing the hours.
            v.help = T.tr("installation", "0830 1200 pour 08:30-12:00, puis 1330 1630 pour l'après-midi si besoin.");
            digits(Keypad::Integer, m_day_digits);
            v.entry = hours_shown(m_day_digits);
            // TRANSLATORS: setup, step 7: button: the day is closed.
            v.nav = {back, {"installation:ferme", T.tr("installation", "Fermé ce jour")}, on};
            break;
        case Step::Recap:
        case Step::Writing:
        case Step::Done: {
            // TRANSLATORS: setup, the summary's title / the title once the file is written.
            v.title = m_step == Step::Done ? T.tr("installation", "La borne est installée") : T.tr("installation", "Vérifiez avant d'enregistrer");
            summary_lines(v, m_answers);
            if (m_step == Step::Recap)
                // TRANSLATORS: setup, summary: write the site file.
                v.nav = {back, {"installation:enregistrer", T.tr("installation", "Enregistrer"), "valider", true}};
            if (m_step == Step::Writing) v.printing = true;  // no button until the file is written (as a slip on its way)
            if (m_step == Step::Done) {
                // TRANSLATORS: setup, done: help.
                v.help = T.tr("installation", "Le code agent ouvre le mode agent (cinq touches dans le coin en haut à droite).");
                // TRANSLATORS: setup, done: button that opens the kiosk to visitors.
                v.nav = {{"installation:ouvrir", T.tr("installation", "Ouvrir la borne"), "valider", true}};
            }
            break;
        }
        case Step::Import:
        case Step::Imported: break;  // below
    }
    if (m_step == Step::Import) {
        v.title = T.tr("installation", "Importer la configuration d'une clé USB");
        // TRANSLATORS: setup, import: help while waiting for the stick (BORNE-UPDATE: the stick's label, not translated).
        v.help = T.tr("installation", "Insérez la clé BORNE-UPDATE qui porte la configuration signée du site. La borne la vérifie et l'installe.");
        v.nav = {back};
    } else if (m_step == Step::Imported && m_imported) {
        // TRANSLATORS: setup, import: the title over the settings the stick brought.
        v.title = T.tr("installation", "Configuration importée : vérifiez-la");
        // TRANSLATORS: setup, import: help under that title.
        v.help = T.tr("installation", "Elle est enregistrée. Si elle ne convient pas, saisissez la configuration à la main.");
        const storage::SiteConfig& c = *m_imported;
        summary_lines(v, {c.site_name, c.commune, {}, c.idle_seconds, c.printer, c.local_aids, c.opening_hours});
        // TRANSLATORS: setup, import: the agent PIN's line: a hash is in the file / none is (agent mode cannot open).
        std::string pin = c.agent_pin_hash.empty() ? T.tr("installation", "aucun : le mode agent ne pourra pas s'ouvrir") : T.tr("installation", "enregistré");
        v.lines.insert(v.lines.begin() + 2, Line{T.tr("installation", "Code agent"), LineStyle::Text, pin});
        // TRANSLATORS: setup, import: button back to the screens typed by hand.
        v.nav = {back, {"installation:saisir", T.tr("installation", "Saisir à la main")}, {"installation:ouvrir", T.tr("installation", "Ouvrir la borne"), "valider", true}};
    }
    // French typography, as the Flow's screens (view.cpp): ’ for ', no-break spaces before « : ; ? ! ».
    // Not the entry (what the agent typed) nor the names the site file will hold.
    auto fix = [](std::string& text) { text = engine::french_typography(text); };
    for (std::string* text : {&v.site_name, &v.title, &v.help, &v.error}) fix(*text);
    for (auto* buttons : {&v.nav, &v.choices})  // not the keys: « ' » types an apostrophe
        for (Button& b : *buttons) fix(b.label);
    for (Line& l : v.lines) fix(l.text), fix(l.button_label);
    m_view = std::move(v);
}

void Setup::summary_lines(View& v, const SetupAnswers& a) const {
    std::string commune = a.commune;
    if (const engine::Commune* c = m_communes ? m_communes->by_insee(a.commune) : nullptr) commune = c->name + " (" + a.commune + ")";
    std::string printer = a.printer.empty() ? T.tr("installation", "Imprimante par défaut du système") : a.printer;
    std::string aids;
    for (const auto& id : a.local_aids) {  // by name where the rules know it (an imported file may name others)
        auto known = std::find_if(m_choices.local_aids.begin(), m_choices.local_aids.end(), [&](const auto& choice) { return choice.id == id; });
        aids += (aids.empty() ? "" : ", ") + (known == m_choices.local_aids.end() ? id : known->name);
    }
    // TRANSLATORS: setup, summary: no local aid switched on.
    if (aids.empty()) aids = T.tr("installation", "aucune");
    // TRANSLATORS: setup, summary: the lines' labels.
    v.lines.push_back({T.tr("installation", "Nom du lieu"), LineStyle::Text, a.site_name});
    v.lines.push_back({T.tr("installation", "Commune du lieu"), LineStyle::Text, commune});
    v.lines.push_back({T.tr("installation", "Délai de veille"), LineStyle::Text, T.trf_n("installation", "{n} seconde", "{n} secondes", a.idle_seconds)});
    v.lines.push_back({T.tr("installation", "Imprimante des tickets"), LineStyle::Text, printer});
    v.lines.push_back({T.tr("installation", "Aides locales calculées ici"), LineStyle::Text, aids});
    for (const auto& h : a.hours) v.lines.push_back({storage::weekday_name(h.weekday), LineStyle::Text, h.hours});
}

}  // namespace borne::kiosk
