// conflictmap io: a buffered text file writer over GDAL's virtual file layer ("/vsistdout/" and
// "/vsimem/" work as well as paths), with JSON and CSV field encoders — what the streaming
// GeoJSON and CSV writers share.
#pragma once
#include <string>
#include <string_view>

#include <cpl_vsi.h>

namespace cm::io {

class TextOut {
public:
    /// Opens path for writing (replacing it). Throws cm::Error naming it.
    explicit TextOut(const std::string& path);
    ~TextOut();
    TextOut(const TextOut&) = delete;
    TextOut& operator=(const TextOut&) = delete;

    void raw(std::string_view s) {
        m_buf.append(s);
        if (m_buf.size() >= kFlushAt) flush();
    }
    void ch(char c) { m_buf.push_back(c); }
    /// A JSON string: quoted, escaped; invalid UTF-8 replaced.
    void json_string(std::string_view s);
    /// An integer.
    void integer(long long v);
    /// A real rounded to decimals, shortest form, always with a point ("2.0"); null if not finite.
    void json_real(double v, int decimals);
    /// A CSV field (RFC 4180): quoted only when it holds a comma, quote or line break; invalid
    /// UTF-8 replaced.
    void csv_field(std::string_view s);
    /// Writes what is buffered. Throws cm::Error.
    void flush();
    /// Flushes and closes; a failure to finish throws cm::Error.
    void close();

private:
    static constexpr std::size_t kFlushAt = 1 << 20;
    void json_valid(std::string_view s);
    std::string m_path;
    VSILFILE* m_fp = nullptr;
    std::string m_buf;
};

}  // namespace cm::io
