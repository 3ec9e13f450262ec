// conflictmap gazetteer: name folding for the many ways English reporting transliterates Arabic
// place names, so that "Deir ez-Zor", "Dayr az-Zawr", "Deir Ezzor" and "دير الزور" meet.
//
// Two levels:
//  - fold_name: lower-case ASCII words — diacritics stripped, Arabic script transliterated,
//    apostrophes and ayn/hamza marks dropped, hyphens split, articles (al-, el-, ad-, ash-, ...)
//    removed, "Abu"/"Albu" prefixes unified. "Deir ez-Zor" -> "deir zor".
//  - skeleton: the consonant frame of the folded name, one string without spaces — vowels,
//    non-initial y/w and word-final h after a vowel dropped, digraphs unified (kh=h, sh=s, th=t,
//    dh=z, gh=g, q=k, ch=s, ph=f), doubled letters collapsed. "deir zor" -> "drzr".
// Both are pure functions of their input; they never throw, whatever the bytes.
#pragma once
#include <string>
#include <string_view>

namespace cm::gaz {

/// The folded form: lower-case words without diacritics, articles or punctuation.
std::string fold_name(std::string_view name);
/// The consonant skeleton of an already folded name.
std::string skeleton_of_folded(std::string_view folded);
/// skeleton_of_folded(fold_name(name)).
std::string skeleton(std::string_view name);

/// Optimal string alignment distance (Damerau–Levenshtein with adjacent transpositions),
/// stopping early once it exceeds max_distance (returns max_distance + 1 then).
int edit_distance(std::string_view a, std::string_view b, int max_distance);

}  // namespace cm::gaz
