// conflictmap gazetteer: packs.
#include "gazetteer/Packs.h"

#include <algorithm>
#include <chrono>
#include <ctime>
#include <fstream>
#include <iterator>
#include <map>

#include "core/Utf8.h"
#include "gazetteer/Gazetteer.h"
#include "gazetteer/Loaders.h"

namespace cm::gaz {

namespace fs = std::filesystem;

namespace {

constexpr const char* kMetaExt = ".meta";

FeatureDefaults pack_defaults(const std::string& name, bool store = false) {
    return store ? FeatureDefaults{PlaceKind::Place, "sp:" + name + ":", "store pack " + name, 2, 45}
                 : FeatureDefaults{PlaceKind::Place, "pk:" + name + ":", "user pack " + name, 2, 45};
}

std::string sanitize_name(std::string s) {
    for (char& c : s)
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_'))
            c = '_';
    return s.substr(0, 64);
}

std::string now_utc() {
    const std::time_t t = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
    std::tm tm{};
    gmtime_r(&t, &tm);
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return buf;
}

std::map<std::string, std::string> read_meta(const fs::path& p) {
    std::map<std::string, std::string> m;
    std::ifstream in(p);
    std::string line;
    while (std::getline(in, line)) {
        const auto eq = line.find('=');
        if (eq != std::string::npos) m[line.substr(0, eq)] = line.substr(eq + 1);
    }
    return m;
}

}  // namespace

fs::path packs_dir(const fs::path& user_data) { return user_data / "gazetteer" / "packs"; }

std::vector<PackInfo> list_packs(const fs::path& packs) {
    std::vector<PackInfo> out;
    std::error_code ec;
    for (const auto& de : fs::directory_iterator(packs, ec)) {
        if (de.path().extension() != kMetaExt) continue;
        auto m = read_meta(de.path());
        PackInfo p;
        p.name = de.path().stem().string();
        p.file = packs / m["file"];
        p.original = m["original"];
        p.added = m["added"];
        p.entries = static_cast<std::size_t>(std::strtoull(m["entries"].c_str(), nullptr, 10));
        p.skipped = static_cast<std::size_t>(std::strtoull(m["skipped"].c_str(), nullptr, 10));
        if (fs::exists(p.file, ec)) out.push_back(std::move(p));
    }
    std::sort(out.begin(), out.end(), [](const PackInfo& a, const PackInfo& b) { return a.name < b.name; });
    return out;
}

PackInfo add_pack(const fs::path& packs, const fs::path& file, std::string name, bool replace, Diagnostics& diag) {
    std::error_code ec;
    if (!fs::is_regular_file(file, ec)) throw Error("no such file", file.string());
    name = sanitize_name(name.empty() ? file.stem().string() : name);
    if (name.empty()) throw Error("pack name is empty", file.string());
    const fs::path meta = packs / (name + kMetaExt);
    if (fs::exists(meta, ec) && !replace)
        throw Error("a pack named '" + name + "' is already installed; use --replace to replace it or --name to "
                    "choose another name", file.string());

    // Check the file loads before keeping it.
    Gazetteer scratch;
    const std::uint32_t origin = scratch.add_origin({"pack:" + name, file.string(), "", 0, 0});
    const std::size_t n = load_any(scratch, file, origin, diag, pack_defaults(name));
    if (n == 0) throw Error("no place could be loaded from this file; nothing was installed", file.string());

    fs::create_directories(packs, ec);
    if (ec) throw Error("cannot create the packs folder: " + ec.message(), packs.string());
    const std::string kept_name = name + ascii_lower(file.extension().string());
    const fs::path kept = packs / kept_name;
    const fs::path tmp = packs / (kept_name + ".tmp");
    fs::copy_file(file, tmp, fs::copy_options::overwrite_existing, ec);
    if (ec) throw Error("cannot copy into the packs folder: " + ec.message(), file.string());
    fs::rename(tmp, kept, ec);  // atomic: a crash leaves the old pack or the new, never half
    if (ec) throw Error("cannot install the pack: " + ec.message(), kept.string());

    PackInfo info{name, kept, fs::absolute(file).string(), now_utc(), n, scratch.origins()[origin].skipped};
    const fs::path meta_tmp = packs / (name + kMetaExt + ".tmp");
    {
        std::ofstream out(meta_tmp);
        out << "file=" << kept_name << "\noriginal=" << info.original << "\nadded=" << info.added
            << "\nentries=" << info.entries << "\nskipped=" << info.skipped << "\n";
        if (!out) throw Error("cannot write pack metadata", meta_tmp.string());
    }
    fs::rename(meta_tmp, meta, ec);
    if (ec) throw Error("cannot write pack metadata: " + ec.message(), meta.string());
    return info;
}

void write_pack(const fs::path& packs, const PackInfo& info, const std::string& bytes) {
    const std::string name = sanitize_name(info.name);
    if (name.empty()) throw Error("pack name is empty", info.original);
    std::string ext = ascii_lower(info.file.extension().string());
    if (ext.size() > 8 || ext.find_first_not_of(".abcdefghijklmnopqrstuvwxyz0123456789") != std::string::npos) ext = ".txt";
    std::error_code ec;
    fs::create_directories(packs, ec);
    if (ec) throw Error("cannot create the packs folder: " + ec.message(), packs.string());
    // Only names of our own making under packs: a pack named "../x" cannot write elsewhere.
    const std::string kept_name = name + ext;
    {
        std::ofstream out(packs / kept_name, std::ios::binary);
        out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
        if (!out) throw Error("cannot write the pack", (packs / kept_name).string());
    }
    std::ofstream meta(packs / (name + kMetaExt));
    meta << "file=" << kept_name << "\noriginal=" << info.original << "\nadded=" << info.added << "\nentries=" << info.entries
         << "\nskipped=" << info.skipped << "\n";
    if (!meta) throw Error("cannot write pack metadata", (packs / (name + kMetaExt)).string());
}

std::string read_pack_bytes(const fs::path& file) {
    std::ifstream in(file, std::ios::binary);
    if (!in) throw Error("cannot read", file.string());
    std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    return bytes;
}

bool remove_pack(const fs::path& packs, const std::string& name) {
    const fs::path meta = packs / (sanitize_name(name) + kMetaExt);
    std::error_code ec;
    if (!fs::exists(meta, ec)) return false;
    auto m = read_meta(meta);
    fs::remove(meta, ec);
    if (!m["file"].empty()) fs::remove(packs / m["file"], ec);
    return true;
}

void load_packs(Gazetteer& g, const fs::path& packs, Diagnostics& diag, bool from_store) {
    for (const PackInfo& p : list_packs(packs)) {
        const std::uint32_t origin = g.add_origin({(from_store ? "store pack:" : "pack:") + p.name,
                                                   from_store ? p.original : p.file.string(),
                                                   from_store ? "the store's own" : "user's own", 0, 0});
        load_any(g, p.file, origin, diag, pack_defaults(p.name, from_store));
    }
}

}  // namespace cm::gaz
