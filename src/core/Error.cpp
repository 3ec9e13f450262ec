// conflictmap core: Error and Diagnostics.
#include "core/Error.h"

namespace cm {

namespace {
std::string where(const std::string& file, long line) {
    if (file.empty()) return {};
    return line > 0 ? file + ":" + std::to_string(line) + ": " : file + ": ";
}
}  // namespace

Error::Error(const std::string& message, std::string file, long line)
    : std::runtime_error(where(file, line) + message), m_file(std::move(file)), m_line(line),
      m_message(message) {}

std::string Diagnostic::to_string() const {
    return where(file, line) + (level == Level::Error ? "error: " : "warning: ") + message;
}

void Diagnostics::warn(const std::string& file, long line, const std::string& message) {
    add({Diagnostic::Level::Warning, file, line, message});
}

void Diagnostics::error(const std::string& file, long line, const std::string& message) {
    add({Diagnostic::Level::Error, file, line, message});
}

void Diagnostics::add(Diagnostic d) {
    // A hostile file could produce millions of identical complaints; keep memory bounded.
    constexpr std::size_t kMaxKept = 10000;
    if (m_forward) m_forward(d);
    if (m_all.size() < kMaxKept) m_all.push_back(std::move(d));
}

}  // namespace cm
