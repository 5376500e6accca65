#ifndef TERTIAL_CHART_INTERVAL_SET_H_
#define TERTIAL_CHART_INTERVAL_SET_H_

// A set of non-negative integers kept as disjoint ranges. Voucher numbers of a series run
// 1, 2, 3, ... with few gaps, so a year's million vouchers take a handful of ranges: the
// import checks and the projection records "posted" without memory or keys that grow
// with the number of vouchers.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace tertial::chart {

class IntervalSet {
 public:
  bool Contains(uint64_t value) const;
  // Adds `value`; false if it was there already.
  bool Insert(uint64_t value);
  // Removes `value` (a retracted voucher's number); false if it was not there.
  bool Erase(uint64_t value);
  bool empty() const { return ranges_.empty(); }
  size_t ranges() const { return ranges_.size(); }

  // Compact bytes (varints of gaps and lengths) and back; Decode fails on corrupt input.
  std::string Encode() const;
  static std::optional<IntervalSet> Decode(std::string_view bytes);

  friend bool operator==(const IntervalSet&, const IntervalSet&) = default;

 private:
  std::map<uint64_t, uint64_t> ranges_;  // first -> last, inclusive, disjoint, not adjacent
};

// A voucher number as an integer when it is a plain decimal ("17"; not "017", not "A17",
// at most 18 digits), so that it can live in an IntervalSet; nullopt otherwise.
std::optional<uint64_t> PlainNumber(std::string_view number);

}  // namespace tertial::chart

#endif  // TERTIAL_CHART_INTERVAL_SET_H_
