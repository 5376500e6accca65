#ifndef TERTIAL_CHART_ACCOUNT_CLASS_H_
#define TERTIAL_CHART_ACCOUNT_CLASS_H_

// What an account of the chart (Kommun-Bas 13) means for follow-up. Every service that
// turns ledger amounts into costs, revenues or investments asks here, so that the ledger's
// balances, the forecast and the report can never disagree on what counts.
//
//   class 1   assets; 11-12 fixed assets: investment spending (debits) per project,
//             except the accumulated depreciation accounts (four digits ending in 9,
//             e.g. 1119, 1229), which depreciation credits and which are not investment
//   class 2   equity and liabilities; 2381, 2383 and 2388 (Kommun-Bas: liabilities for
//             gatukostnadsersättningar, anläggnings-/anslutningsavgifter and
//             investeringsbidrag, and their sub-accounts) receive investment income per
//             project, where the accounts of their accumulated dissolution (2382, 2384,
//             2389) do not
//   class 3   operating revenue (verksamhetens intäkter)
//   class 4-7 operating costs (verksamhetens kostnader)
//   class 8   tax revenue, grants and financial items
//   class 9   internal accounts
//
// SIE sign: debit positive, credit negative. Net cost of a unit = sum of classes 3-7.

#include <string_view>

namespace tertial::chart {

// DO NOT CHANGE THESE VALUES: stored in projections.
enum class AccountKind {
  kOther = 0,             // balance sheet except fixed assets, classes 8-9, malformed
  kRevenue = 1,           // class 3
  kCost = 2,              // classes 4-7
  kInvestment = 3,        // classes 11-12 (fixed assets): investment spending
  kInvestmentIncome = 4,  // 2381, 2383, 2388...: investment income (grants, contributions)
};

// Classifies an account number ("5010") or a budget's class prefix ("5", "45", "11").
// A prefix of a single "1" is kOther: the budget must say "11" or "12" for investments.
// Investment amounts count per project: a line on 11-12 or an income account without a
// project object is balance-sheet bookkeeping, and callers that sum investments per project
// skip it (tertial/chart/posting.h has the whole rule).
AccountKind Classify(std::string_view account);

// True for both investment kinds (what a project's net investment and budget sum).
inline bool IsInvestment(AccountKind kind) {
  return kind == AccountKind::kInvestment || kind == AccountKind::kInvestmentIncome;
}

// True for classes 3-7 (what the operating statement sums).
inline bool IsOperating(std::string_view account) {
  AccountKind kind = Classify(account);
  return kind == AccountKind::kRevenue || kind == AccountKind::kCost;
}

// The account class as shown in balances: the first digit ("5" for "5010"); empty if the
// account does not start with a digit.
std::string_view AccountClass(std::string_view account);

}  // namespace tertial::chart

#endif  // TERTIAL_CHART_ACCOUNT_CLASS_H_
