// The slip a visitor takes home: what it says, as plain data, before any layout. Built from an
// evaluation (build_ticket) or by hand in tests; every renderer (PDF, receipt raster) reads only this.
//
// Nothing personal beyond what the engine's results say about the aids: no answers, no names. The
// resume code and the appointment are printed only when the caller sets them (the visitor chose to).
#pragma once

#include "borne/engine/evaluator.hpp"
#include "borne/engine/formatter.hpp"
#include "borne/i18n/catalogue.hpp"

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace borne::printing {

/// A likely aid, with what to do to get it.
struct TicketAid {
    std::string name;         // "Revenu de solidarité active (RSA)"
    std::string short_name;   // "RSA", or empty
    std::string amount;       // "646,52 €", empty for an aid in kind (a right, not a sum)
    std::string periodicity;  // "par mois", "par an", "une fois"
    std::string cost;         // a right in kind that costs the household: "30,00 € par mois à votre charge"
    std::optional<engine::Money> money;  // the amount typed, for what writes it its own way (the QR summary's « €/mois »)
    std::string why;          // one line: why this amount, for this household
    std::vector<std::string> assumptions;  // answers assumed ("résidence en France : oui")
    // How to claim: any of the three, in this order of ease.
    std::string online_service;  // address of the téléservice (printed with a QR code)
    std::string form;            // "Cerfa n° 15481"
    std::string office;          // "Caisse d'allocations familiales (CAF)", or a local aid's contact
    std::string how_to_claim;    // plain French, one or two sentences
    std::vector<std::string> next_steps;  // deadlines, declarations ("Déclarez vos revenus chaque trimestre")
    std::vector<std::string> dated_steps; // those of next_steps with a date or a deadline (the rules' ensuite_datées): a receipt keeps these
    std::vector<std::string> unchecked;   // conditions the kiosk could not check
};

/// An aid the kiosk could not decide: to see with an agent, with what is missing.
struct TicketCheck {
    std::string name;                  // one aid, or the aids an agent must compute for one reason ("APL, ALF, ALS")
    std::vector<std::string> missing;  // the questions still open, as asked
    std::string reason;                // why an agent must compute it (the rules' « à vérifier » cases)
};

/// One document to bring, once even when several aids ask for it.
struct TicketDocument {
    std::string label;
    std::string detail;
};

struct TicketAppointment {
    std::string when;   // "mardi 3 juin 2026 à 10 h 30"
    std::string where;  // "Accueil CAF, guichet 2"
    std::string with;   // "un conseiller", optional
};

struct Ticket {
    std::string site;              // "Borne d'accès aux droits", or the site's name
    std::string printed_at;        // "22 novembre 2026 à 14 h 05"
    std::string month;             // the simulated month, "novembre 2026"
    std::string rules_in_force;    // "1er avril 2026": the latest amounts in force that month
    std::vector<TicketAid> aids;
    std::vector<TicketDocument> documents;
    std::vector<TicketCheck> to_check;
    /// What the kiosk assumed instead of asking (a question's par_défaut and hypothèse: « Scolarité de votre
    /// 1er enfant (8 ans), d'après son année de naissance : École primaire »), for the visitor to correct.
    std::vector<std::string> assumptions;
    /// The local aids where the visitor lives that this kiosk does not evaluate (engine::local_aids_elsewhere).
    std::vector<std::string> local_elsewhere;
    std::optional<std::string> resume_code;
    std::optional<TicketAppointment> appointment;
    std::string kiosk_version;
    std::string rules_version;     // the rule set's fingerprint
    /// The language the slip is written in: its own words (headings, labels) come from this catalogue.
    i18n::Catalogue language;
    /// When the visitor's language is not French, the same slip in French: each aid, amount, document
    /// and next step is printed in both (the agent at the appointment reads French). Null in French.
    std::shared_ptr<const Ticket> french;
};

struct TicketOptions {
    std::string site = "Borne d'accès aux droits";
    std::chrono::system_clock::time_point printed_at = std::chrono::system_clock::now();
    std::string kiosk_version;
    std::optional<std::string> resume_code;
    std::optional<TicketAppointment> appointment;
    std::string site_commune;  // the site file's commune (INSEE): a local pack that covers it is this site's own
    const engine::Formatter* formatter = &engine::french();  // the language of the engine's texts and amounts
    /// The visitor's language (its catalogue gives the slip's own words). Another than French makes the
    /// slip bilingual: `formatter` writes the visitor's side, engine::french() the French side.
    i18n::Catalogue language;
};

/// The slip for an evaluation's results (with `Ticket::french` set when the language is not French): eligible aids (in the order given) with an amount to pay or a
/// right in kind, undetermined ones as aids to check, documents merged in first-seen order. Aids not
/// obtained (refused, or eligible for less than the amount paid) are left out, as on the kiosk's screen.
Ticket build_ticket(engine::Evaluation& evaluation, const std::vector<engine::AidResult>& results, const TicketOptions& options);

/// The slip told in a few plain lines, for a QR code a phone reads off the kiosk's screen when the
/// printer fails: the site and month, the aids under the office that pays them (« CAF : »), each
/// with its amount and periodicity (or « droit ouvert »), then the aids to see with an agent. At most `max_bytes` of UTF-8: when the
/// lines do not all fit, a last one sends to the desk (a QR code stays scannable off a screen only
/// when it holds little: 271 bytes is version 10 at level L).
std::string ticket_summary(const Ticket& ticket, std::size_t max_bytes = 271, const engine::Formatter& formatter = engine::french());

/// The slip told aloud before it is printed (EN 301 549 §5.1.3.16: a receipt readable without sight),
/// in the slip's language only: each aid with its amount and where to claim it, the documents to bring,
/// the next steps with a date, what the kiosk assumed (« Ce que nous avons supposé »), the aids to see
/// with an agent, the resume code. One sentence a line, for
/// the kiosk's speech (which says « € » and acronyms its own way); the words come from the catalogue.
std::string spoken_text(const Ticket& ticket);

/// "22 novembre 2026 à 14 h 05", in the kiosk's local time.
std::string french_date_time(std::chrono::system_clock::time_point t);

/// The date the latest amount in force on `month` took effect (the slip's "montants en vigueur au").
engine::Date rules_in_force_on(const engine::RuleSet& rules, engine::Date month);

}  // namespace borne::printing
