// conflictmap core: Event helpers.
#include "core/Event.h"

namespace cm {

const char* event_type_name(EventType t) {
    switch (t) {
        case EventType::Battles: return "Battles";
        case EventType::ExplosionsRemoteViolence: return "Explosions/Remote violence";
        case EventType::ViolenceAgainstCivilians: return "Violence against civilians";
        case EventType::StrategicDevelopments: return "Strategic developments";
        case EventType::Protests: return "Protests";
        case EventType::Riots: return "Riots";
    }
    return "?";
}

EventType parse_event_type(std::string_view name) {
    std::string l;
    for (char c : name) l += static_cast<char>((c >= 'A' && c <= 'Z') ? c - 'A' + 'a' : c);
    for (EventType t : {EventType::Battles, EventType::ExplosionsRemoteViolence, EventType::ViolenceAgainstCivilians,
                        EventType::StrategicDevelopments, EventType::Protests, EventType::Riots}) {
        std::string n;
        for (const char* p = event_type_name(t); *p; ++p) n += static_cast<char>((*p >= 'A' && *p <= 'Z') ? *p - 'A' + 'a' : *p);
        if (n == l) return t;
    }
    return EventType::StrategicDevelopments;
}

}  // namespace cm
