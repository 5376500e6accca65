#include "domain/voucher_post.h"

#include <utility>

#include "absl/numeric/int128.h"
#include "domain/convert.h"
#include "domain/sie_event_builder.h"
#include "tertial/base/hash.h"
#include "tertial/base/strings.h"
#include "tertial/base/text.h"

namespace tertial::ledger {
namespace {

using period::Date;
using period::FiscalYear;
using period::Period;

constexpr std::string_view kSource = "request";

// Length-prefixed, so that no two different contents hash the same bytes.
void Put(Sha256& sha, std::string_view field) {
  std::string length = StrCat(field.size(), ":");
  sha.Update(length);
  sha.Update(field);
}

void PutDate(Sha256& sha, const common::v1::Date& date) {
  Put(sha, StrCat(date.year(), "-", date.month(), "-", date.day()));
}

bool ValidDate(const common::v1::Date& date) {
  return date.year() >= 1900 && date.year() <= 2200 && date.month() >= 1 && date.month() <= 12 &&
         date.day() >= 1 && date.day() <= period::DaysInMonth(date.year(), date.month());
}

int64_t Clamp(absl::int128 sum) {
  return sum > INT64_MAX ? INT64_MAX : sum < INT64_MIN ? INT64_MIN : static_cast<int64_t>(sum);
}

}  // namespace

// The ledger as the request's next voucher sees it: the organisation's, plus what the
// vouchers accepted before it in this request post and define.
class VoucherPoster::Overlay final : public LedgerView {
 public:
  explicit Overlay(const LedgerView* base) : base_(base) {}

  std::optional<v1::OrganisationDefined> Organisation() const override {
    return base_->Organisation();
  }
  std::optional<v1::AccountDefined> Account(std::string_view account) const override {
    if (auto it = accounts.find(account); it != accounts.end()) return it->second;
    return base_->Account(account);
  }
  bool HasDimension(int dimension) const override { return base_->HasDimension(dimension); }
  std::optional<v1::ObjectDefined> Object(int dimension, std::string_view id) const override {
    if (auto it = objects.find({dimension, std::string(id)}); it != objects.end()) {
      return it->second;
    }
    return base_->Object(dimension, id);
  }
  std::optional<v1::ProjectDefined> Project(std::string_view id) const override {
    return base_->Project(id);
  }
  chart::UnitTree Units() const override { return base_->Units(); }
  std::optional<period::FiscalYear> FiscalYear(int label) const override {
    if (auto it = years.find(label); it != years.end()) return it->second;
    return base_->FiscalYear(label);
  }
  bool VoucherPosted(int fiscal_year, std::string_view series,
                     std::string_view number) const override {
    return keys.count({fiscal_year, std::string(series), std::string(number)}) > 0 ||
           base_->VoucherPosted(fiscal_year, series, number);
  }
  bool AnyVoucherPosted(int fiscal_year) const override {
    return posted_years.count(fiscal_year) > 0 || base_->AnyVoucherPosted(fiscal_year);
  }
  std::optional<Period> LatestClosed(const period::FiscalYear& year) const override {
    return base_->LatestClosed(year);
  }
  std::string ImportOfContent(std::string_view sha256) const override {
    return base_->ImportOfContent(sha256);
  }
  std::map<std::string, int64_t, std::less<>> AccountTotals(const Period& p) const override {
    auto held = held_totals_.find(p.Index());
    if (held == held_totals_.end()) {
      held = held_totals_.emplace(p.Index(), base_->AccountTotals(p)).first;
    }
    std::map<std::string, int64_t, std::less<>> totals = held->second;
    if (auto added = added_totals.find(p.Index()); added != added_totals.end()) {
      for (const auto& [account, amount] : added->second) {
        totals[account] = Clamp(absl::int128(totals[account]) + amount);
      }
    }
    return totals;
  }

  std::map<std::string, v1::AccountDefined, std::less<>> accounts;
  std::map<std::pair<int, std::string>, v1::ObjectDefined> objects;
  std::map<int, period::FiscalYear> years;
  std::set<std::tuple<int, std::string, std::string>> keys;
  std::set<int> posted_years;
  std::map<int, std::map<std::string, absl::int128>> added_totals;  // by period index

