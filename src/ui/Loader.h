// conflictmap ui: loading off the UI thread. Files (event datasets through io/, reports through
// the extractor) are read on a worker that builds a new immutable EventTable; the UI polls for
// progress each frame and swaps the table pointer when it is ready, so it never freezes.
#pragma once
#include <atomic>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "core/Error.h"
#include "events/EventTable.h"
#include "gazetteer/Gazetteer.h"

namespace cm::ui {

struct LoadResult {
    std::shared_ptr<const events::EventTable> table;
    std::vector<Diagnostic> diagnostics;  ///< bad rows and files, each naming file and row
    std::size_t files_loaded = 0;         ///< files that gave events
    std::size_t events = 0;
    std::size_t rows_skipped = 0;         ///< bad rows left out, each in diagnostics
    std::size_t files_failed = 0;         ///< files that gave nothing (missing, unreadable, not events)
    bool cancelled = false;
};

class Loader {
public:
    ~Loader();
    /// Where the gazetteer comes from, asked on the worker only when reports are among the files
    /// (it may wait for a gazetteer still loading; null: none). What it returns must outlive the load.
    using GazetteerSource = std::function<const gaz::Gazetteer*()>;
    /// Starts loading paths (files or folders) on a worker; a load already running is cancelled.
    /// Event files are read first and need no gazetteer; reports then ask `gazetteer` for one to
    /// place their events. lean: a lean table (EventTableBuilder::set_lean), for pictures that
    /// never show an event's details.
    void start(std::vector<std::string> paths, GazetteerSource gazetteer, bool lean = false);
    void start(std::vector<std::string> paths, const gaz::Gazetteer* gazetteer, bool lean = false) {
        start(std::move(paths), GazetteerSource([gazetteer] { return gazetteer; }), lean);
    }
    bool busy() const { return m_busy.load(); }
    float progress() const { return m_progress.load(); }
    std::string status() const;
    void cancel() { m_cancel = true; }
    /// The finished load, once (nullopt while running or when nothing finished).
    std::optional<LoadResult> take();
    /// Blocks until the running load ends (tests and headless runs).
    void wait();

    /// Loads synchronously on the calling thread (the worker's own body).
    static LoadResult load_now(const std::vector<std::string>& paths, const GazetteerSource& gazetteer,
                               const std::function<bool(float, const std::string&)>& progress, bool lean = false);

private:
    std::thread m_thread;
    std::atomic<bool> m_busy{false}, m_cancel{false};
    std::atomic<float> m_progress{0};
    mutable std::mutex m_mutex;
    std::string m_status;
    std::optional<LoadResult> m_result;
};

/// A path's extension, ASCII lower-cased (".tif").
std::string lower_extension(const std::string& path);
/// True for files the extractor reads (reports) rather than the dataset importers.
bool is_report_file(const std::string& path);

}  // namespace cm::ui
