#ifndef TERTIAL_TESTING_COMPARE_H_
#define TERTIAL_TESTING_COMPARE_H_

// For a failure message about two texts that should be the same (reports, dumps).

#include <string>
#include <string_view>

namespace tertial::testing {

// Where `a` and `b` first differ, with `context` bytes either side, each side named:
//   "sizes 812 and 815; first difference at byte 433:
//      chaos: ...<up to 2*context bytes of a>
//      clean: ...<the same of b>"
// "identical" if they are the same.
std::string FirstDifference(std::string_view a, std::string_view b, std::string_view a_name = "a",
                            std::string_view b_name = "b", size_t context = 80);

}  // namespace tertial::testing

#endif  // TERTIAL_TESTING_COMPARE_H_
