// Shared test fixture: the bundled gazetteer, loaded once per test binary (no user packs).
#pragma once
#include <doctest/doctest.h>

#include "gazetteer/Gazetteer.h"
#include "gazetteer/Resolver.h"

namespace cmtest {

inline const cm::gaz::Gazetteer& bundled() {
    static const std::unique_ptr<cm::gaz::Gazetteer> g = [] {
        cm::Diagnostics diag;
        auto loaded = cm::gaz::Gazetteer::load(CM_GAZETTEER_DIR, {}, diag);
        for (const auto& d : diag.all()) MESSAGE(d.to_string());
        return loaded;
    }();
    return *g;
}

inline const cm::gaz::Resolver& resolver() {
    static const cm::gaz::Resolver r(bundled());
    return r;
}

/// Resolves a phrase with no context.
inline cm::gaz::Resolution resolve(const std::string& phrase) {
    cm::gaz::Context ctx;
    return resolver().resolve(phrase, ctx);
}

}  // namespace cmtest
