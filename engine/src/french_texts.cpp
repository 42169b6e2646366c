#include "french_texts.hpp"

#include "borne/engine/formatter.hpp"

#include <algorithm>
#include <utility>

namespace borne::engine {

namespace {

// id → French template. An id ending in « /pluriel » is the plural form of the id before it (French
// takes it above 1: « 1,5 ans » but « 1 an », « 0 an »). Placeholders are {name}, filled by name.
constexpr std::pair<std::string_view, std::string_view> table[] = {
    // Values
    {"valeur.oui", "oui"},
    {"valeur.non", "non"},
    {"valeur.inconnue", "inconnu"},
    {"valeur.sans_objet", "sans objet"},
    {"valeur.erreur", "erreur"},
    {"valeur.invalide", "?"},
    // Numbers with a unit
    {"unite.euro", "{n} €"},
    {"unite.pourcent", "{n} %"},
    {"unite.an", "{n} an"},
    {"unite.an/pluriel", "{n} ans"},
    {"unite.mois", "{n} mois"},
    {"unite.jour", "{n} jour"},
    {"unite.jour/pluriel", "{n} jours"},
    // Money and how often it is paid
    {"periode.mensuelle", "par mois"},
    {"periode.annuelle", "par an"},
    {"periode.unique", "une fois"},
    {"montant.mensuelle", "{montant} par mois"},
    {"montant.annuelle", "{montant} par an"},
    {"montant.unique", "{montant} (une fois)"},
    {"montant_court.mensuelle", "{montant}/mois"},
    {"montant_court.annuelle", "{montant}/an"},
    {"montant_court.unique", "{montant} une fois"},
    // Dates: « 1er avril 2026 »
    {"date", "{jour} {mois} {annee}"},
    {"date.mois", "{mois} {annee}"},
    {"ordinal.1", "{n}er"},
    {"ordinal", "{n}e"},
    // Persons, as questions and explanations name them
    {"personne.foyer", "votre foyer"},
    {"personne.demandeur", "vous"},
    {"personne.conjoint", "votre conjoint"},
    {"personne.enfant", "votre {rang} enfant"},
    // The engine's own sentences about an aid
    {"aide.hors_periode", "Cette aide est proposée du {debut} au {fin}."},
    {"aide.debut_non_precise", "(début non précisé)"},
    {"aide.fin_non_precisee", "(fin non précisée)"},
    {"aide.sous_le_seuil", "Le montant calculé ({calcule}) est inférieur au minimum versé ({minimum})."},
    {"aide.montant_nul", "Avec les ressources et la situation indiquées, le montant calculé est nul."},
    {"aide.valeur_supposee", "{question} : valeur supposée"},
    // Months
    {"mois.1", "janvier"},
    {"mois.2", "février"},
    {"mois.3", "mars"},
    {"mois.4", "avril"},
    {"mois.5", "mai"},
    {"mois.6", "juin"},
    {"mois.7", "juillet"},
    {"mois.8", "août"},
    {"mois.9", "septembre"},
    {"mois.10", "octobre"},
    {"mois.11", "novembre"},
    {"mois.12", "décembre"},
};

}  // namespace

std::span<const std::pair<std::string_view, std::string_view>> french_texts() { return table; }

std::string_view french_text(std::string_view id) {
    auto it = std::find_if(std::begin(table), std::end(table), [&](const auto& e) { return e.first == id; });
    return it != std::end(table) ? it->second : std::string_view{};
}

}  // namespace borne::engine
