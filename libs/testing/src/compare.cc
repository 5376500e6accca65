#include "tertial/testing/compare.h"

#include <algorithm>

#include "tertial/base/strings.h"

namespace tertial::testing {

std::string FirstDifference(std::string_view a, std::string_view b, std::string_view a_name,
                            std::string_view b_name, size_t context) {
  size_t i = 0;
  while (i < a.size() && i < b.size() && a[i] == b[i]) ++i;
  if (i == a.size() && i == b.size()) return "identical";
  size_t from = i < context ? 0 : i - context;
  size_t width = std::max(a_name.size(), b_name.size()) + 1;
  auto side = [&](std::string_view name, std::string_view text) {
    std::string label = StrCat(name, ":");
    label.resize(width, ' ');
    return StrCat("\n  ", label, " ...", from < text.size() ? text.substr(from, 2 * context) : "");
  };
  return StrCat("sizes ", a.size(), " and ", b.size(), "; first difference at byte ", i, ":",
                side(a_name, a), side(b_name, b));
}

}  // namespace tertial::testing
