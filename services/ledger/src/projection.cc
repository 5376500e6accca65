#include "projection.h"

#include <algorithm>
#include <tuple>
#include <unordered_map>

#include "domain/convert.h"
#include "domain/sie_import.h"
#include "tertial/base/strings.h"
#include "tertial/chart/account_class.h"
#include "tertial/eventlog/envelope.h"
#include "tertial/eventlog/key_coding.h"

namespace tertial::ledger {
namespace {

using eventlog::GetBigEndian32;
using eventlog::PutBigEndian32;
using eventlog::PutBigEndian64;

// Key tags. DO NOT CHANGE: see projection.h.
constexpr char kCell = 'B';          // B org period(be32) unit \0 account \0 project
constexpr char kOrganisation = 'o';  // o org -> OrganisationDefined
constexpr char kOrgnr = 'n';         // n orgnr -> organisation
constexpr char kYear = 'y';          // y org be32(fy) -> FiscalYearDefined
constexpr char kAccount = 'a';       // a org account -> AccountDefined
constexpr char kDimension = 'd';     // d org be32(dim) -> DimensionDefined
constexpr char kObject = 'j';        // j org be32(dim) object -> ObjectDefined
constexpr char kUnit = 'u';          // u org unit -> UnitDefined
constexpr char kProject = 'p';       // p org project -> ProjectDefined
constexpr char kVoucher = 'v';       // v org be32(fy) series \0 number -> import id (numbers
                                     //   that are not plain decimals)
constexpr char kNumbers = 'N';       // N org be32(fy) series -> IntervalSet of plain numbers
constexpr char kVoucherYear = 'w';   // w org be32(fy) -> import id of the only poster, or "*"
constexpr char kCompleted = 'x';     // x org import id -> "" (ImportCompleted applied)
constexpr char kContent = 'h';       // h org sha256 -> import id
constexpr char kImport = 'i';        // i org be64(offset) -> ImportCompleted
constexpr char kClosed = 'c';        // c org be32(period) -> ""

std::string Prefix(char tag, std::string_view organisation) {
  std::string key(1, tag);
  key.push_back('\0');
  key.append(organisation);
  key.push_back('\0');
  return key;
}

uint32_t PeriodCode(const period::Period& p) { return static_cast<uint32_t>(p.Index()); }

// Writes the key into `*key` (reusing its memory: this runs once per transaction).
void BuildCellKey(std::string* key, std::string_view organisation, const period::Period& p,
                  std::string_view unit, std::string_view account, std::string_view project) {
  key->clear();
  key->push_back(kCell);
  key->push_back('\0');
  key->append(organisation);
  key->push_back('\0');
  PutBigEndian32(key, PeriodCode(p));
  key->append(unit);
  key->push_back('\0');
  key->append(account);
  key->push_back('\0');
  key->append(project);
}

std::string CellKey(std::string_view organisation, const period::Period& p, std::string_view unit,
                    std::string_view account, std::string_view project) {
  std::string key;
  BuildCellKey(&key, organisation, p, unit, account, project);
  return key;
}

std::string_view ObjectIn(const v1::Transaction& transaction, int dimension) {
  for (const v1::ObjectRef& object : transaction.objects()) {
    if (object.dimension() == dimension) return object.object_id();
  }
  return {};
}

std::string VoucherKey(std::string_view organisation, int fiscal_year, std::string_view series,
                       std::string_view number) {
  std::string key = Prefix(kVoucher, organisation);
  PutBigEndian32(&key, static_cast<uint32_t>(fiscal_year));
  key.append(series);
  key.push_back('\0');
  key.append(number);
  return key;
}

std::string NumbersKey(std::string_view organisation, int fiscal_year, std::string_view series) {
  std::string key = Prefix(kNumbers, organisation);
  PutBigEndian32(&key, static_cast<uint32_t>(fiscal_year));
  key.append(series);
  return key;
}

std::string YearKey(char tag, std::string_view organisation, int fiscal_year) {
  std::string key = Prefix(tag, organisation);
  PutBigEndian32(&key, static_cast<uint32_t>(fiscal_year));
  return key;
}

uint64_t ZigZag(int64_t v) { return (static_cast<uint64_t>(v) << 1) ^ static_cast<uint64_t>(v >> 63); }
int64_t UnZigZag(uint64_t v) { return static_cast<int64_t>(v >> 1) ^ -static_cast<int64_t>(v & 1); }

std::string EncodeCell(int64_t actual, int64_t budget) {
  std::string value;
  eventlog::PutVarint(&value, ZigZag(actual));
  eventlog::PutVarint(&value, ZigZag(budget));
  return value;
}

bool DecodeCell(std::string_view value, int64_t* actual, int64_t* budget) {
  uint64_t a = 0, b = 0;
  if (!eventlog::GetVarint(&value, &a) || !eventlog::GetVarint(&value, &b)) return false;
  *actual = UnZigZag(a);
  *budget = UnZigZag(b);
  return true;
}

struct CellParts {
  period::Period period;
  std::string_view unit, account, project;
};

bool ParseCellKey(std::string_view key, size_t prefix_size, CellParts* parts) {
  if (key.size() < prefix_size + 4) return false;
  parts->period = period::Period::FromIndex(static_cast<int>(GetBigEndian32(key.data() + prefix_size)));
  std::string_view rest = key.substr(prefix_size + 4);
  size_t a = rest.find('\0');
  if (a == std::string_view::npos) return false;
  size_t b = rest.find('\0', a + 1);
  if (b == std::string_view::npos) return false;
  parts->unit = rest.substr(0, a);
  parts->account = rest.substr(a + 1, b - a - 1);
  parts->project = rest.substr(b + 1);
  return true;
}

template <typename Message>
absl::Status PutMessage(projection::Store& store, const std::string& key, const Message& m) {
  std::string value;
  if (!m.SerializeToString(&value)) return absl::InternalError("cannot serialize");
  store.Put(key, value);
  return absl::OkStatus();
}

template <typename Message>
std::optional<Message> GetMessage(const projection::Reader& reader, const std::string& key) {
  absl::StatusOr<std::optional<std::string>> value = reader.Get(key);
  if (!value.ok() || !value->has_value()) return std::nullopt;
  Message m;
  if (!m.ParseFromString(**value)) return std::nullopt;
  return m;
}

absl::StatusOr<bool> Exists(const projection::Reader& reader, const std::string& key) {
  absl::StatusOr<std::optional<std::string>> value = reader.Get(key);
  if (!value.ok()) return value.status();
  return value->has_value();
}

absl::Status ApplyProject(const std::string& org, const v1::ProjectDefined& defined,
                          projection::Store& store) {
  std::string key = Prefix(kProject, org) + defined.project_id();
  std::optional<v1::ProjectDefined> existing = GetMessage<v1::ProjectDefined>(store, key);
  v1::ProjectDefined merged = defined;
  if (existing) {
    // Frames merge by year: a frame given replaces that year's, the others stay.
    std::map<int, int64_t> frames;
    for (const v1::ProjectFrame& f : existing->frames()) frames[f.fiscal_year()] = f.frame_ore();
    for (const v1::ProjectFrame& f : defined.frames()) frames[f.fiscal_year()] = f.frame_ore();
    merged.clear_frames();
    for (const auto& [year, frame] : frames) {
      v1::ProjectFrame* f = merged.add_frames();
      f->set_fiscal_year(year);
      f->set_frame_ore(frame);
    }
    // A project defined by use in an SIE file keeps the owner and name a project file gave.
    if (merged.unit_id().empty()) merged.set_unit_id(existing->unit_id());
  }
  return PutMessage(store, key, merged);
}

}  // namespace

absl::StatusOr<LedgerProjection::NumberSet*> LedgerProjection::Numbers(projection::Store& store,
                                                                       const std::string& key) {
  auto it = number_sets_.find(key);
  if (it != number_sets_.end()) return &it->second;
  absl::StatusOr<std::optional<std::string>> stored = store.Get(key);
  if (!stored.ok()) return stored.status();
  NumberSet set;
  if (stored->has_value()) {
    std::optional<IntervalSet> decoded = IntervalSet::Decode(**stored);
    if (!decoded) return absl::DataLossError("ledger projection: corrupt voucher numbers");
    set.numbers = std::move(*decoded);
  }
  return &number_sets_.emplace(key, std::move(set)).first->second;
}

void LedgerProjection::BeginStep() {
  cells_.clear();
  number_sets_.clear();
  vouchers_.clear();
  voucher_years_.clear();
  completed_.clear();
}

absl::StatusOr<bool> LedgerProjection::MayRepeat(projection::Store& store, const std::string& org,
                                                 const v1::VoucherPosted& voucher) {
  std::string year_key = YearKey(kVoucherYear, org, voucher.fiscal_year());
  auto it = voucher_years_.find(year_key);
  if (it == voucher_years_.end()) {
    absl::StatusOr<std::optional<std::string>> stored = store.Get(year_key);
    if (!stored.ok()) return stored.status();
    it = voucher_years_.emplace(std::move(year_key), YearPosters{*stored, *stored}).first;
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
  auto done = completed_.find(import);
  if (done == completed_.end()) {
    absl::StatusOr<bool> exists = Exists(store, Prefix(kCompleted, org) + import);
    if (!exists.ok()) return exists.status();
    done = completed_.emplace(import, *exists).first;
  }
  return done->second;
}

absl::Status LedgerProjection::ApplyVoucher(const std::string& org,
                                            const v1::VoucherPosted& voucher,
                                            projection::Store& store) {
  std::optional<uint64_t> plain = PlainNumber(voucher.number());
  if (plain && !voucher.number_repeated()) {
    // The import never posts a key twice; should the log hold one twice anyway (two
    // writers), the first counts and the balances stay right.
    absl::StatusOr<NumberSet*> numbers =
        Numbers(store, NumbersKey(org, voucher.fiscal_year(), voucher.series()));
    if (!numbers.ok()) return numbers.status();
    absl::StatusOr<bool> may_repeat = MayRepeat(store, org, voucher);
    if (!may_repeat.ok()) return may_repeat.status();
    if (!(*numbers)->numbers.Insert(*plain)) return absl::OkStatus();
    (*numbers)->dirty = true;
  } else if (!voucher.number().empty() && !voucher.number_repeated()) {
    std::string key = VoucherKey(org, voucher.fiscal_year(), voucher.series(), voucher.number());
    if (vouchers_.contains(key)) return absl::OkStatus();
    absl::StatusOr<bool> may_repeat = MayRepeat(store, org, voucher);
    if (!may_repeat.ok()) return may_repeat.status();
    if (*may_repeat) {
      absl::StatusOr<bool> posted = Exists(store, key);
      if (!posted.ok()) return posted.status();
      if (*posted) return absl::OkStatus();
    }
    store.Put(key, voucher.import_id());
    vouchers_.insert(std::move(key));
  } else {
    absl::StatusOr<bool> may_repeat = MayRepeat(store, org, voucher);
    if (!may_repeat.ok()) return may_repeat.status();
  }
  const period::Period p = period::Period::Of(FromProto(voucher.date()));
  for (const v1::Transaction& transaction : voucher.transactions()) {
    if (!Counts(transaction)) continue;
    BuildCellKey(&key_buffer_, org, p, ObjectIn(transaction, kUnitDimension),
                 transaction.account(), ObjectIn(transaction, kProjectDimension));
    auto it = cells_.find(ToAbsl(key_buffer_));
    if (it == cells_.end()) it = cells_.emplace(key_buffer_, PendingCell{}).first;
    it->second.actual_delta_ore += transaction.amount_ore();
  }
  return absl::OkStatus();
}

void LedgerProjection::ApplyBudget(const std::string& org, const v1::BudgetLinesSet& set) {
  // Only the default budget is shown beside the actuals; other versions are kept in the
  // log for whoever needs them.
  if (!set.version().empty()) return;
  for (const v1::BudgetLine& line : set.lines()) {
    PendingCell& cell = cells_[CellKey(org, FromProto(line.period()), line.unit_id(),
                                       line.account(), line.project_id())];
    cell.budget_set = true;
    cell.budget_ore = line.amount_ore();
  }
}

absl::Status LedgerProjection::EndStep(projection::Store& store) {
  for (const auto& [key, set] : number_sets_) {
    if (set.dirty) store.Put(key, set.numbers.Encode());
  }
  for (const auto& [key, posters] : voucher_years_) {
    if (posters.now && posters.now != posters.stored) store.Put(key, *posters.now);
  }
  for (const auto& [key, change] : cells_) {
    absl::StatusOr<std::optional<std::string>> value = store.Get(key);
    if (!value.ok()) return value.status();
    int64_t actual = 0, budget = 0;
    if (value->has_value() && !DecodeCell(**value, &actual, &budget)) {
      return absl::DataLossError("ledger projection: corrupt balance cell");
    }
    store.Put(key, EncodeCell(actual + change.actual_delta_ore,
                              change.budget_set ? change.budget_ore : budget));
  }
  BeginStep();
  return absl::OkStatus();
}

std::vector<std::string> LedgerProjection::Topics() const {
  return {std::string(eventlog::kLedgerTopic)};
}

absl::Status LedgerProjection::Apply(std::string_view topic, const eventlog::Record& record,
                                     const eventlog::Envelope& envelope,
                                     projection::Store& store) {
  // One message reused for every event: parsing into it keeps its memory.
  v1::LedgerEvent& event = event_;
  event.Clear();
  if (absl::Status s = eventlog::Unwrap(envelope, &event); !s.ok()) return s;
  const std::string& org = envelope.organisation();
  switch (event.event_case()) {
    case v1::LedgerEvent::kOrganisationDefined: {
      const auto& defined = event.organisation_defined();
      if (!defined.orgnr().empty()) store.Put(Prefix(kOrgnr, "") + defined.orgnr(), org);
      return PutMessage(store, Prefix(kOrganisation, org), defined);
    }
    case v1::LedgerEvent::kFiscalYearDefined:
      return PutMessage(store, YearKey(kYear, org, event.fiscal_year_defined().fiscal_year()),
                        event.fiscal_year_defined());
    case v1::LedgerEvent::kUnitDefined:
      return PutMessage(store, Prefix(kUnit, org) + event.unit_defined().unit_id(),
                        event.unit_defined());
    case v1::LedgerEvent::kAccountDefined:
      return PutMessage(store, Prefix(kAccount, org) + event.account_defined().account(),
                        event.account_defined());
    case v1::LedgerEvent::kDimensionDefined:
      return PutMessage(store, YearKey(kDimension, org, event.dimension_defined().dimension()),
                        event.dimension_defined());
    case v1::LedgerEvent::kObjectDefined: {
      std::string key = YearKey(kObject, org, event.object_defined().dimension());
      key.append(event.object_defined().object_id());
      return PutMessage(store, key, event.object_defined());
    }
    case v1::LedgerEvent::kProjectDefined:
      return ApplyProject(org, event.project_defined(), store);
    case v1::LedgerEvent::kVoucherPosted:
      return ApplyVoucher(org, event.voucher_posted(), store);
    case v1::LedgerEvent::kBudgetLinesSet:
      ApplyBudget(org, event.budget_lines_set());
      return absl::OkStatus();
    case v1::LedgerEvent::kImportCompleted: {
      const auto& completed = event.import_completed();
      store.Put(Prefix(kContent, org) + completed.content_sha256(), completed.import_id());
      store.Put(Prefix(kCompleted, org) + completed.import_id(), "");
      completed_[completed.import_id()] = true;
      std::string key = Prefix(kImport, org);
      PutBigEndian64(&key, static_cast<uint64_t>(record.offset));
      return PutMessage(store, key, completed);
    }
    case v1::LedgerEvent::kPeriodClosed: {
      std::string key = Prefix(kClosed, org);
      PutBigEndian32(&key, PeriodCode(FromProto(event.period_closed().period())));
      store.Put(key, "");
      return absl::OkStatus();
    }
    case v1::LedgerEvent::EVENT_NOT_SET:
      return absl::OkStatus();  // a newer producer's event: skipped
  }
  return absl::OkStatus();
}

ProjectionView::ProjectionView(const projection::Reader* reader, std::string organisation)
    : reader_(reader), organisation_(std::move(organisation)) {}

std::optional<v1::OrganisationDefined> ProjectionView::Organisation() const {
  return GetMessage<v1::OrganisationDefined>(*reader_, Prefix(kOrganisation, organisation_));
}

std::optional<v1::AccountDefined> ProjectionView::Account(std::string_view account) const {
  return GetMessage<v1::AccountDefined>(*reader_,
                                        Prefix(kAccount, organisation_) + std::string(account));
}

bool ProjectionView::HasDimension(int dimension) const {
  absl::StatusOr<bool> exists = Exists(*reader_, YearKey(kDimension, organisation_, dimension));
  return exists.ok() && *exists;
}

std::optional<v1::ObjectDefined> ProjectionView::Object(int dimension,
                                                        std::string_view object_id) const {
  std::string key = YearKey(kObject, organisation_, dimension);
  key.append(object_id);
  return GetMessage<v1::ObjectDefined>(*reader_, key);
}

std::optional<v1::ProjectDefined> ProjectionView::Project(std::string_view project_id) const {
  return GetMessage<v1::ProjectDefined>(*reader_,
                                        Prefix(kProject, organisation_) + std::string(project_id));
}

chart::UnitTree ProjectionView::Units() const {
  chart::UnitTree tree;
  (void)reader_->Scan(Prefix(kUnit, organisation_), [&](std::string_view, std::string_view value) {
    v1::UnitDefined unit;
    if (unit.ParseFromArray(value.data(), static_cast<int>(value.size()))) {
      tree.Define({unit.unit_id(), unit.name(), unit.parent_id(),
                   static_cast<chart::UnitKind>(unit.kind()), unit.scb_activity_code(),
                   unit.position()});
    }
    return true;
  });
  return tree;
}

namespace {

std::optional<period::FiscalYear> ToFiscalYear(const v1::FiscalYearDefined& defined) {
  absl::StatusOr<period::FiscalYear> year =
      period::FiscalYear::FromDates(FromProto(defined.start()), FromProto(defined.end()));
  if (!year.ok()) return std::nullopt;
  return *year;
}

}  // namespace

std::optional<period::FiscalYear> ProjectionView::FiscalYear(int label) const {
  std::optional<v1::FiscalYearDefined> defined =
      GetMessage<v1::FiscalYearDefined>(*reader_, YearKey(kYear, organisation_, label));
  if (!defined) return std::nullopt;
  return ToFiscalYear(*defined);
}

std::optional<period::FiscalYear> ProjectionView::CurrentFiscalYear() const {
  std::optional<period::FiscalYear> latest;
  (void)reader_->Scan(Prefix(kYear, organisation_), [&](std::string_view, std::string_view value) {
    v1::FiscalYearDefined defined;
    if (defined.ParseFromArray(value.data(), static_cast<int>(value.size()))) {
      latest = ToFiscalYear(defined);
    }
    return true;
  });
  return latest;
}

bool ProjectionView::VoucherPosted(int fiscal_year, std::string_view series,
                                   std::string_view number) const {
  if (std::optional<uint64_t> plain = PlainNumber(number)) {
    std::string key = NumbersKey(organisation_, fiscal_year, series);
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
  absl::StatusOr<bool> exists =
      Exists(*reader_, VoucherKey(organisation_, fiscal_year, series, number));
  return exists.ok() && *exists;
}

bool ProjectionView::AnyVoucherPosted(int fiscal_year) const {
  absl::StatusOr<bool> exists = Exists(*reader_, YearKey(kVoucherYear, organisation_, fiscal_year));
  return exists.ok() && *exists;
}

bool ProjectionView::PeriodClosed(const period::Period& p) const {
  std::string key = Prefix(kClosed, organisation_);
  PutBigEndian32(&key, PeriodCode(p));
  absl::StatusOr<bool> exists = Exists(*reader_, key);
  return exists.ok() && *exists;
}

std::string ProjectionView::ImportOfContent(std::string_view sha256) const {
  absl::StatusOr<std::optional<std::string>> value =
      reader_->Get(Prefix(kContent, organisation_) + std::string(sha256));
  if (!value.ok() || !value->has_value()) return "";
  return **value;
}

std::string ProjectionDirectory::OrganisationForOrgnr(std::string_view orgnr) const {
  absl::StatusOr<std::optional<std::string>> value =
      reader_->Get(Prefix(kOrgnr, "") + std::string(orgnr));
  if (!value.ok() || !value->has_value()) return "";
  return **value;
}

const LedgerView& ProjectionDirectory::View(std::string_view organisation) {
  auto it = views_.find(organisation);
  if (it == views_.end()) {
    it = views_
             .emplace(std::string(organisation),
                      std::make_unique<ProjectionView>(reader_, std::string(organisation)))
             .first;
  }
  return *it->second;
}

absl::StatusOr<std::vector<v1::BalanceRow>> QueryBalances(const projection::Reader& reader,
                                                          const v1::GetBalancesRequest& request) {
  const std::string& org = request.organisation();
  if (org.empty()) return absl::InvalidArgumentError("organisation: expected a kommunkod");
  bool by_unit = false, by_class = false, by_account = false, by_project = false, by_month = false;
  for (int g : request.group_by()) {
    switch (g) {
      case v1::GROUP_BY_UNIT: by_unit = true; break;
      case v1::GROUP_BY_ACCOUNT_CLASS: by_class = true; break;
      case v1::GROUP_BY_ACCOUNT: by_account = true; break;
      case v1::GROUP_BY_PROJECT: by_project = true; break;
      case v1::GROUP_BY_MONTH: by_month = true; break;
      default: return absl::InvalidArgumentError(StrCat("group_by: unknown value ", g));
    }
  }
  ProjectionView view(&reader, org);
  chart::UnitTree tree = view.Units();
  // Display order of units: the tree's pre-order; units not in the tree after, by id.
  std::unordered_map<std::string, int> order;
  for (const chart::UnitNode* root : tree.Roots()) {
    for (const chart::UnitNode* unit : tree.Subtree(root->id)) {
      order.emplace(unit->id, static_cast<int>(order.size()));
    }
  }
  std::unordered_map<std::string, bool> in_subtree;
  const bool filter_units = !request.unit_subtree().empty();
  if (filter_units) {
    if (tree.Find(request.unit_subtree()) == nullptr) {
      return absl::NotFoundError(
          StrCat("unit_subtree: unit ", request.unit_subtree(), " is not defined"));
    }
    for (const chart::UnitNode* unit : tree.Subtree(request.unit_subtree())) {
      in_subtree[unit->id] = true;
    }
  }
  // With rollup, a unit's row sums its whole subtree: each cell counts for the unit and
  // every ancestor up to the subtree asked for.
  std::unordered_map<std::string, std::vector<std::string>> rollup_paths;
  auto groups_of = [&](std::string_view unit) -> const std::vector<std::string>& {
    auto it = rollup_paths.find(std::string(unit));
    if (it != rollup_paths.end()) return it->second;
    std::vector<std::string> path;
    if (!request.rollup_units() || unit.empty()) {
      path.emplace_back(unit);
    } else {
      for (const chart::UnitNode* node : tree.PathTo(unit)) {
        if (!filter_units || in_subtree.count(node->id) > 0) path.push_back(node->id);
      }
      if (path.empty()) path.emplace_back(unit);
    }
    return rollup_paths.emplace(std::string(unit), std::move(path)).first->second;
  };

  using GroupKey = std::tuple<std::string, std::string, std::string, std::string, int>;
  std::map<GroupKey, std::pair<int64_t, int64_t>> groups;
  const std::string prefix = Prefix(kCell, org);
  // With a range, one seek per month; without, the organisation's every cell.
  std::vector<std::string> scans;
  if (request.has_range()) {
    period::Period first = FromProto(request.range().first());
    period::Period final_period = FromProto(request.range().last());
    if (first.month < 1 || first.month > 12 || final_period.month < 1 || final_period.month > 12 ||
        final_period < first || final_period.Index() - first.Index() > 1200) {
      return absl::InvalidArgumentError(
          "range: expected first <= last, months 1..12, at most 100 years");
    }
    for (int i = first.Index(); i <= final_period.Index(); ++i) {
      std::string month = prefix;
      PutBigEndian32(&month, PeriodCode(period::Period::FromIndex(i)));
      scans.push_back(std::move(month));
    }
  } else {
    scans.push_back(prefix);
  }
  absl::Status bad;
  auto visit = [&](std::string_view key, std::string_view value) {
    CellParts parts;
    if (!ParseCellKey(key, prefix.size(), &parts)) {
      bad = absl::DataLossError("ledger projection: corrupt balance key");
      return false;
    }
    if (filter_units && in_subtree.count(std::string(parts.unit)) == 0) return true;
    if (request.account_prefixes_size() > 0) {
      bool match = false;
      for (const std::string& p : request.account_prefixes()) {
        match = match || parts.account.substr(0, p.size()) == p;
      }
      if (!match) return true;
    }
    int64_t actual = 0, budget = 0;
    if (!DecodeCell(value, &actual, &budget)) {
      bad = absl::DataLossError("ledger projection: corrupt balance cell");
      return false;
    }
    auto add = [&](std::string unit) {
      GroupKey k{std::move(unit), by_class ? std::string(chart::AccountClass(parts.account)) : "",
                 by_account ? std::string(parts.account) : "",
                 by_project ? std::string(parts.project) : "",
                 by_month ? parts.period.Index() : -1};
      auto& sums = groups[k];
      sums.first += actual;
      sums.second += budget;
    };
    if (by_unit) {
      for (const std::string& unit : groups_of(parts.unit)) add(unit);
    } else {
      add("");
    }
    return true;
  };
  for (const std::string& scan : scans) {
    if (absl::Status s = reader.Scan(scan, visit); !s.ok()) return s;
    if (!bad.ok()) return bad;
  }

  std::vector<std::pair<GroupKey, std::pair<int64_t, int64_t>>> sorted(groups.begin(), groups.end());
  auto unit_rank = [&](const std::string& unit) {
    if (unit.empty()) return std::make_pair(2, 0);
    auto it = order.find(unit);
    return it == order.end() ? std::make_pair(1, 0) : std::make_pair(0, it->second);
  };
  std::stable_sort(sorted.begin(), sorted.end(), [&](const auto& a, const auto& b) {
    auto ra = unit_rank(std::get<0>(a.first));
    auto rb = unit_rank(std::get<0>(b.first));
    if (ra != rb) return ra < rb;
    return a.first < b.first;
  });
  std::vector<v1::BalanceRow> rows;
  rows.reserve(sorted.size());
  for (const auto& [k, sums] : sorted) {
    v1::BalanceRow& row = rows.emplace_back();
    if (by_unit) row.set_unit_id(std::get<0>(k));
    if (by_class) row.set_account_class(std::get<1>(k));
    if (by_account) row.set_account(std::get<2>(k));
    if (by_project) row.set_project_id(std::get<3>(k));
    if (by_month) ToProto(period::Period::FromIndex(std::get<4>(k)), row.mutable_period());
    row.set_actual_ore(sums.first);
    row.set_budget_ore(sums.second);
  }
  return rows;
}

absl::StatusOr<v1::ListUnitsResponse> QueryUnits(const projection::Reader& reader,
                                                 std::string_view organisation) {
  v1::ListUnitsResponse response;
  std::map<std::string, v1::UnitDefined> units;
  absl::Status s = reader.Scan(Prefix(kUnit, organisation), [&](std::string_view, std::string_view value) {
    v1::UnitDefined unit;
    if (unit.ParseFromArray(value.data(), static_cast<int>(value.size()))) {
      units[unit.unit_id()] = unit;
    }
    return true;
  });
  if (!s.ok()) return s;
  ProjectionView view(&reader, std::string(organisation));
  chart::UnitTree tree = view.Units();
  auto add = [&](const v1::UnitDefined& unit) {
    v1::Unit* out = response.add_units();
    out->set_unit_id(unit.unit_id());
    out->set_name(unit.name());
    out->set_parent_id(unit.parent_id());
    out->set_kind(unit.kind());
    out->set_scb_activity_code(unit.scb_activity_code());
    out->set_position(unit.position());
  };
  for (const chart::UnitNode* root : tree.Roots()) {
    for (const chart::UnitNode* node : tree.Subtree(root->id)) add(units[node->id]);
  }
  if (std::optional<v1::OrganisationDefined> org =
          GetMessage<v1::OrganisationDefined>(reader, Prefix(kOrganisation, organisation))) {
    response.set_organisation_name(org->name());
  }
  return response;
}

absl::StatusOr<v1::ListProjectsResponse> QueryProjects(const projection::Reader& reader,
                                                       std::string_view organisation) {
  std::vector<v1::ProjectDefined> projects;
  absl::Status s = reader.Scan(Prefix(kProject, organisation), [&](std::string_view, std::string_view value) {
    v1::ProjectDefined project;
    if (project.ParseFromArray(value.data(), static_cast<int>(value.size()))) {
      projects.push_back(std::move(project));
    }
    return true;
  });
  if (!s.ok()) return s;
  std::stable_sort(projects.begin(), projects.end(), [](const auto& a, const auto& b) {
    return std::make_tuple(a.position(), a.project_id()) < std::make_tuple(b.position(), b.project_id());
  });
  v1::ListProjectsResponse response;
  for (const v1::ProjectDefined& p : projects) {
    v1::Project* out = response.add_projects();
    out->set_project_id(p.project_id());
    out->set_name(p.name());
    out->set_unit_id(p.unit_id());
    *out->mutable_frames() = p.frames();
    out->set_position(p.position());
  }
  return response;
}

absl::StatusOr<v1::ListImportsResponse> QueryImports(const projection::Reader& reader,
                                                     std::string_view organisation) {
  v1::ListImportsResponse response;
  absl::Status s = reader.Scan(Prefix(kImport, organisation), [&](std::string_view, std::string_view value) {
    v1::ImportCompleted completed;
    if (completed.ParseFromArray(value.data(), static_cast<int>(value.size()))) {
      *response.add_imports() = std::move(completed);
    }
    return true;
  });
  if (!s.ok()) return s;
  return response;
}

absl::StatusOr<bool> QueryPeriodClosed(const projection::Reader& reader,
                                       std::string_view organisation, const period::Period& p) {
  std::string key = Prefix(kClosed, organisation);
  PutBigEndian32(&key, PeriodCode(p));
  return Exists(reader, key);
}

}  // namespace tertial::ledger
