// « Mettre à jour depuis une clé USB » (usb_update.hpp): the report's reader, and the agent tools' screen
// that shows it and asks the agent to confirm the reboot a software bundle needs.
#include "borne/kiosk/usb_update.hpp"

#include "flow_state.hpp"

#include <fmt/format.h>

namespace borne::kiosk {

namespace {

bool take(std::string_view& s, std::string_view prefix) {
    if (s.substr(0, prefix.size()) != prefix) return false;
    s.remove_prefix(prefix.size());
    return true;
}

/// The bundle named at the start of `rest` (« NAME found », « NAME result=… », « NAME why: … »): its entry,
/// made when first named; `rest` is left after the name and its space.
UsbBundle& bundle_named(UsbReport& r, std::string_view& rest) {
    const std::string name(rest.substr(0, rest.find(' ')));
    rest.remove_prefix(std::min(rest.size(), name.size() + 1));
    for (auto& b : r.bundles)
        if (b.name == name) return b;
    r.bundles.push_back({name, UsbBundle::State::Found, {}});
    return r.bundles.back();
}

/// One line of the report; false when it says nothing this reader knows.
bool read_line(UsbReport& r, std::string_view line) {
    if (take(line, "BORNE-RULES-STATUS ")) return r.rules_status = std::string(line), true;
    if (line.starts_with("BORNE-GRUBENV ")) return true;  // the slots' variables: for the boot test, not the agent
    if (!take(line, "BORNE-UPDATE ")) return false;
    if (take(line, "medium=")) return r.medium = std::string(line.substr(0, line.find(' '))), true;
    if (line == "done") return r.finished = true;
    if (line.starts_with("reboot-pending")) return r.reboot_pending = true;
    if (line.starts_with("reboot:")) return true;  // a disk inside the machine: it reboots by itself
    if (line.ends_with(": not mountable")) return r.problem = UsbReport::Problem::NotMountable, true;
    if (line.ends_with(": no *.swu")) return r.problem = UsbReport::Problem::NoBundle, true;
    if (!take(line, "bundle=") || line.empty()) return false;
    UsbBundle& b = bundle_named(r, line);
    if (line == "found") return true;
    if (take(line, "why: ")) return b.reasons.emplace_back(line), true;
    if (take(line, "result=installed")) return b.state = UsbBundle::State::Installed, true;
    if (take(line, "result=refused")) return b.state = UsbBundle::State::Refused, true;
    return false;
}

}  // namespace

UsbReport parse_usb_report(std::string_view text, std::string_view source) {
    UsbReport r;
    int number = 0;
    while (!text.empty()) {
        const std::size_t end = std::min(text.find('\n'), text.size());
        std::string_view line = text.substr(0, end);
        text.remove_prefix(std::min(text.size(), end + 1));
        ++number;
        if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
        if (line.empty() || read_line(r, line)) continue;
        r.errors.push_back(fmt::format("{}:{}: ligne inconnue : {}", source, number, line.substr(0, 120)));
    }
    return r;
}

namespace {

template <class T>
bool arrived(const std::future<T>& f) {
    return f.valid() && f.wait_for(std::chrono::seconds(0)) == std::future_status::ready;
}

}  // namespace

void Flow::set_usb_update(UsbUpdateHooks hooks) {
    m_usb = std::move(hooks);
    rebuild_view();
}

bool Flow::usb_tap(std::string_view id, Clock::time_point now) {
    Impl& I = *m_impl;
    if (id == "cle_usb" && I.agent && m_usb.read) {
        I.screen = Screen::UsbUpdate;
        I.usb_next_read = now + std::chrono::seconds(1);
        if (!m_usb_reading.valid()) m_usb_reading = m_usb.read();  // at once: the screen shows it as soon as it arrives
        return true;
    }
    if (I.screen != Screen::UsbUpdate) return false;
    if (id == "redemarrer" && I.usb_report && I.usb_report->reboot_pending && !I.usb_rebooting && m_usb.reboot) {
        I.usb_rebooting = true;
        m_usb.reboot();
        return true;
    }
    return false;
}

void Flow::usb_poll(Clock::time_point now) {
    Impl& I = *m_impl;
    if (I.screen != Screen::UsbUpdate || !m_usb.read) return;
    // An agent watching a stick's bundles install is there: the idle wipe (which closes agent mode, and the USB
    // with it) waits until they are all tried.
    if (I.usb_report && !I.usb_report->medium.empty() && !I.usb_report->finished && !I.warning) I.last_touch = now;
    if (m_usb_reading.valid() || now < I.usb_next_read) return;
    I.usb_next_read = now + std::chrono::seconds(1);
    m_usb_reading = m_usb.read();
}

bool Flow::usb_collect() {
    if (!arrived(m_usb_reading)) return false;
    Impl& I = *m_impl;
    try {
        I.usb_report = m_usb_reading.get();
        I.usb_report_unreadable = false;
    } catch (...) {  // a reader that broke its promise: said on the screen, never thrown at it
        I.usb_report_unreadable = true;
    }
    return true;
}

void Flow::usb_view(View& v) const {
    const Impl& I = *m_impl;
    const i18n::Catalogue& T = language();
    // TRANSLATORS: agent tools, USB update screen, title (one line).
    v.title = T.tr("clé USB", "Mise à jour depuis une clé USB");
    // TRANSLATORS: agent tools, USB update screen, help (two lines): what to do; BORNE-UPDATE is the stick's name, untranslated.
    v.help = T.tr("clé USB", "Insérez la clé USB nommée BORNE-UPDATE. Ses mises à jour s'installent seules et s'affichent ici.");
    // TRANSLATORS: agent tools, USB update screen, navigation button (about 20 characters).
    const Button back{"retour", T.tr("bouton", "Retour"), "retour"};
    v.nav = {back};
    // TRANSLATORS: agent tools, USB update screen: the report of the installation could not be read.
    if (I.usb_report_unreadable) v.lines.push_back({T.tr("clé USB", "L'état de la mise à jour est illisible."), LineStyle::Warning});
    if (!I.usb_report || I.usb_report->medium.empty()) {
        // TRANSLATORS: agent tools, USB update screen: nothing inserted yet (or nothing read yet).
        if (!I.usb_report_unreadable) v.lines.push_back({T.tr("clé USB", "Aucune clé de mise à jour n'a encore été lue."), LineStyle::Muted});
        return;
    }
    const UsbReport& r = *I.usb_report;
    // TRANSLATORS: agent tools, USB update screen, heading of the list of updates found on the stick.
    v.lines.push_back({T.tr("clé USB", "Mises à jour trouvées sur la clé"), LineStyle::Heading});
    if (r.problem == UsbReport::Problem::NotMountable)
        // TRANSLATORS: agent tools, USB update screen: the stick's file system could not be read.
        v.lines.push_back({T.tr("clé USB", "La clé n'a pas pu être lue."), LineStyle::Warning});
    if (r.problem == UsbReport::Problem::NoBundle)
        // TRANSLATORS: agent tools, USB update screen: the stick holds no update bundle (*.swu files).
        v.lines.push_back({T.tr("clé USB", "La clé ne contient aucune mise à jour (fichier .swu)."), LineStyle::Warning});
    for (const UsbBundle& b : r.bundles) {
        // TRANSLATORS: agent tools, USB update screen, a bundle's outcome (a few words, beside its file name).
        std::string state = b.state == UsbBundle::State::Installed ? T.tr("clé USB", "installée")
                           : b.state == UsbBundle::State::Refused  ? T.tr("clé USB", "refusée")
                                                                   : T.tr("clé USB", "en cours d'installation…");
        v.lines.push_back({b.name, b.state == UsbBundle::State::Refused ? LineStyle::Warning : LineStyle::Text, state});
        for (const auto& why : b.reasons) v.lines.push_back({why, LineStyle::Muted});
    }
    if (!r.rules_status.empty()) {
        // TRANSLATORS: agent tools, USB update screen, heading of the rules' state after the installation.
        v.lines.push_back({T.tr("clé USB", "Règles"), LineStyle::Heading});
        v.lines.push_back({r.rules_status, LineStyle::Text});
    }
    for (const auto& e : r.errors) v.lines.push_back({e, LineStyle::Muted});
    if (I.usb_rebooting) {
        // TRANSLATORS: agent tools, USB update screen: the agent confirmed, the kiosk is restarting.
        v.lines.push_back({T.tr("clé USB", "Redémarrage en cours…"), LineStyle::Heading});
    } else if (r.reboot_pending) {
        // TRANSLATORS: agent tools, USB update screen (two lines): a new software is installed and runs after the restart.
        v.lines.push_back({T.tr("clé USB", "Le nouveau logiciel est installé : il fonctionnera après le redémarrage de la borne."), LineStyle::Warning});
        // TRANSLATORS: agent tools, USB update screen, the button that restarts the kiosk (about 25 characters).
        v.nav.push_back({"redemarrer", T.tr("bouton", "Redémarrer maintenant"), "", true});
    } else if (r.finished) {
        // TRANSLATORS: agent tools, USB update screen: every update on the stick was tried.
        v.lines.push_back({T.tr("clé USB", "Terminé : vous pouvez retirer la clé."), LineStyle::Text});
    }
}

}  // namespace borne::kiosk
