// conflictmap cli: shared report reading (see Reports.h).
#include "cli/Reports.h"

#include <algorithm>
#include <filesystem>
#include <iterator>

#include "core/Utf8.h"
#include "extract/Lexicon.h"

namespace cm::cli {

namespace fs = std::filesystem;

std::vector<OptionSpec> with_extraction_options(std::vector<OptionSpec> table) {
    table.push_back({"date", 'd', "YYYY-MM-DD", "publication date to resolve relative dates against (overrides the report's)"});
    table.push_back({"min-confidence", 0, "X", "drop events whose confidence is below X (0..1)", "0.35"});
    table.push_back({"lexicon", 0, "FILE[,FILE]", "your own actors and aliases (columns as assets/lexicon/actors.csv); they win over the bundled ones"});
    return table;
}

ex::ExtractOptions extraction_options(const ParsedArgs& args, Io& io, const std::string& command) {
    ex::ExtractOptions opts;
    if (args.has("date")) {
        auto d = CivilDate::parse_iso(args.get("date"));
        if (!d) throw UsageError("--date must be YYYY-MM-DD (got '" + args.get("date") + "')");
        opts.date = d;
    }
    if (args.has("min-confidence")) {
        try {
            opts.min_confidence = std::stod(args.get("min-confidence"));
        } catch (const std::exception&) {
            throw UsageError("--min-confidence must be a number between 0 and 1");
        }
    }
    std::vector<fs::path> lexicons;
    for (const std::string& one : split(args.get("lexicon"), ',')) {
        if (one.empty()) continue;
        std::error_code ec;
        if (!fs::exists(one, ec)) throw Error("no such lexicon file", one);
        lexicons.emplace_back(one);
    }
    ex::set_user_lexicons(std::move(lexicons));
    for (const std::string& p : ex::lexicon_problems()) io.err << "conflictmap " << command << ": warning: " << p << "\n";
    return opts;
}

bool is_report_file(const std::string& path) {
    const std::string e = ascii_lower(fs::path(path).extension().string());
    return e == ".txt" || e == ".md" || e == ".markdown" || e == ".html" || e == ".htm" || e.empty();
}

std::vector<std::string> expand_inputs(const std::vector<std::string>& args, std::ostream& err, const std::string& command,
                                       bool (*keep)(const std::string&), const char* what) {
    std::vector<std::string> out;
    for (const auto& a : args) {
        std::error_code ec;
        if (a != "-" && fs::is_directory(a, ec)) {
            std::vector<std::string> found;
            for (auto it = fs::recursive_directory_iterator(a, fs::directory_options::skip_permission_denied, ec);
                 it != fs::recursive_directory_iterator(); it.increment(ec)) {
                if (ec) break;
                if (it->is_regular_file(ec) && keep(it->path().string())) found.push_back(it->path().string());
            }
            std::sort(found.begin(), found.end());
            if (found.empty()) err << "conflictmap " << command << ": " << a << ": no " << what << " in this folder\n";
            out.insert(out.end(), found.begin(), found.end());
        } else {
            out.push_back(a);
        }
    }
    return out;
}

ex::Report read_report_input(const std::string& in, Io& io) {
    if (in != "-") return ex::load_report(in);
    std::string raw((std::istreambuf_iterator<char>(io.in)), std::istreambuf_iterator<char>());
    if (raw.size() > ex::kMaxReportBytes) throw Error("standard input is larger than the 16 MiB limit", "<stdin>");
    ex::Report report = ex::parse_report(raw, "<stdin>");
    if (trim(report.text).empty()) throw Error("no report text", "<stdin>");
    return report;
}

}  // namespace cm::cli
