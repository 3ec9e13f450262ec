// conflictmap fuzzing: what the targets share — the bundled gazetteer loaded once (the source
// tree's, or $CONFLICTMAP_GAZETTEER_DIR), and bytes handed to readers that take a path through
// GDAL's in-memory files (/vsimem/), never the disk.
#pragma once
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

#include <cpl_vsi.h>

#include "core/Error.h"
#include "core/Paths.h"
#include "gazetteer/Gazetteer.h"
#include "gazetteer/Resolver.h"

namespace cmfuzz {

inline const cm::gaz::Gazetteer& gazetteer() {
    static std::unique_ptr<cm::gaz::Gazetteer> g = [] {
        cm::Diagnostics d;
        return cm::gaz::Gazetteer::load(cm::bundled_gazetteer_dir(), {}, d);
    }();
    return *g;
}

inline const cm::gaz::Resolver& resolver() {
    static cm::gaz::Resolver r(gazetteer());
    return r;
}

/// The bytes as an in-memory file under this name (its extension picks the reader); removed
/// with the object.
class MemFile {
public:
    MemFile(const std::string& name, const std::uint8_t* data, std::size_t size) : m_path("/vsimem/fuzz/" + name) {
        VSILFILE* f = VSIFileFromMemBuffer(m_path.c_str(), const_cast<GByte*>(data), static_cast<vsi_l_offset>(size), FALSE);
        if (f) VSIFCloseL(f);
    }
    ~MemFile() { VSIUnlink(m_path.c_str()); }
    const std::string& path() const { return m_path; }

private:
    std::string m_path;
};

}  // namespace cmfuzz
