// The pictograms of the big buttons: assets/pictograms/NAME.svg, drawn by librsvg at the size the
// screen needs (no blur from scaling a bitmap) and kept as SDL textures for ImGui.
#pragma once

#include <map>
#include <string>
#include <utility>

struct SDL_Renderer;
struct SDL_Texture;

namespace borne::kiosk {

class Pictograms {
public:
    Pictograms(SDL_Renderer* renderer, std::string directory) : m_renderer(renderer), m_directory(std::move(directory)) {}
    ~Pictograms();
    Pictograms(const Pictograms&) = delete;
    Pictograms& operator=(const Pictograms&) = delete;

    /// The texture of `name` at `pixels` square, drawn on first use; nullptr when there is no such
    /// pictogram (a button without one) or its file is unreadable (said once on stderr).
    SDL_Texture* texture(const std::string& name, int pixels);

private:
    SDL_Renderer* m_renderer;
    std::string m_directory;
    std::map<std::pair<std::string, int>, SDL_Texture*> m_textures;  // nullptr remembered too
};

}  // namespace borne::kiosk
