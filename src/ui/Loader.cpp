// conflictmap ui: the loading worker.
#include "ui/Loader.h"

#include <algorithm>
#include <filesystem>

#include "core/Utf8.h"
#include "extract/Extractor.h"
#include "extract/Report.h"
#include "gazetteer/Resolver.h"
#include "io/EventImport.h"

namespace cm::ui {

namespace fs = std::filesystem;

std::string lower_extension(const std::string& path) { return ascii_lower(fs::path(path).extension().string()); }

bool is_report_file(const std::string& path) {
    const std::string ext = lower_extension(path);
    return ext == ".txt" || ext == ".md" || ext == ".markdown" || ext == ".html" || ext == ".htm";
}

Loader::~Loader() {
    m_cancel = true;
    if (m_thread.joinable()) m_thread.join();
}

std::string Loader::status() const {
    std::lock_guard lock(m_mutex);
    return m_status;
}

std::optional<LoadResult> Loader::take() {
    if (m_busy) return std::nullopt;
    if (m_thread.joinable()) m_thread.join();
    std::lock_guard lock(m_mutex);
    std::optional<LoadResult> r = std::move(m_result);
    m_result.reset();
    return r;
}

void Loader::wait() {
    if (m_thread.joinable()) m_thread.join();
}

void Loader::start(std::vector<std::string> paths, GazetteerSource gazetteer, bool lean) {
    m_cancel = true;
    if (m_thread.joinable()) m_thread.join();
    m_cancel = false;
    m_busy = true;
    m_progress = 0;
    {
        std::lock_guard lock(m_mutex);
        m_status = "starting";
        m_result.reset();
    }
    m_thread = std::thread([this, paths = std::move(paths), gazetteer = std::move(gazetteer), lean] {
        LoadResult r = load_now(paths, gazetteer, [this](float f, const std::string& what) {
            m_progress = f;
            {
                std::lock_guard lock(m_mutex);
                m_status = what;
            }
            return !m_cancel.load();
        }, lean);
        {
            std::lock_guard lock(m_mutex);
            m_result = std::move(r);
            m_status = "done";
        }
        m_progress = 1;
        m_busy = false;
    });
}

LoadResult Loader::load_now(const std::vector<std::string>& paths, const GazetteerSource& gazetteer_source,
                            const std::function<bool(float, const std::string&)>& progress, bool lean) {
    LoadResult r;
    Diagnostics diag;
    // Folders contribute their files, in name order.
    std::vector<std::string> reports, datasets;
    for (const std::string& p : paths) {
        std::error_code ec;
        if (fs::is_directory(p, ec)) {
            std::vector<std::string> inside;
            for (const auto& e : fs::recursive_directory_iterator(p, fs::directory_options::skip_permission_denied, ec))
                if (e.is_regular_file(ec)) inside.push_back(e.path().string());
            std::sort(inside.begin(), inside.end());
            for (auto& f : inside) (is_report_file(f) ? reports : datasets).push_back(std::move(f));
        } else {
            (is_report_file(p) ? reports : datasets).push_back(p);
        }
    }
    // Events stream from the readers straight into the table's columns (no vector of a million
    // Events in between).
    events::EventTableBuilder builder;
    builder.set_lean(lean);
    const double total = static_cast<double>(reports.size() + datasets.size());
    double done = 0;
    if (!datasets.empty()) {
        const io::ImportResult imported = io::import_events(
            datasets, diag,
            [&](double f, const std::string& what) {
                return progress(static_cast<float>((done + f * datasets.size()) / std::max(1.0, total) * 0.95), what);
            },
            builder);
        r.files_loaded += imported.files_read;
        r.rows_skipped += imported.rows_skipped;
        r.files_failed += imported.files_failed;
        if (imported.cancelled) r.cancelled = true;
        done += static_cast<double>(datasets.size());
    }
    if (!reports.empty()) {
        const gaz::Gazetteer* gazetteer = gazetteer_source ? gazetteer_source() : nullptr;
        if (!gazetteer) {
            for (const auto& f : reports) diag.error(f, 0, "reports need the gazetteer, which did not load");
        } else {
            gaz::Resolver resolver(*gazetteer);
            for (const std::string& f : reports) {
                if (!progress(static_cast<float>(done / std::max(1.0, total) * 0.95), "reading " + fs::path(f).filename().string())) {
                    r.cancelled = true;
                    break;
                }
                try {
                    const ex::Report report = ex::load_report(f);
                    ex::Extraction x = ex::extract_events(report, resolver);
                    for (const auto& w : x.warnings)  // the extractor's notes may already name the report
                        diag.warn(f, 0, w.rfind(report.source + ": ", 0) == 0 ? w.substr(report.source.size() + 2) : w);
                    for (const Event& e : x.events) builder.add(e);
                    ++r.files_loaded;
                } catch (const Error& e) {
                    diag.error(e.file().empty() ? f : e.file(), e.line(), e.message());
                    ++r.files_failed;
                } catch (const std::exception& e) {
                    diag.error(f, 0, e.what());
                    ++r.files_failed;
                }
                done += 1;
            }
        }
    }
    if (!progress(0.97f, "building the event table")) r.cancelled = true;
    r.events = builder.size();
    if (!r.cancelled) r.table = builder.finish();
    r.diagnostics = diag.all();
    return r;
}

}  // namespace cm::ui
