#ifndef TERTIAL_FORECAST_LEDGER_TEST_UTIL_H_
#define TERTIAL_FORECAST_LEDGER_TEST_UTIL_H_

// Ledger events written by hand for the forecast's tests (the ledger service is not needed:
// the forecast only reads its topic). Each Append* call appends one batch.

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "tertial/base/hash.h"
#include "tertial/base/strings.h"
#include "tertial/eventlog/envelope.h"
#include "tertial/eventlog/event_log.h"
#include "tertial/ledger/v1/events.pb.h"

namespace tertial::forecast::testing {

namespace lv1 = ::tertial::ledger::v1;

struct Line {
  std::string account;
  std::string unit;
  std::string project;
  int64_t amount_ore = 0;
  lv1::TransactionKind kind = lv1::TRANSACTION_KIND_NORMAL;
};

class LedgerWriter {
 public:
  LedgerWriter(eventlog::EventLog* log, std::string org) : log_(log), org_(std::move(org)) {}

  void Append(const std::vector<lv1::LedgerEvent>& events) {
    std::vector<eventlog::Envelope> batch;
    for (const lv1::LedgerEvent& e : events) {
      absl::StatusOr<eventlog::Envelope> envelope =
          eventlog::Wrap(e, "test", {.organisation = org_, .actor = "test"});
      ASSERT_TRUE(envelope.ok()) << envelope.status();
      last_id_ = envelope->event_id();
      batch.push_back(*envelope);
    }
    ASSERT_TRUE(log_->Append(eventlog::kLedgerTopic, org_, batch).ok());
  }

  static lv1::LedgerEvent Unit(std::string id, std::string parent, std::string name,
                               int position = 0) {
    lv1::LedgerEvent e;
    lv1::UnitDefined* u = e.mutable_unit_defined();
    u->set_unit_id(std::move(id));
    u->set_parent_id(std::move(parent));
    u->set_name(std::move(name));
    u->set_position(position);
    return e;
  }

  static lv1::LedgerEvent Project(std::string id, std::string unit,
                                  std::vector<std::pair<int, int64_t>> frames,
                                  std::string name = "", int position = 0) {
    lv1::LedgerEvent e;
    lv1::ProjectDefined* p = e.mutable_project_defined();
    p->set_project_id(std::move(id));
    p->set_unit_id(std::move(unit));
    p->set_name(std::move(name));
    p->set_position(position);
    for (auto [year, frame] : frames) {
      lv1::ProjectFrame* f = p->add_frames();
      f->set_fiscal_year(year);
      f->set_frame_ore(frame);
    }
    return e;
  }

  static lv1::LedgerEvent FiscalYear(int year, int start_month, int end_year, int end_month,
                                     int end_day) {
    lv1::LedgerEvent e;
    lv1::FiscalYearDefined* f = e.mutable_fiscal_year_defined();
    f->set_fiscal_year(year);
    f->mutable_start()->set_year(year);
    f->mutable_start()->set_month(start_month);
    f->mutable_start()->set_day(1);
    f->mutable_end()->set_year(end_year);
    f->mutable_end()->set_month(end_month);
    f->mutable_end()->set_day(end_day);
    return e;
  }

  // A voucher dated the 15th of `month` of `year`, balanced against bank account 1930.
  static lv1::LedgerEvent Voucher(int fiscal_year, int year, int month,
                                  const std::vector<Line>& lines, std::string number = "") {
    lv1::LedgerEvent e;
    lv1::VoucherPosted* v = e.mutable_voucher_posted();
    v->set_fiscal_year(fiscal_year);
    v->set_series("A");
    v->set_number(std::move(number));
    v->mutable_date()->set_year(year);
    v->mutable_date()->set_month(month);
    v->mutable_date()->set_day(15);
    int64_t sum = 0;
    for (const Line& line : lines) {
      lv1::Transaction* t = v->add_transactions();
      t->set_account(line.account);
      t->set_amount_ore(line.amount_ore);
      t->set_kind(line.kind);
      if (!line.unit.empty()) {
        lv1::ObjectRef* o = t->add_objects();
        o->set_dimension(1);
        o->set_object_id(line.unit);
      }
      if (!line.project.empty()) {
        lv1::ObjectRef* o = t->add_objects();
        o->set_dimension(6);
        o->set_object_id(line.project);
      }
      if (line.kind != lv1::TRANSACTION_KIND_REMOVED) sum += line.amount_ore;
    }
    lv1::Transaction* bank = v->add_transactions();
    bank->set_account("1930");
    bank->set_amount_ore(-sum);
    return e;
  }

  struct BudgetRow {
    std::string unit;
    std::string account;
    std::string project;
    int year = 0;
    int month = 0;
    int64_t amount_ore = 0;
  };
  static lv1::LedgerEvent Budget(int fiscal_year, const std::vector<BudgetRow>& rows,
                                 std::string version = "") {
    lv1::LedgerEvent e;
    lv1::BudgetLinesSet* b = e.mutable_budget_lines_set();
    b->set_fiscal_year(fiscal_year);
    b->set_version(std::move(version));
    for (const BudgetRow& r : rows) {
      lv1::BudgetLine* l = b->add_lines();
      l->set_unit_id(r.unit);
      l->set_account(r.account);
      l->set_project_id(r.project);
      l->mutable_period()->set_year(r.year);
      l->mutable_period()->set_month(r.month);
      l->set_amount_ore(r.amount_ore);
    }
    return e;
  }

  static lv1::LedgerEvent Close(int year, int month) {
    lv1::LedgerEvent e;
    e.mutable_period_closed()->mutable_period()->set_year(year);
    e.mutable_period_closed()->mutable_period()->set_month(month);
    return e;
  }

  const std::string& last_event_id() const { return last_id_; }

 private:
  eventlog::EventLog* log_;
  std::string org_;
  std::string last_id_;
};

}  // namespace tertial::forecast::testing

#endif  // TERTIAL_FORECAST_LEDGER_TEST_UTIL_H_
