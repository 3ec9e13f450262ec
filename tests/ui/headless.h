// Tests of the viewer and briefings: an App run headless for a few frames.
#pragma once
#include <sstream>
#include <string>

#include "ui/App.h"
#include "ui/Runner.h"

namespace cmtest {

/// Runs app headless for `frames` frames of width x height (and writes a screenshot when one is
/// named); returns run_viewer's exit status.
inline int run_headless(cm::ui::App& app, int width, int height, int frames, const std::string& screenshot = {}) {
    cm::ui::RunOptions ro;
    ro.width = width;
    ro.height = height;
    ro.frames = frames;
    ro.headless = true;
    ro.screenshot = screenshot;
    std::ostringstream out, err;
    return cm::ui::run_viewer(app, ro, out, err);
}

}  // namespace cmtest
