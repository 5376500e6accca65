#include "tertial/chart/voucher_index.h"

#include "tertial/eventlog/key_coding.h"

namespace tertial::chart {
namespace {

std::string Key(std::string_view prefix, char tag, std::string_view organisation) {
  std::string key(prefix);
  key.push_back(tag);
  key.push_back('\0');
  key.append(organisation);
  key.push_back('\0');
  return key;
}

std::string YearTagged(std::string_view prefix, char tag, std::string_view organisation,
                       int fiscal_year) {
  std::string key = Key(prefix, tag, organisation);
  eventlog::PutBigEndian32(&key, static_cast<uint32_t>(fiscal_year));
  return key;
}

}  // namespace

std::string VoucherIndex::NumbersKey(std::string_view organisation, int fiscal_year,
                                     std::string_view series) const {
  std::string key = YearTagged(prefix_, 'N', organisation, fiscal_year);
  key.append(series);
  return key;
}

std::string VoucherIndex::VoucherKey(std::string_view organisation, int fiscal_year,
                                     std::string_view series, std::string_view number) const {
  std::string key = YearTagged(prefix_, 'v', organisation, fiscal_year);
  key.append(series);
  key.push_back('\0');
  key.append(number);
  return key;
}

std::string VoucherIndex::YearKey(std::string_view organisation, int fiscal_year) const {
  return YearTagged(prefix_, 'w', organisation, fiscal_year);
}

std::string VoucherIndex::CompletedKey(std::string_view organisation,
                                       std::string_view import_id) const {
  std::string key = Key(prefix_, 'x', organisation);
  key.append(import_id);
  return key;
}

std::string VoucherIndex::TakenBackKey(std::string_view organisation, std::string_view import_id,
                                       int source_line) const {
  std::string key = Key(prefix_, 'r', organisation);
  key.append(import_id);
  key.push_back('\0');
  eventlog::PutBigEndian32(&key, static_cast<uint32_t>(source_line));
  return key;
}

void VoucherIndex::BeginStep() {
  number_sets_.clear();
  vouchers_.clear();
  freed_.clear();
  taken_back_.clear();
  years_.clear();
  completed_.clear();
}

absl::StatusOr<VoucherIndex::NumberSet*> VoucherIndex::Numbers(projection::Store& store,
                                                               const std::string& key) {
  auto it = number_sets_.find(key);
  if (it != number_sets_.end()) return &it->second;
  absl::StatusOr<std::optional<std::string>> stored = store.Get(key);
  if (!stored.ok()) return stored.status();
  NumberSet set;
  if (stored->has_value()) {
    std::optional<IntervalSet> decoded = IntervalSet::Decode(**stored);
    if (!decoded) return absl::DataLossError("voucher index: corrupt voucher numbers");
    set.numbers = std::move(*decoded);
  }
  return &number_sets_.emplace(key, std::move(set)).first->second;
}

absl::StatusOr<bool> VoucherIndex::IsCompleted(projection::Store& store,
                                               std::string_view organisation,
                                               std::string_view import_id) {
  std::string key = CompletedKey(organisation, import_id);
  auto done = completed_.find(key);
  if (done != completed_.end()) return done->second;
  absl::StatusOr<std::optional<std::string>> stored = store.Get(key);
  if (!stored.ok()) return stored.status();
  const bool completed = stored->has_value();
  completed_.emplace(std::move(key), completed);
  return completed;
}

absl::StatusOr<bool> VoucherIndex::MayRepeat(projection::Store& store,
                                             std::string_view organisation,
                                             const ledger::v1::VoucherPosted& voucher) {
  std::string year_key = YearKey(organisation, voucher.fiscal_year());
  auto it = years_.find(year_key);
  if (it == years_.end()) {
    absl::StatusOr<std::optional<std::string>> stored = store.Get(year_key);
    if (!stored.ok()) return stored.status();
    it = years_.emplace(std::move(year_key), YearPosters{*stored, *stored}).first;
  }
  std::optional<std::string>& now = it->second.now;
  const std::string& import = voucher.import_id();
  if (import.empty()) {
    now = "*";  // not from an import: nothing vouches for it
  } else if (!now) {
    now = import;
  } else if (*now != import) {
    now = "*";
  }
  if (*now != import) return true;
  // The same import again after it completed: a second copy of it in the log.
  return IsCompleted(store, organisation, import);
}

absl::StatusOr<bool> VoucherIndex::AdmitCompensation(projection::Store& store,
                                                     std::string_view organisation,
                                                     const ledger::v1::VoucherPosted& voucher) {
  if (voucher.number().empty() || voucher.number_repeated()) {
    // Known by its import and line: taken back once.
    std::string key = TakenBackKey(organisation, voucher.import_id(), voucher.source_line());
    if (taken_back_.contains(key)) return false;
    absl::StatusOr<std::optional<std::string>> stored = store.Get(key);
    if (!stored.ok()) return stored.status();
    if (stored->has_value()) return false;
    store.Put(key, "");
    taken_back_.insert(std::move(key));
    return true;
  }
  if (std::optional<uint64_t> plain = PlainNumber(voucher.number())) {
    absl::StatusOr<NumberSet*> numbers =
        Numbers(store, NumbersKey(organisation, voucher.fiscal_year(), voucher.series()));
    if (!numbers.ok()) return numbers.status();
    if (!(*numbers)->numbers.Erase(*plain)) return false;
    (*numbers)->dirty = true;
    return true;
  }
  std::string key =
      VoucherKey(organisation, voucher.fiscal_year(), voucher.series(), voucher.number());
  if (vouchers_.erase(key) == 0) {
    if (freed_.contains(key)) return false;
    absl::StatusOr<std::optional<std::string>> posted = store.Get(key);
    if (!posted.ok()) return posted.status();
    if (!posted->has_value()) return false;
  }
  store.Delete(key);
  freed_.insert(std::move(key));
  return true;
}

absl::StatusOr<bool> VoucherIndex::Admit(projection::Store& store, std::string_view organisation,
                                         const ledger::v1::VoucherPosted& voucher) {
  if (!voucher.retraction_id().empty()) return AdmitCompensation(store, organisation, voucher);
  absl::StatusOr<bool> may_repeat = MayRepeat(store, organisation, voucher);
  if (!may_repeat.ok()) return may_repeat.status();
  if (voucher.number().empty() || voucher.number_repeated()) {
    // Known by its import and line: a copy only if its import completed before it.
    if (voucher.import_id().empty()) return true;
    absl::StatusOr<bool> completed = IsCompleted(store, organisation, voucher.import_id());
    if (!completed.ok()) return completed.status();
    return !*completed;
  }
  if (std::optional<uint64_t> plain = PlainNumber(voucher.number())) {
    absl::StatusOr<NumberSet*> numbers =
        Numbers(store, NumbersKey(organisation, voucher.fiscal_year(), voucher.series()));
    if (!numbers.ok()) return numbers.status();
    if (!(*numbers)->numbers.Insert(*plain)) return false;
    (*numbers)->dirty = true;
    return true;
  }
  std::string key =
      VoucherKey(organisation, voucher.fiscal_year(), voucher.series(), voucher.number());
  if (vouchers_.contains(key)) return false;
  if (*may_repeat && !freed_.contains(key)) {
    absl::StatusOr<std::optional<std::string>> posted = store.Get(key);
    if (!posted.ok()) return posted.status();
    if (posted->has_value()) return false;
  }
  store.Put(key, voucher.import_id());
  freed_.erase(key);
  vouchers_.insert(std::move(key));
  return true;
}

void VoucherIndex::Completed(projection::Store& store, std::string_view organisation,
                             std::string_view import_id) {
  std::string key = CompletedKey(organisation, import_id);
  store.Put(key, "");
  completed_[std::move(key)] = true;
}

absl::Status VoucherIndex::EndStep(projection::Store& store) {
  for (const auto& [key, set] : number_sets_) {
    if (set.dirty) store.Put(key, set.numbers.Encode());
  }
  for (const auto& [key, posters] : years_) {
    if (posters.now && posters.now != posters.stored) store.Put(key, *posters.now);
  }
  BeginStep();
  return absl::OkStatus();
}

PostedVouchers::PostedVouchers(const projection::Reader* reader, std::string organisation,
                               std::string prefix)
    : reader_(reader), organisation_(std::move(organisation)), keys_(std::move(prefix)) {}

bool PostedVouchers::Posted(int fiscal_year, std::string_view series,
                            std::string_view number) const {
  if (std::optional<uint64_t> plain = PlainNumber(number)) {
    std::string key = keys_.NumbersKey(organisation_, fiscal_year, series);
    auto it = numbers_.find(key);
    if (it == numbers_.end()) {
      IntervalSet set;
      absl::StatusOr<std::optional<std::string>> stored = reader_->Get(key);
      if (stored.ok() && stored->has_value()) {
        if (std::optional<IntervalSet> decoded = IntervalSet::Decode(**stored)) set = *decoded;
      }
      it = numbers_.emplace(std::move(key), std::move(set)).first;
    }
    return it->second.Contains(*plain);
  }
  absl::StatusOr<std::optional<std::string>> stored =
      reader_->Get(keys_.VoucherKey(organisation_, fiscal_year, series, number));
  return stored.ok() && stored->has_value();
}

bool PostedVouchers::AnyPosted(int fiscal_year) const {
  absl::StatusOr<std::optional<std::string>> stored =
      reader_->Get(keys_.YearKey(organisation_, fiscal_year));
  return stored.ok() && stored->has_value();
}

}  // namespace tertial::chart
