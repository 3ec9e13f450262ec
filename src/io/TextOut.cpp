// conflictmap io: the buffered text writer (see TextOut.h).
#include "io/TextOut.h"

#include <charconv>
#include <cmath>
#include <cstdio>

#include <cpl_error.h>

#include "core/Error.h"
#include "core/Utf8.h"

namespace cm::io {

TextOut::TextOut(const std::string& path) : m_path(path) {
    m_fp = VSIFOpenL(path.c_str(), "wb");
    if (!m_fp) throw Error(std::string("cannot create the file: ") + CPLGetLastErrorMsg(), path);
    m_buf.reserve(kFlushAt + 4096);
}

TextOut::~TextOut() {
    if (m_fp) VSIFCloseL(m_fp);
}

void TextOut::json_string(std::string_view s) {
    if (utf8_valid(s)) {
        json_valid(s);
    } else {
        const std::string clean = utf8_sanitize(s);
        json_valid(clean);
    }
}

void TextOut::json_valid(std::string_view s) {
    m_buf.push_back('"');
    std::size_t run = 0;
    for (std::size_t i = 0; i < s.size(); ++i) {
        const auto c = static_cast<unsigned char>(s[i]);
        if (c >= 0x20 && c != '"' && c != '\\') continue;
        m_buf.append(s.substr(run, i - run));
        run = i + 1;
        switch (c) {
            case '"': m_buf.append("\\\""); break;
            case '\\': m_buf.append("\\\\"); break;
            case '\n': m_buf.append("\\n"); break;
            case '\r': m_buf.append("\\r"); break;
            case '\t': m_buf.append("\\t"); break;
            default: {
                char u[8];
                std::snprintf(u, sizeof u, "\\u%04x", c);
                m_buf.append(u);
            }
        }
    }
    m_buf.append(s.substr(run));
    m_buf.push_back('"');
}

void TextOut::integer(long long v) {
    char b[24];
    auto r = std::to_chars(b, b + sizeof b, v);
    m_buf.append(b, r.ptr);
}

void TextOut::json_real(double v, int decimals) {
    if (!std::isfinite(v)) {
        m_buf.append("null");
        return;
    }
    const double scale = std::pow(10.0, decimals);
    double r = std::round(v * scale) / scale;
    if (r == 0) r = 0;  // no "-0"
    char b[40];
    auto res = std::to_chars(b, b + sizeof b, r);
    std::string_view t(b, static_cast<std::size_t>(res.ptr - b));
    m_buf.append(t);
    if (t.find_first_of(".e") == std::string_view::npos) m_buf.append(".0");
}

void TextOut::csv_field(std::string_view s) {
    std::string clean;
    if (!utf8_valid(s)) {
        clean = utf8_sanitize(s);
        s = clean;
    }
    if (s.find_first_of(",\"\r\n") == std::string_view::npos) {
        m_buf.append(s);
        return;
    }
    m_buf.push_back('"');
    for (char c : s) {
        if (c == '"') m_buf.push_back('"');
        m_buf.push_back(c);
    }
    m_buf.push_back('"');
}

void TextOut::flush() {
    if (m_buf.empty()) return;
    if (VSIFWriteL(m_buf.data(), 1, m_buf.size(), m_fp) != m_buf.size()) throw Error("cannot write (disk full?)", m_path);
    m_buf.clear();
}

void TextOut::close() {
    flush();
    const int rc = VSIFCloseL(m_fp);
    m_fp = nullptr;
    if (rc != 0) throw Error("cannot finish writing the file", m_path);
}

}  // namespace cm::io
