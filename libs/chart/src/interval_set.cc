#include "tertial/chart/interval_set.h"

namespace tertial::chart {
namespace {

void PutVarint(std::string* out, uint64_t v) {
  while (v >= 0x80) {
    out->push_back(static_cast<char>(v | 0x80));
    v >>= 7;
  }
  out->push_back(static_cast<char>(v));
}

bool GetVarint(std::string_view* in, uint64_t* v) {
  uint64_t result = 0;
  for (int shift = 0; shift <= 63 && !in->empty(); shift += 7) {
    uint64_t byte = static_cast<unsigned char>(in->front());
    in->remove_prefix(1);
    result |= (byte & 0x7f) << shift;
    if ((byte & 0x80) == 0) {
      *v = result;
      return true;
    }
  }
  return false;
}

}  // namespace

bool IntervalSet::Contains(uint64_t value) const {
  auto it = ranges_.upper_bound(value);
  if (it == ranges_.begin()) return false;
  --it;
  return value <= it->second;
}

bool IntervalSet::Insert(uint64_t value) {
  auto next = ranges_.upper_bound(value);
  if (next != ranges_.begin()) {
    auto prev = std::prev(next);
    if (value <= prev->second) return false;
    if (prev->second + 1 == value) {
      prev->second = value;
      if (next != ranges_.end() && next->first == value + 1) {
        prev->second = next->second;
        ranges_.erase(next);
      }
      return true;
    }
  }
  if (next != ranges_.end() && next->first == value + 1) {
    uint64_t last = next->second;
    ranges_.erase(next);
    ranges_.emplace(value, last);
    return true;
  }
  ranges_.emplace(value, value);
  return true;
}

bool IntervalSet::Erase(uint64_t value) {
  auto it = ranges_.upper_bound(value);
  if (it == ranges_.begin()) return false;
  --it;
  const uint64_t first = it->first, last = it->second;
  if (value > last) return false;
  ranges_.erase(it);
  if (first < value) ranges_.emplace(first, value - 1);
  if (value < last) ranges_.emplace(value + 1, last);
  return true;
}

std::string IntervalSet::Encode() const {
  std::string out;
  uint64_t previous_end = 0;
  for (const auto& [first, last] : ranges_) {
    PutVarint(&out, first - previous_end);
    PutVarint(&out, last - first);
    previous_end = last;
  }
  return out;
}

std::optional<IntervalSet> IntervalSet::Decode(std::string_view bytes) {
  IntervalSet set;
  uint64_t previous_end = 0;
  bool first_range = true;
  while (!bytes.empty()) {
    uint64_t gap = 0, length = 0;
    if (!GetVarint(&bytes, &gap) || !GetVarint(&bytes, &length)) return std::nullopt;
    if (!first_range && gap < 2) return std::nullopt;  // ranges are disjoint, not adjacent
    uint64_t first = previous_end + gap;
    set.ranges_.emplace(first, first + length);
    previous_end = first + length;
    first_range = false;
  }
  return set;
}

std::optional<uint64_t> PlainNumber(std::string_view number) {
  if (number.empty() || number.size() > 18 || (number.size() > 1 && number[0] == '0')) {
    return std::nullopt;
  }
  uint64_t value = 0;
  for (char c : number) {
    if (c < '0' || c > '9') return std::nullopt;
    value = value * 10 + static_cast<uint64_t>(c - '0');
  }
  return value;
}

}  // namespace tertial::chart
