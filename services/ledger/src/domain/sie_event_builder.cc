#include "domain/sie_event_builder.h"

#include <map>

#include "domain/convert.h"
#include "tertial/base/strings.h"

namespace tertial::ledger {
namespace {

using period::Date;
using period::FiscalYear;

v1::TransactionKind KindOf(sie::TransactionKind kind) {
  switch (kind) {
    case sie::TransactionKind::kTrans:
      return v1::TRANSACTION_KIND_NORMAL;
    case sie::TransactionKind::kRtrans:
      return v1::TRANSACTION_KIND_ADDED;
    case sie::TransactionKind::kBtrans:
      return v1::TRANSACTION_KIND_REMOVED;
  }
  return v1::TRANSACTION_KIND_NORMAL;
}

// The #TRANS that repeats the #RTRANS before it is there for readers that do not know
// #RTRANS; it must not count twice.
template <typename Transaction>
bool Skipped(const Transaction& transaction) {
  return transaction.repeats_rtrans;
}

std::string DefinitionKey(const v1::LedgerEvent& event) {
  switch (event.event_case()) {
    case v1::LedgerEvent::kOrganisationDefined:
      return "organisation";
    case v1::LedgerEvent::kFiscalYearDefined:
      return StrCat("fiscal_year/", event.fiscal_year_defined().fiscal_year());
    case v1::LedgerEvent::kDimensionDefined:
      return StrCat("dimension/", event.dimension_defined().dimension());
    case v1::LedgerEvent::kObjectDefined:
      return StrCat("object/", event.object_defined().dimension(), "/",
                    event.object_defined().object_id());
    case v1::LedgerEvent::kUnitDefined:
      return StrCat("unit/", event.unit_defined().unit_id());
    case v1::LedgerEvent::kProjectDefined:
      return StrCat("project/", event.project_defined().project_id());
    case v1::LedgerEvent::kAccountDefined:
      return StrCat("account/", event.account_defined().account());
    default:
      return "ledger";
  }
}

}  // namespace

std::string VoucherAggregateKey(const v1::VoucherPosted& voucher) {
  if (voucher.number().empty() || voucher.number_repeated()) {
    return StrCat("voucher/", voucher.fiscal_year(), "/", voucher.import_id(), "@",
                  voucher.source_line());
  }
  return StrCat("voucher/", voucher.fiscal_year(), "/", voucher.series(), "/", voucher.number());
}

SieEventBuilder::SieEventBuilder(const SiePlan& plan, std::string import_id)
    : plan_(plan), import_id_(std::move(import_id)) {}

absl::Status SieEventBuilder::Begin(EventSink& sink) {
  int index = 0;
  for (const v1::LedgerEvent& event : plan_.definitions) {
    if (absl::Status s = sink.Emit(v1::LedgerEvent(event), DefinitionKey(event),
                                   StrCat(import_id_, "/definition/", index++), 0);
        !s.ok()) {
      return s;
    }
  }
  return absl::OkStatus();
}

absl::Status SieEventBuilder::Add(const sie::Item& item, EventSink& sink) {
  const sie::Voucher* voucher = std::get_if<sie::Voucher>(&item);
  return voucher != nullptr ? AddVoucher(*voucher, sink) : absl::OkStatus();
}

absl::Status SieEventBuilder::Add(const sie::ItemView& item, EventSink& sink) {
  const sie::VoucherView* voucher = std::get_if<sie::VoucherView>(&item);
  return voucher != nullptr ? AddVoucher(*voucher, sink) : absl::OkStatus();
}

template <typename Voucher>
absl::Status SieEventBuilder::AddVoucher(const Voucher& voucher, EventSink& sink) {
  const int64_t ordinal = voucher_ordinal_++;
  if (plan_.skipped_vouchers.Contains(static_cast<uint64_t>(ordinal))) return absl::OkStatus();
  // One message reused for every voucher: a sink that only reads it leaves its memory.
  v1::LedgerEvent& event = scratch_;
  event.Clear();
  v1::VoucherPosted* posted = event.mutable_voucher_posted();
  const FiscalYear* year = plan_.YearOf(voucher.date);
  if (year == nullptr) return absl::InternalError("a voucher outside the planned fiscal years");
  posted->set_fiscal_year(year->label());
  if (plan_.repeated_vouchers.contains(ordinal)) posted->set_number_repeated(true);
  // (data, size): the same for the owned strings and the reader's views.
  posted->set_series(voucher.series.data(), voucher.series.size());
  posted->set_number(voucher.number.data(), voucher.number.size());
  ToProto(voucher.date, posted->mutable_date());
  posted->set_text(voucher.text.data(), voucher.text.size());
  if (voucher.registered) ToProto(*voucher.registered, posted->mutable_registered());
  posted->set_signature(voucher.signature.data(), voucher.signature.size());
  posted->set_import_id(import_id_);
  posted->set_source_line(voucher.line);
  posted->mutable_transactions()->Reserve(static_cast<int>(voucher.transactions.size()));
  for (const auto& source : voucher.transactions) {
    if (Skipped(source)) continue;
    v1::Transaction* transaction = posted->add_transactions();
    transaction->set_account(source.account.data(), source.account.size());
    for (const auto& object : source.objects) {
      v1::ObjectRef* ref = transaction->add_objects();
      ref->set_dimension(object.dimension);
      ref->set_object_id(object.object_id.data(), object.object_id.size());
    }
    transaction->set_amount_ore(source.amount_ore);
    if (source.date) ToProto(*source.date, transaction->mutable_date());
    if (!source.text.empty()) transaction->set_text(source.text.data(), source.text.size());
    transaction->set_kind(KindOf(source.kind));
    if (!source.quantity.empty()) {
      transaction->set_quantity(source.quantity.data(), source.quantity.size());
    }
  }
  const std::string key = VoucherAggregateKey(*posted);
  return sink.Emit(std::move(event), key, StrCat(import_id_, "/line/", voucher.line),
                   EpochSeconds(voucher.date));
}

absl::Status SieEventBuilder::Finish(const v1::ImportCompleted& completed, EventSink& sink) {
  for (const v1::VoucherPosted& voucher : plan_.balance_vouchers) {
    v1::LedgerEvent event;
    *event.mutable_voucher_posted() = voucher;
    event.mutable_voucher_posted()->set_import_id(import_id_);
    const std::string key = VoucherAggregateKey(event.voucher_posted());
    if (absl::Status s =
            sink.Emit(std::move(event), key, StrCat(import_id_, "/psaldo/", voucher.number()),
                      EpochSeconds(FromProto(voucher.date())));
        !s.ok()) {
      return s;
    }
  }
  // Budget lines go out per fiscal year, in events of bounded size.
  constexpr int kLinesPerEvent = 5000;
  std::map<int, v1::BudgetLinesSet> sets;
  auto flush = [&](v1::BudgetLinesSet& set) -> absl::Status {
    if (set.lines_size() == 0) return absl::OkStatus();
    v1::LedgerEvent event;
    *event.mutable_budget_lines_set() = std::move(set);
    set.Clear();
    const int year = event.budget_lines_set().fiscal_year();
    return sink.Emit(std::move(event), StrCat("budget/", year),
                     StrCat(import_id_, "/budget/", year, "/", budget_events_++), 0);
  };
  for (const v1::BudgetLine& line : plan_.budget_lines) {
    const FiscalYear* year = plan_.YearOf(Date{line.period().year(), line.period().month(), 1});
    const int label = year != nullptr ? year->label() : line.period().year();
    v1::BudgetLinesSet& set = sets[label];
    *set.add_lines() = line;
    if (set.lines_size() >= kLinesPerEvent) {
      set.set_fiscal_year(label);
      set.set_import_id(import_id_);
      if (absl::Status s = flush(set); !s.ok()) return s;
    }
  }
  for (auto& [label, set] : sets) {
    set.set_fiscal_year(label);
    set.set_import_id(import_id_);
    if (absl::Status s = flush(set); !s.ok()) return s;
  }
  v1::LedgerEvent event;
  *event.mutable_import_completed() = completed;
  return sink.Emit(std::move(event), StrCat("import/", import_id_),
                   StrCat(import_id_, "/completed"), 0);
}

}  // namespace tertial::ledger
