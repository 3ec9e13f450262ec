// conflictmap extract: Lexicon (being written).
#include "extract/Lexicon.h"
