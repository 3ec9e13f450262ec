#!/usr/bin/env bash
# The main job: install, build, then open the viewer on the bundled sample (assets/sample/).
# With a display it opens a window; without one it says so and renders the view to
# conflictmap-view.png (or the file given with --screenshot). Extra arguments go to `view`.
set -euo pipefail
cd "$(dirname "$0")/.."
tools/install-deps.sh
tools/build.sh
exec build/src/conflictmap view "$@"
