// conflictmap extract: Dates (being written).
#include "extract/Dates.h"
