#ifndef TERTIAL_BASE_STRINGS_H_
#define TERTIAL_BASE_STRINGS_H_

// Debian 12's Abseil is built with its own absl::string_view, which does not convert from
// std::string_view. tertial's interfaces use std::string_view; these forward to Abseil's
// string functions with the views converted, so that code can write
//   tertial::StrCat("line ", line, ": ", field_view)
// with std::string_view arguments.

#include <string>
#include <string_view>
#include <type_traits>

#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"

namespace tertial {

inline absl::string_view ToAbsl(std::string_view s) {
  return absl::string_view(s.data(), s.size());
}

namespace strings_internal {
template <typename T>
decltype(auto) Forward(const T& value) {
  if constexpr (std::is_convertible_v<const T&, std::string_view> &&
                !std::is_convertible_v<const T&, absl::string_view>) {
    return ToAbsl(std::string_view(value));
  } else {
    return (value);
  }
}
}  // namespace strings_internal

template <typename... Args>
std::string StrCat(const Args&... args) {
  return absl::StrCat(strings_internal::Forward(args)...);
}

template <typename... Args>
void StrAppend(std::string* out, const Args&... args) {
  absl::StrAppend(out, strings_internal::Forward(args)...);
}

}  // namespace tertial

#endif  // TERTIAL_BASE_STRINGS_H_
