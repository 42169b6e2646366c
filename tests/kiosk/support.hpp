// What the kiosk tests share: the bundled rules and communes, loaded once, and the personas.
#pragma once

#include "borne/engine/communes.hpp"
#include "borne/engine/loader.hpp"
#include "borne/kiosk/flow.hpp"

#include <nlohmann/json.hpp>

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

namespace borne::test {

std::shared_ptr<const engine::RuleSet> bundled_rules();
const engine::CommuneDirectory& communes();
/// The shipped catalogues, French, English and Arabic (a load error throws, naming the file).
std::shared_ptr<const i18n::Catalogues> shipped_languages();
std::vector<std::filesystem::path> personas();
engine::Situation read_persona(const std::filesystem::path& file);
/// A flow on the bundled rules with a known PIN (« 2468 ») and short timeouts left at their defaults.
std::unique_ptr<kiosk::Flow> make_flow(engine::Date month, kiosk::SlipPrinter printer = {});
const std::string& agent_pin_hash();

/// Results JSON as compared with `borne simulate`: an aid refused for several reasons shows the first
/// one known, and the kiosk rightly never asks what cannot change a result (the commune of an owner),
/// so the reason of a refusal is left out, and only of a refusal.
nlohmann::json comparable_results(nlohmann::json results);

struct Run {
    int status = -1;
    std::string output;  // stdout and stderr
};
/// Runs a shell command and waits for it.
Run run(const std::string& command);
/// The agent's gesture (five corner taps) and PIN « 2468 »: the flow then shows the agent tools.
void open_agent_tools(kiosk::Flow& flow, kiosk::Clock::time_point& now);
/// The agent tools' printer line (the one « Actualiser » rereads), or empty when it is not shown.
std::string printer_line(const kiosk::Flow& flow);
/// Ticks `flow` (at `now`) until the slip told aloud, prepared off the screen's thread, is collected
/// (its cue is then in the view, unless the visitor moved on); false when it took over 10 s.
bool wait_for_slip_speech(kiosk::Flow& flow, kiosk::Clock::time_point now);
/// The text of a PDF on one line: pdftotext's line breaks and French no-break spaces as plain spaces.
std::string pdf_text_on_one_line(const std::string& pdf);

}  // namespace borne::test
