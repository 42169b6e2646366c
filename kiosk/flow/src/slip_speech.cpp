// The slip told aloud before or after printing: the same ticket the printer gets (slip_ticket,
// kiosk_printer.cpp), in the visit's language only (a listener needs no French twin), through printing::spoken_text.
#include "flow_state.hpp"

#include "borne/kiosk/kiosk_printer.hpp"
#include "borne/printing/ticket.hpp"

#include <sstream>

namespace borne::kiosk {

std::vector<std::string> slip_spoken(const engine::RuleSet& rules, const SlipRequest& request, const Config& config) {
    SlipSettings site;
    site.site_name = config.site_name;
    site.site_commune = config.site_commune;
    std::vector<std::string> texts;
    std::istringstream lines(printing::spoken_text(slip_ticket(rules, request, site)));
    for (std::string line; std::getline(lines, line);)
        if (!line.empty()) texts.push_back(std::move(line));
    return texts;
}

}  // namespace borne::kiosk
