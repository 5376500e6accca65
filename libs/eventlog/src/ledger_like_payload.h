#ifndef TERTIAL_EVENTLOG_LEDGER_LIKE_PAYLOAD_H_
#define TERTIAL_EVENTLOG_LEDGER_LIKE_PAYLOAD_H_

// Test support: an event payload shaped like a posted voucher (a few hundred bytes of
// series, number, date, text and lines of account, unit, project and amount), from a
// seed, so that sizes and compression in the Kafka tests are those of a real import and
// not of repeated 'x's. The eventlog cannot use the ledger's protos; the shape is enough.

#include <cstdint>
#include <string>

#include "tertial/base/strings.h"

namespace tertial::eventlog::fixtures {

inline std::string LedgerLikePayload(uint64_t seed) {
  uint64_t state = seed * 0x9E3779B97F4A7C15ull + 1;
  auto next = [&state](uint64_t n) {
    state ^= state << 13;
    state ^= state >> 7;
    state ^= state << 17;
    return state % n;
  };
  static const char* const kAccounts[] = {"4010", "4560", "5010", "5410", "5611", "6110",
                                          "6230", "6420", "7010", "7082", "3510", "2440"};
  static const char* const kUnits[] = {"KLS", "EKS", "PLS", "KOM", "HRS", "IT", "VSS", "LL"};
  static const char* const kTexts[] = {"Leverantörsfaktura", "Kundfaktura",       "Lön",
                                       "Periodisering",      "Internfakturering", "Avskrivning"};
  std::string out =
      StrCat("A\x12", seed,
             "\x1a\x0a"
             "2021-",
             next(12) + 1, "-", next(28) + 1, "\"", kTexts[next(6)], " ", next(100000));
  const int lines = 3 + static_cast<int>(next(4));
  for (int i = 0; i < lines; ++i) {
    StrAppend(&out, "\x2a\x0a", kAccounts[next(12)], "\x12\x03", kUnits[next(8)], "\x1a\x04P",
              100 + next(40), "\x20", next(10'000'000), "\x2a", kTexts[next(6)]);
  }
  return out;
}

}  // namespace tertial::eventlog::fixtures

#endif  // TERTIAL_EVENTLOG_LEDGER_LIKE_PAYLOAD_H_