 private:
  const LedgerView* base_;
  // The ledger's totals of a period, asked once per request (a scan of its balances).
  mutable std::map<int, std::map<std::string, int64_t, std::less<>>> held_totals_;
};

std::string VoucherContentSha256(const v1::VoucherPosted& voucher, int fiscal_year) {
  Sha256 sha;
  Put(sha, "tertial.voucher.v1");
  Put(sha, StrCat(fiscal_year));
  Put(sha, voucher.series());
  Put(sha, voucher.number());
  PutDate(sha, voucher.date());
  Put(sha, voucher.text());
  Put(sha, StrCat(voucher.transactions_size()));
  for (const v1::Transaction& line : voucher.transactions()) {
    Put(sha, line.account());
    Put(sha, StrCat(line.objects_size()));
    for (const v1::ObjectRef& object : line.objects()) {
      Put(sha, StrCat(object.dimension()));
      Put(sha, object.object_id());
    }
    Put(sha, StrCat(line.amount_ore()));
    Put(sha, line.text());
    if (line.has_date()) {
      PutDate(sha, line.date());
    } else {
      Put(sha, "");
    }
  }
  return sha.FinishHex();
}

sie::Voucher ToSieVoucher(const v1::VoucherPosted& voucher, int place) {
  sie::Voucher out;
  out.series = voucher.series();
  out.number = voucher.number();
  out.date = FromProto(voucher.date());
  out.text = voucher.text();
  out.line = place;
  out.transactions.reserve(static_cast<size_t>(voucher.transactions_size()));
  for (const v1::Transaction& line : voucher.transactions()) {
    sie::Transaction& transaction = out.transactions.emplace_back();
    transaction.account = line.account();
    for (const v1::ObjectRef& object : line.objects()) {
      transaction.objects.push_back({object.dimension(), object.object_id()});
    }
    transaction.amount_ore = line.amount_ore();
    if (line.has_date() && ValidDate(line.date())) transaction.date = FromProto(line.date());
    transaction.text = line.text();
  }
  return out;
}

VoucherPoster::VoucherPoster(const LedgerView* view, const PostedIndex* index, VoucherPolicy policy,
                             PostLimits limits)
    : view_(view),
      index_(index),
      policy_(std::move(policy)),
      limits_(limits),
      overlay_(std::make_unique<Overlay>(view)) {
  if (!policy_.text_limits) policy_.text_limits = text::CurrentLimits();
}

VoucherPoster::~VoucherPoster() = default;

bool VoucherPoster::CheckKey(const v1::VoucherPosted& voucher, int fiscal_year,
                             const std::string& sha, int place, VoucherDecision* decision) {
  const std::string name =
      StrCat(VoucherName(voucher.series(), voucher.number()), " of fiscal year ", fiscal_year);
  auto reject = [&](std::string_view field, std::string message) {
    decision->outcome = VoucherDecision::Outcome::kRejected;
    decision->errors.push_back({std::string(kSource), place, std::string(field), message});
    return false;
  };
  auto duplicate = [&](const std::string& import_id) {
    decision->outcome = VoucherDecision::Outcome::kDuplicate;
    decision->import_id = import_id;
    return false;
  };
  const std::string& sender = voucher.sender_id();
  if (!sender.empty()) {
    if (auto pending = senders_.find(sender); pending != senders_.end()) {
      if (pending->second == sha) return duplicate("");
      return reject("sender_id", StrCat("sender id '", sender,
                                        "' is already posted earlier in this request with "
                                        "other content; expected the same voucher or a new id"));
    }
    if (std::optional<PostedAlone> posted = index_->BySender(sender)) {
      if (posted->content_sha256 == sha) return duplicate(posted->import_id);
      return reject("sender_id",
                    StrCat("sender id '", sender, "' is already posted as ",
                           VoucherName(posted->series, posted->number), " of fiscal year ",
                           posted->fiscal_year, " (batch ", posted->import_id,
                           ") with other content; expected the same voucher or a new id"));
    }
  }
  if (voucher.number().empty()) return true;
  if (auto pending = keys_.find({fiscal_year, voucher.series(), voucher.number()});
      pending != keys_.end()) {
    if (pending->second == sha && sender.empty()) return duplicate("");
    return reject("#VER vernr", StrCat(name,
                                       " is already posted earlier in this request with other "
                                       "content; expected a voucher number not posted before"));
  }
  if (std::optional<PostedAlone> posted =
          index_->ByKey(fiscal_year, voucher.series(), voucher.number())) {
    if (posted->content_sha256 == sha && posted->sender_id == sender) {
      return duplicate(posted->import_id);
    }
    if (posted->content_sha256 == sha) {
      return reject("sender_id", StrCat(name, " is already posted (batch ", posted->import_id,
                                        ") with sender id '", posted->sender_id,
                                        "'; expected the same sender id"));
    }
    return reject("#VER vernr", StrCat(name, " is already posted (batch ", posted->import_id,
                                       ") with other content; expected a voucher number not "
                                       "posted before"));
  }
  if (view_->VoucherPosted(fiscal_year, voucher.series(), voucher.number())) {
    return reject("#VER vernr",
                  StrCat(name,
                         " is already posted by an import, whose content is not kept to compare; "
                         "expected a voucher number not posted before"));
  }
  return true;
}

VoucherDecision VoucherPoster::Post(const v1::VoucherPosted& voucher, int place) {
  VoucherDecision answer;
  answer.fiscal_year = voucher.fiscal_year();
  Issues issues;
  auto error = [&](std::string field, std::string message) {
    issues.Error(std::string(kSource), place, std::move(field), std::move(message));
  };
  const std::string name = VoucherName(voucher.series(), voucher.number());
  if (voucher.transactions_size() > limits_.max_lines) {
    error("#VER", StrCat(name, " has ", voucher.transactions_size(), " lines, more than the ",
                         limits_.max_lines, " a voucher posted alone may have"));
  }
  if (!ValidDate(voucher.date())) {
    error("#VER verdatum", StrCat(name, ": expected a date that exists (year 1900-2200)"));
  }
  for (int i = 0; i < voucher.transactions_size(); ++i) {
    if (voucher.transactions(i).has_date() && !ValidDate(voucher.transactions(i).date())) {
      error("#TRANS transdat",
            StrCat(name, ", line ", i + 1, ": expected a date that exists, or none"));
    }
  }
  if (voucher.number().empty() && voucher.sender_id().empty()) {
    error("#VER vernr", StrCat(name,
                               ": expected a voucher number, or a sender_id when the sender "
                               "numbers none (a voucher needs a key to be posted once)"));
  }
  if (std::string problem =
          text::ProblemOf(voucher.sender_id(), text::Kind::kLine, *policy_.text_limits);
      !problem.empty()) {
    error("sender_id", std::move(problem));
  }
  auto rejected = [&] {
    answer.outcome = VoucherDecision::Outcome::kRejected;
    answer.errors = issues.errors();
    answer.warnings = issues.warnings();
    return answer;
  };
  if (issues.has_errors()) return rejected();

  const Date date = FromProto(voucher.date());
  const FiscalYear year = FiscalYearOf(*overlay_, Period::Of(date));
  if (voucher.fiscal_year() != 0 && voucher.fiscal_year() != year.label()) {
    error("fiscal_year",
          StrCat(name, ": its date ", period::FormatDate(date), " lies in fiscal year ",
                 year.label(), " (", FormatRange(year), "), not ", voucher.fiscal_year(),
                 "; expected ", year.label(), " or 0"));
    return rejected();
  }
  answer.fiscal_year = year.label();
  const std::string sha = VoucherContentSha256(voucher, year.label());
  if (!CheckKey(voucher, year.label(), sha, place, &answer)) return answer;

  const sie::Voucher checked = ToSieVoucher(voucher, place);
  VoucherRules rules(policy_, std::string(kSource), &issues);
  rules.SetView(overlay_.get());
  rules.Check(checked, year);
  rules.Finish();
  issues.SortByLine();
  if (issues.has_errors()) return rejected();
  for (const Issue& issue : issues.warnings()) {
    answer.warnings.push_back(issue);
    warnings_.push_back(FormatIssue(issue));
  }

  // Accepted: what it posts and defines is the next voucher's ledger.
  answer.outcome = VoucherDecision::Outcome::kAccepted;
  Overlay& overlay = *overlay_;
  if (!view_->FiscalYear(year.label())) overlay.years.emplace(year.label(), year);
  for (const auto& [account, use] : rules.unknown_accounts()) {
    v1::AccountDefined& defined = overlay.accounts[account];
    defined.set_account(account);
    defined.set_defined_by_use(true);
  }
  for (const auto& [key, use] : rules.unknown_objects()) {
    v1::ObjectDefined& defined = overlay.objects[key];
    defined.set_dimension(key.first);
    defined.set_object_id(key.second);
  }
  if (!voucher.number().empty()) {
    overlay.keys.insert({year.label(), voucher.series(), voucher.number()});
    keys_[{year.label(), voucher.series(), voucher.number()}] = sha;
  }
  if (!voucher.sender_id().empty()) senders_[voucher.sender_id()] = sha;
  overlay.posted_years.insert(year.label());
  auto& added = overlay.added_totals[Period::Of(date).Index()];
  for (const v1::Transaction& line : voucher.transactions()) {
    added[line.account()] += line.amount_ore();
  }

  v1::VoucherPosted& posted = vouchers_.emplace_back(voucher);
  posted.set_fiscal_year(year.label());
  posted.set_source_line(place);
  posted.set_content_sha256(sha);
  for (v1::Transaction& transaction : *posted.mutable_transactions()) {
    transaction.set_kind(v1::TRANSACTION_KIND_NORMAL);
  }
  return answer;
}

std::string VoucherPoster::BatchSha256(std::string_view organisation, std::string_view sender,
                                       std::string_view request_id) const {
  Sha256 sha;
  Put(sha, "tertial.post-vouchers.v1");
  Put(sha, organisation);
  Put(sha, sender);
  Put(sha, request_id);
  for (const v1::VoucherPosted& voucher : vouchers_) {
    Put(sha, voucher.sender_id());
    Put(sha, voucher.content_sha256());
  }
  return sha.FinishHex();
}

std::vector<VoucherPoster::Event> VoucherPoster::TakeEvents(const std::string& import_id,
                                                            v1::ImportCompleted completed) {
  std::vector<Event> events;
  if (vouchers_.empty()) return events;
  int definitions = 0;
  auto define = [&](std::string aggregate_key) -> v1::LedgerEvent& {
    Event& event = events.emplace_back();
    event.aggregate_key = std::move(aggregate_key);
    event.id_seed = StrCat(import_id, "/definition/", definitions++);
    return event.event;
  };
  const Overlay& overlay = *overlay_;
  for (const auto& [label, year] : overlay.years) {
    auto* defined = define(StrCat("fiscal_year/", label)).mutable_fiscal_year_defined();
    defined->set_fiscal_year(label);
    ToProto(year.start(), defined->mutable_start());
    ToProto(year.end(), defined->mutable_end());
  }
  for (const auto& [account, defined] : overlay.accounts) {
    *define(StrCat("account/", account)).mutable_account_defined() = defined;
    completed.set_accounts(completed.accounts() + 1);
  }
  std::optional<chart::UnitTree> units;
  for (const auto& [key, defined] : overlay.objects) {
    *define(StrCat("object/", key.first, "/", key.second)).mutable_object_defined() = defined;
    // As an SIE import's objects: those of the unit and project dimensions are units and
    // projects, which a unit or project file gives their place.
    if (key.first == kUnitDimension) {
      if (!units) units = view_->Units();
      if (units->Find(key.second) == nullptr) {
        auto* unit = define(StrCat("unit/", key.second)).mutable_unit_defined();
        unit->set_unit_id(key.second);
        unit->set_name(key.second);
        unit->set_position(static_cast<int>(units->size()) + static_cast<int>(completed.units()));
        completed.set_units(completed.units() + 1);
      }
    }
    if (key.first == kProjectDimension && !view_->Project(key.second)) {
      auto* project = define(StrCat("project/", key.second)).mutable_project_defined();
      project->set_project_id(key.second);
      project->set_name(key.second);
      completed.set_projects(completed.projects() + 1);
    }
  }
  for (v1::VoucherPosted& voucher : vouchers_) {
    completed.set_vouchers(completed.vouchers() + 1);
    completed.set_transactions(completed.transactions() + voucher.transactions_size());
    if (completed.fiscal_year() == 0) completed.set_fiscal_year(voucher.fiscal_year());
    voucher.set_import_id(import_id);
    Event& event = events.emplace_back();
    event.aggregate_key = VoucherAggregateKey(voucher);
    event.id_seed = StrCat(import_id, "/voucher/", voucher.source_line());
    event.occurred_at = EpochSeconds(FromProto(voucher.date()));
    *event.event.mutable_voucher_posted() = std::move(voucher);
  }
  vouchers_.clear();
  for (std::string& warning : warnings_) {
    if (completed.warnings_size() >= 100) break;
    completed.add_warnings(std::move(warning));
  }
  completed.set_import_id(import_id);
  Event& event = events.emplace_back();
  event.aggregate_key = StrCat("import/", import_id);
  event.id_seed = StrCat(import_id, "/completed");
  *event.event.mutable_import_completed() = std::move(completed);
  return events;
}

}  // namespace tertial::ledger
