// What the kiosk tests share: the bundled rules and communes, loaded once, and the personas.
#pragma once

#include "borne/engine/communes.hpp"
#include "borne/engine/loader.hpp"
#include "borne/kiosk/flow.hpp"

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

namespace borne::test {

std::shared_ptr<const engine::RuleSet> bundled_rules();
const engine::CommuneDirectory& communes();
std::vector<std::filesystem::path> personas();
engine::Situation read_persona(const std::filesystem::path& file);
/// A flow on the bundled rules with a known PIN (« 2468 ») and short timeouts left at their defaults.
std::unique_ptr<kiosk::Flow> make_flow(engine::Date month, kiosk::SlipPrinter printer = {});
const std::string& agent_pin_hash();

}  // namespace borne::test
