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

}  // namespace cm
