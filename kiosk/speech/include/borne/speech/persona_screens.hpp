// The screens a visitor hears on a whole journey: a persona played through the flow (PersonaPlayer),
// each new screen kept as it arrives (what the audio mode reads by itself), then the results' first
// explanation. The speech tests synthesise each of them; borne-speech-bench times them.
#pragma once

#include "borne/kiosk/flow.hpp"

#include <string>
#include <vector>

namespace borne::speech {

struct PersonaScreens {
    std::vector<kiosk::View> views;
    std::string error;  // where the persona got stuck, or empty
};

PersonaScreens persona_screens(kiosk::Flow& flow, const engine::Situation& persona, const engine::CommuneDirectory* communes);

}  // namespace borne::speech
