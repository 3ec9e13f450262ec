// conflictmap ui: briefings — the map made ready to paste into a slide: no panels; a title and
// subtitle, the time window in words, a legend of what is on the picture with counts, a geodesic
// scale bar, a north arrow (true north in the map's projection), a locator inset, and the credit
// every drawn data source asks for. One code path for `conflictmap render` and the viewer's
// File > Export image; drawn with Dear ImGui's draw lists (no windows) so the same inputs give
// the same pixels.
#pragma once
#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace cm::ui {

class App;

/// What a briefing shows.
struct BriefingOptions {
    std::string title, subtitle;
    bool title_block = true;      ///< title, subtitle and the time window in words
    bool legend = true;           ///< what is on the picture, with counts
    bool scale_bar = true;
    bool north_arrow = true;
    bool inset = true;            ///< where the picture lies in Syria and around it
    bool credits = true;          ///< attribution of every source drawn, and how many event sources
    float scale = 1;              ///< text and marks (dpi / 96)
    std::vector<std::string> user_credits;  ///< the user's layers' own credits
};

/// The time window in words: "17 March 2020", "15–23 March 2020", "28 February – 3 March 2020",
/// "30 December 2019 – 2 January 2020"; "all dates (first – last)" for an all-time window.
std::string window_in_words(std::int32_t first_day, std::int32_t last_day, bool all_time, std::int32_t data_first,
                            std::int32_t data_last);

/// Draws the briefing's decorations over the map for this frame (after the map's own texts).
void draw_briefing(App& app, const BriefingOptions& o);

}  // namespace cm::ui
