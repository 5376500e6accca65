#include "fields.h"

#include <string>

#include "gtest/gtest.h"

namespace tertial::sie::internal {
namespace {

// What a split produced, spelled out.
std::string Show(FieldSplitter& splitter, std::string_view line) {
  std::string padded(line);
  padded.append(kSplitPadding, '"');  // padding the splitter must ignore
  FieldSplitter::Result result = splitter.Split(std::string_view(padded.data(), line.size()));
  std::string out = "result " + std::to_string(static_cast<int>(result));
  if (result != FieldSplitter::Result::kOk) {
    return out + " at " + std::to_string(splitter.error_column());
  }
  const auto show = [&out](const FieldList& list) {
    for (const Field& f : list) {
      out += " [" + std::string(f.text) + "]" + std::to_string(f.column) + (f.quoted ? "q" : "") +
             (f.is_list ? "L" + std::to_string(f.first) + "+" + std::to_string(f.count) : "") +
             (f.high ? "h" : "");
    }
  };
  show(splitter.fields());
  out += " |";
  show(splitter.list_items());
  if (splitter.repaired_final_backslash()) out += " repaired";
  if (splitter.unterminated_quote())
    out += " unterminated@" + std::to_string(splitter.error_column());
  return out;
}

TEST(FieldSplitterTest, SplitsFieldsQuotesAndLists) {
  FieldSplitter s;
  EXPECT_EQ(Show(s, "#TRANS 1910 {1 \"KLS\" 6 \"P 1\"} -1.50 \"\" \"Åt\""),
            "result 0 [#TRANS]1 [1910]8 []13L0+4 [-1.50]31 []37q [\xC3\x85t]40qh | [1]14 "
            "[KLS]16q [6]22 [P 1]24q");
  EXPECT_EQ(Show(s, "  #A\t\"x\\\"y\" z\\w \"C:\\\\d\""),
            "result 0 [#A]3 [x\"y]6q [z\\w]13 [C:\\d]17q |");
  EXPECT_EQ(Show(s, "#A \"open"), "result 0 [#A]1 [open]4q | unterminated@4");
  EXPECT_EQ(Show(s, "#A \"C:\\SIE\\\""), "result 0 [#A]1 [C:\\SIE\\]4q | repaired");
  EXPECT_EQ(Show(s, "#A abc\"def\" \"x\"y"), "result 0 [#A]1 [abc\"def\"]4 [x]13q [y]16 |");
  EXPECT_EQ(Show(s, "#A {1 {2}}"), "result 2 at 7");
  EXPECT_EQ(Show(s, "#A {1"), "result 3 at 4");
  EXPECT_EQ(Show(s, "#A }"), "result 4 at 4");
  EXPECT_EQ(Show(s, "#A \x01"), "result 1 at 4");
  EXPECT_EQ(Show(s, "#A \"a\tb\""), "result 1 at 6");  // a tab is a control character in text
}

}  // namespace
}  // namespace tertial::sie::internal
