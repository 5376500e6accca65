#ifndef TERTIAL_LEDGER_TESTING_VOUCHERS_H_
#define TERTIAL_LEDGER_TESTING_VOUCHERS_H_

// Vouchers as the SIE reader gives them, for tests of the pure import logic.

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "tertial/period/period.h"
#include "tertial/sie/reader.h"

namespace tertial::ledger::testing {

// A #TRANS of `ore` on `account` at `line`.
inline sie::Transaction Trans(std::string account, int64_t ore, int line,
                              std::vector<sie::ObjectRef> objects = {}) {
  sie::Transaction t;
  t.account = std::move(account);
  t.amount_ore = ore;
  t.line = line;
  t.objects = std::move(objects);
  return t;
}

// A #VER at `line`.
inline sie::Voucher Ver(std::string series, std::string number, period::Date date, int line,
                        std::vector<sie::Transaction> transactions) {
  sie::Voucher v;
  v.series = std::move(series);
  v.number = std::move(number);
  v.date = date;
  v.line = line;
  v.transactions = std::move(transactions);
  return v;
}

}  // namespace tertial::ledger::testing

#endif  // TERTIAL_LEDGER_TESTING_VOUCHERS_H_
