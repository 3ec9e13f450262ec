// conflictmap core: the error type every part throws, and the diagnostics sink loaders report to.
// Errors carry the file and the line (or row) they concern, so a message can always name them.
#pragma once
#include <functional>
#include <stdexcept>
#include <string>
#include <vector>

namespace cm {

/// A runtime error about a file (and, where known, a line or row in it).
class Error : public std::runtime_error {
public:
    explicit Error(const std::string& message, std::string file = {}, long line = 0);
    const std::string& file() const { return m_file; }
    long line() const { return m_line; }
    /// The bare message, without the "file:line: " prefix that what() carries.
    const std::string& message() const { return m_message; }

private:
    std::string m_file;
    long m_line;
    std::string m_message;
};

/// One problem found while reading input that did not stop the work (a bad row, a bad field).
struct Diagnostic {
    enum class Level { Warning, Error };
    Level level = Level::Warning;
    std::string file;
    long line = 0;
    std::string message;
    /// "file:line: warning: message" — the form compilers use, which editors can jump to.
    std::string to_string() const;
};

/// Where loaders report what they skipped. Collects by default; may forward as well.
class Diagnostics {
public:
    using Forward = std::function<void(const Diagnostic&)>;
    Diagnostics() = default;
    explicit Diagnostics(Forward forward) : m_forward(std::move(forward)) {}
    void warn(const std::string& file, long line, const std::string& message);
    void error(const std::string& file, long line, const std::string& message);
    const std::vector<Diagnostic>& all() const { return m_all; }
    std::size_t count() const { return m_all.size(); }

private:
    void add(Diagnostic d);
    Forward m_forward;
    std::vector<Diagnostic> m_all;
};

}  // namespace cm
