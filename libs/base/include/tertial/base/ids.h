#ifndef TERTIAL_BASE_IDS_H_
#define TERTIAL_BASE_IDS_H_

// The one grammar of ids that tertial takes from outside (docs/formats.md "Ids"):
// organisations (kommunkod), units and boards (objects of SIE dimension 1), projects
// (dimension 6), and the goals, indicators, activities and assignments of a plan. Ids end
// up in keys, URLs and file names (delarsrapport-0580-KS-2021-08.html), so an id is a
// plain name that cannot climb out of a directory:
//
//   1 to 100 characters, each an ASCII letter or digit, '_', '-', '.', '+', or a character
//   from U+00C0 up (Å, Ä, Ö, é, other scripts, symbols) but for × and ÷ and those that
//   could pass for a space or a slash or be invisible (U+2000-U+206F, U+2215, U+3000,
//   U+FEFF, fullwidth punctuation, private use, ...); the first is not '.'.
//
// So "KS", "0580", "P100", "Å1", "┼1" (a real SIE file's "Å1" read as CP437), "+00000"
// and "hr-resurser" are ids; "", ".", "..", "../x", "A/B", "A B", "a:b" and "a\\b" are not.

#include <string>
#include <string_view>

#include "absl/status/status.h"

namespace tertial::ids {

inline constexpr int kMaxIdChars = 100;

// What is wrong with `id` as an id ("'/' at character 2 is not allowed in an id"); empty
// when it is one.
std::string Problem(std::string_view id);
inline bool IsId(std::string_view id) { return Problem(id).empty(); }

// INVALID_ARGUMENT "<where>: '<id>' is not an id: <problem>; expected ..." when `id` is not
// one. `where` names the place as the user knows it ("units.csv:7: unit_id").
absl::Status Check(std::string_view id, std::string_view where);

// The grammar in words, for error messages.
std::string_view Expected();

// A part of a file name made from any text (an id stored before this grammar, a name read
// from a file): every character the grammar does not allow becomes '_', a leading '.'
// too, and it is cut at 100 characters; empty gives "_". An id comes out unchanged, and
// the result is always an id: it can neither name a directory nor leave one.
std::string FileNamePart(std::string_view text);

}  // namespace tertial::ids

#endif  // TERTIAL_BASE_IDS_H_
