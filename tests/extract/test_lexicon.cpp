// Tests for extract/ (being written).
#include <doctest/doctest.h>
