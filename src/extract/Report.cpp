// conflictmap extract: Report (being written).
#include "extract/Report.h"
