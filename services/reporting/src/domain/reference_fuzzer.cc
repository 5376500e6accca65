// libFuzzer target for the controllers' narrative (domain/reference.h, docs/fuzzing.md):
// references found, checked and filled against the sample report, then the Markdown subset
// rendered to HTML, which must hold no tag but its own (the input is escaped).

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "domain/builder.h"
#include "domain/reference.h"
#include "render/render.h"
#include "tertial/testing/fuzz_check.h"
#include "testing/sample_input.h"

namespace tertial::reporting {
namespace {

const Report& SampleReport() {
  static const Report* report = [] {
    absl::StatusOr<Report> built = Build(testing::SampleInput());
    TERTIAL_FUZZ_CHECK(built.ok());
    return new Report(std::move(*built));
  }();
  return *report;
}

// Every '<' of the HTML opens one of the tags MarkdownToHtml writes.
bool OnlyOwnTags(std::string_view html) {
  static constexpr std::string_view kTags[] = {
      "<p>",  "</p>",  "<h1>",     "</h1>",     "<h2>", "</h2>", "<h3>", "</h3>",
      "<h4>", "</h4>", "<h5>",     "</h5>",     "<h6>", "</h6>", "<ul>", "</ul>",
      "<li>", "</li>", "<strong>", "</strong>", "<em>", "</em>"};
  for (size_t at = html.find('<'); at != std::string_view::npos; at = html.find('<', at + 1)) {
    bool known = false;
    for (std::string_view tag : kTags) known = known || html.substr(at, tag.size()) == tag;
    if (!known) return false;
  }
  return true;
}

}  // namespace
}  // namespace tertial::reporting

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace tertial::reporting;
  const std::string_view markdown(reinterpret_cast<const char*>(data), size);
  absl::StatusOr<std::vector<Reference>> refs = FindReferences(markdown);
  if (refs.ok()) {
    for (const Reference& ref : *refs) ResolveReference(SampleReport(), ref).IgnoreError();
  }
  CheckNarrative(SampleReport(), markdown).IgnoreError();
  std::vector<std::string> errors;
  const std::string filled = ResolveNarrative(SampleReport(), markdown, &errors);
  TERTIAL_FUZZ_CHECK(OnlyOwnTags(MarkdownToHtml(filled)));
  return 0;
}
