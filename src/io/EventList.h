// conflictmap io: the events a writer takes, one at a time — a vector's, or rows of an EventTable
// made whole only as they are written (a million rows need not be a million Events at once).
#pragma once
#include <cstdint>
#include <set>
#include <string>
#include <vector>

#include "core/Event.h"

namespace cm::io {

class EventList {
public:
    virtual ~EventList() = default;
    virtual std::size_t size() const = 0;
    /// The i-th event; the reference stays valid until the next call.
    virtual const Event& at(std::size_t i) const = 0;
    /// The names of the datasets' own columns the events carry (Event::attributes), in order of
    /// first appearance; writers that need every column before the first row ask this.
    virtual std::vector<std::string> attribute_names() const {
        std::vector<std::string> out;
        std::set<std::string> seen;
        for (std::size_t i = 0; i < size(); ++i)
            for (const Attribute& a : at(i).attributes)
                if (seen.insert(a.name).second) out.push_back(a.name);
        return out;
    }
};

/// A vector as an EventList.
class VectorEvents final : public EventList {
public:
    explicit VectorEvents(const std::vector<Event>& v) : m_v(v) {}
    std::size_t size() const override { return m_v.size(); }
    const Event& at(std::size_t i) const override { return m_v[i]; }

private:
    const std::vector<Event>& m_v;
};

}  // namespace cm::io
