#include "tertial/base/html.h"

#include <gtest/gtest.h>

namespace tertial {
namespace {

TEST(HtmlEscapeTest, EscapesMarkupAndQuotesButKeepsText) {
  EXPECT_EQ(HtmlEscape("<script>alert(\"x\")</script> & Å"),
            "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; Å");
  EXPECT_EQ(HtmlEscape(""), "");
}

}  // namespace
}  // namespace tertial
