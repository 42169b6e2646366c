// The slip told aloud before or after printing: the same ticket the printer gets (kiosk_printer.cpp),
// in the visit's language only (a listener needs no French twin), through printing::spoken_text.
#include "flow_state.hpp"

#include "borne/kiosk/texts.hpp"
#include "borne/printing/ticket.hpp"

#include <sstream>

namespace borne::kiosk {

std::vector<std::string> slip_spoken(const engine::RuleSet& rules, const SlipRequest& request, const Config& config) {
    engine::Evaluation evaluation(rules, request.situation);
    auto results = evaluation.all_aids();
    printing::TicketOptions options;
    options.site = config.site_name;
    options.site_commune = config.site_commune;
    if (!request.resume_code.empty()) options.resume_code = request.resume_code;
    options.language = request.language;
    const LanguageFormatter formatter(request.language);
    options.formatter = &*formatter;
    printing::Ticket ticket = printing::build_ticket(evaluation, results, options);
    std::vector<std::string> texts;
    std::istringstream lines(printing::spoken_text(ticket));
    for (std::string line; std::getline(lines, line);)
        if (!line.empty()) texts.push_back(std::move(line));
    return texts;
}

}  // namespace borne::kiosk
