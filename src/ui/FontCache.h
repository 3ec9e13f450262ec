// conflictmap ui: Dear ImGui's font atlas kept in a cache file. Rasterising the faces at a
// briefing's sizes (five fonts, ~1,900 glyphs each, 1024x2048 texels) takes ~30 ms of CPU every
// start; reading them back ~1 ms. The file holds the built atlas (texels, glyphs, lookup tables,
// custom rectangles), keyed by the face files, the recipe (sizes, scale) and the program.
#pragma once
#include <filesystem>
#include <string>
#include <vector>

struct ImFontAtlas;

namespace cm::ui {

/// The cache file for an atlas made by `recipe` (anything that changes it: sizes, scale,
/// oversampling) from these face files; empty when there is no cache folder.
std::filesystem::path font_atlas_cache(const std::string& recipe, const std::vector<std::string>& face_files);

/// Writes a built atlas (after Build(), before its texels are cleared). Throws cm::Error.
void save_font_atlas(const ImFontAtlas& atlas, const std::filesystem::path& path);

/// Fills a cleared atlas from a file save_font_atlas made: true, ready as if built; false when
/// the file is missing, of another version, or damaged (the atlas is left cleared).
bool load_font_atlas(ImFontAtlas& atlas, const std::filesystem::path& path);

}  // namespace cm::ui
