#include "french_texts.hpp"

#include "borne/engine/formatter.hpp"

#include <algorithm>
#include <utility>

namespace borne::engine {

namespace {

// E_(id, French) and EN_(id, French singular, French plural) are the markers i18n/catalogues extracts
// into the kiosk's catalogue (msgctxt the id): each language translates them there, with its own plural
// forms. Placeholders are {name}, filled by name.
constexpr EngineText E_(std::string_view id, std::string_view french) { return {id, french, {}}; }
constexpr EngineText EN_(std::string_view id, std::string_view singular, std::string_view plural) { return {id, singular, plural}; }

constexpr EngineText table[] = {
    // Values
    E_("valeur.oui", "oui"),
    E_("valeur.non", "non"),
    E_("valeur.inconnue", "inconnu"),
    E_("valeur.sans_objet", "sans objet"),
    E_("valeur.erreur", "erreur"),
    E_("valeur.invalide", "?"),
    // Numbers with a unit
    E_("unite.euro", "{n} €"),
    E_("unite.pourcent", "{n} %"),
    EN_("unite.an", "{n} an", "{n} ans"),
    EN_("unite.mois", "{n} mois", "{n} mois"),
    EN_("unite.jour", "{n} jour", "{n} jours"),
    // Numbers: « 1 234,56 » (the thousands separator is a narrow no-break space in French)
    // TRANSLATORS: the decimal separator of amounts (« 12,50 € »): « , » or « . ».
    E_("nombre.decimale", ","),
    // TRANSLATORS: the thousands separator of amounts (« 1 234 € »): a space, « , » or « . ».
    E_("nombre.milliers", " "),
    // Money and how often it is paid
    E_("periode.mensuelle", "par mois"),
    E_("periode.annuelle", "par an"),
    E_("periode.unique", "une fois"),
    E_("montant.mensuelle", "{montant} par mois"),
    E_("montant.annuelle", "{montant} par an"),
    E_("montant.unique", "{montant} (une fois)"),
    E_("montant_court.mensuelle", "{montant}/mois"),
    E_("montant_court.annuelle", "{montant}/an"),
    E_("montant_court.unique", "{montant} une fois"),
    // Dates: « 1er avril 2026 »
    E_("date", "{jour} {mois} {annee}"),
    E_("date.mois", "{mois} {annee}"),
    // TRANSLATORS: ranks (« votre 2e enfant », « 1er avril »), one entry per CLDR ordinal category: the language's
    // rule (ICU) picks it. English: one 1st 21st, two 2nd 22nd, few 3rd 23rd, other 4th 11th 12th 13th; French: one 1er, other 2e.
    // A category the language does not use is never shown: copy « other » there.
    E_("ordinal.one", "{n}er"),
    E_("ordinal.two", "{n}e"),
    E_("ordinal.few", "{n}e"),
    E_("ordinal.many", "{n}e"),
    E_("ordinal.zero", "{n}e"),
    E_("ordinal.other", "{n}e"),
    // Persons, as questions and explanations name them
    E_("personne.foyer", "votre foyer"),
    E_("personne.demandeur", "vous"),
    E_("personne.conjoint", "votre conjoint"),
    E_("personne.enfant", "votre {rang} enfant"),
    // The engine's own sentences about an aid
    E_("aide.hors_periode", "Cette aide est proposée du {debut} au {fin}."),
    E_("aide.debut_non_precise", "(début non précisé)"),
    E_("aide.fin_non_precisee", "(fin non précisée)"),
    E_("aide.sous_le_seuil", "Le montant calculé ({calcule}) est inférieur au minimum versé ({minimum})."),
    E_("aide.montant_nul", "Avec les ressources et la situation indiquées, le montant calculé est nul."),
    E_("aide.valeur_supposee", "{question} : valeur supposée"),
    // Months
    E_("mois.1", "janvier"),
    E_("mois.2", "février"),
    E_("mois.3", "mars"),
    E_("mois.4", "avril"),
    E_("mois.5", "mai"),
    E_("mois.6", "juin"),
    E_("mois.7", "juillet"),
    E_("mois.8", "août"),
    E_("mois.9", "septembre"),
    E_("mois.10", "octobre"),
    E_("mois.11", "novembre"),
    E_("mois.12", "décembre"),
};

}  // namespace

std::span<const EngineText> french_texts() { return table; }

const EngineText* french_text(std::string_view id) {
    auto it = std::find_if(std::begin(table), std::end(table), [&](const EngineText& e) { return e.id == id; });
    return it != std::end(table) ? &*it : nullptr;
}

}  // namespace borne::engine
