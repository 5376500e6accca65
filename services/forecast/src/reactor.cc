#include "reactor.h"

#include <algorithm>
#include <map>
#include <tuple>

#include "convert.h"
#include "domain/forecast.h"
#include "store_format.h"
#include "tertial/base/hash.h"
#include "tertial/base/strings.h"
#include "tertial/eventlog/envelope.h"
#include "tertial/eventlog/key_coding.h"

namespace tertial::forecast {
namespace {

constexpr std::string_view kLedgerChanged = "ledger_changed";

// The organisation and the rest of a key `tag '\0' org '\0' rest`.
bool SplitOrgKey(std::string_view key, std::string* org, std::string_view* rest) {
  size_t org_end = key.size() < 2 ? std::string_view::npos : key.find('\0', 2);
  if (org_end == std::string_view::npos) return false;
  *org = std::string(key.substr(2, org_end - 2));
  *rest = key.substr(org_end + 1);
  return true;
}

// The republications the ledger calls for: for every (fiscal year, as-of) already published,
// one when a ledger event that changed the inputs of that year or an earlier one (or of every
// year) is at or after the ledger offset the latest publication reflected. One per (year,
// as-of) however many events changed: they are covered by the latest of them. A year's
// closed periods that were never published need none: their PeriodClosed trigger is still
// pending, and its publication reads the ledger as it is then.
absl::Status LedgerChanges(const projection::Reader& reader,
                           std::vector<store::PendingPublication>* out) {
  const absl::Status bad = absl::DataLossError(
      "forecast projection: malformed ledger change or publication mark; rebuild it");
  // organisation -> year -> the latest change of that year's inputs.
  std::map<std::string, std::map<int, store::LedgerMark>> changes;
  bool corrupt = false;
  absl::Status scan = reader.Scan(
      std::string(1, store::kLedgerChangeTag), [&](std::string_view key, std::string_view value) {
        std::string org;
        std::string_view rest, tail;
        int year = 0;
        store::LedgerMark mark;
        if (!SplitOrgKey(key, &org, &rest) || !store::SplitYearKey(rest, &year, &tail) ||
            !store::DecodeLedgerMark(value, &mark)) {
          corrupt = true;
          return false;
        }
        changes[org][year] = std::move(mark);
        return true;
      });
  if (!scan.ok()) return scan;
  if (corrupt) return bad;
  for (const auto& [org, by_year] : changes) {
    scan = reader.Scan(store::Prefix(store::kPublishedLedgerTag, org), [&](std::string_view key,
                                                                           std::string_view value) {
      std::string ignored;
      std::string_view rest, tail;
      int year = 0;
      int64_t reflected = 0;
      if (!SplitOrgKey(key, &ignored, &rest) || !store::SplitYearKey(rest, &year, &tail) ||
          tail.size() != 4 || !store::DecodeAmount(value, &reflected)) {
        corrupt = true;
        return false;
      }
      // The latest change of this year's inputs or an earlier year's (kEveryYear sorts
      // first).
      const store::LedgerMark* latest = nullptr;
      for (auto it = by_year.begin(); it != by_year.end() && it->first <= year; ++it) {
        if (latest == nullptr || it->second.offset > latest->offset) latest = &it->second;
      }
      if (latest == nullptr || latest->offset < reflected) return true;
      out->push_back({.topic = 0,
                      .offset = latest->offset,
                      .fiscal_year = year,
                      .as_of = period::Period::FromIndex(
                          static_cast<int>(eventlog::GetBigEndian32(tail.data()))),
                      .trigger = std::string(kLedgerChanged),
                      .trigger_event_id = latest->event_id,
                      .correlation_id = latest->correlation_id,
                      .occurred_at_seconds = latest->occurred_at_seconds,
                      .organisation = org});
      return true;
    });
    if (!scan.ok()) return scan;
    if (corrupt) return bad;
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<int> Reactor::PublishPending() {
  std::lock_guard<std::mutex> guard(mutex_);
  if (absl::Status s = runner_->CatchUp(); !s.ok()) return s;
  std::unique_ptr<projection::Reader> reader = db_->Snapshot();

  // Pending triggers, grouped by (organisation, fiscal year, as-of) in log order.
  std::vector<store::PendingPublication> pending;
  absl::Status bad = absl::OkStatus();
  const std::string tag(1, store::kPendingTag);
  absl::Status scan = reader->Scan(tag, [&](std::string_view key, std::string_view value) {
    store::PendingPublication p;
    // Key: tag '\0' org '\0' trigger.
    size_t org_end = key.size() < 2 ? std::string_view::npos : key.find('\0', 2);
    if (org_end == std::string_view::npos || !store::DecodePending(value, &p)) {
      bad = absl::DataLossError("forecast projection: malformed pending publication; rebuild it");
      return false;
    }
    p.organisation = std::string(key.substr(2, org_end - 2));
    pending.push_back(std::move(p));
    return true;
  });
  if (!scan.ok()) return scan;
  if (!bad.ok()) return bad;
  if (absl::Status s = LedgerChanges(*reader, &pending); !s.ok()) return s;
  auto order = [](const store::PendingPublication& p) {
    return std::make_tuple(p.occurred_at_seconds, p.topic, p.offset, p.trigger_event_id);
  };
  std::sort(pending.begin(), pending.end(),
            [&](const auto& a, const auto& b) { return order(a) < order(b); });

  using Group = std::tuple<std::string, int, int>;
  std::map<Group, std::vector<const store::PendingPublication*>> groups;
  std::vector<Group> group_order;
  std::map<std::string, absl::StatusOr<std::shared_ptr<const OrgModel>>> models;
  for (const store::PendingPublication& p : pending) {
    auto model = models.find(p.organisation);
    if (model == models.end())
      model = models.emplace(p.organisation, cache_->Get(*reader, p.organisation)).first;
    std::optional<period::Period> as_of = p.as_of;
    if (!as_of && model->second.ok()) as_of = (*model->second)->LatestClosed(p.fiscal_year);
    if (!as_of) continue;  // waits for the year's first closed period
    Group group{p.organisation, p.fiscal_year, as_of->Index()};
    if (groups[group].empty()) group_order.push_back(group);
    groups[group].push_back(&p);
  }

  int published = 0;
  absl::Status first_error = absl::OkStatus();
  for (const Group& group : group_order) {
    const std::vector<const store::PendingPublication*>& list = groups[group];
    const store::PendingPublication& last = *list.back();
    const std::string& org = std::get<0>(group);
    const int year = std::get<1>(group);
    const period::Period as_of = period::Period::FromIndex(std::get<2>(group));
    const absl::StatusOr<std::shared_ptr<const OrgModel>>& model = models.at(org);
    absl::StatusOr<ForecastResult> result =
        model.ok() ? ComputeForecast(**model, {.fiscal_year = year, .as_of = as_of})
                   : absl::StatusOr<ForecastResult>(model.status());
    if (!result.ok()) {
      // Left pending: retried on the next pass, after whatever fixes the organisation's data.
      if (first_error.ok()) {
        first_error =
            absl::Status(result.status().code(),
                         StrCat("publishing the forecast of ", org, " ", year, " as of ",
                                period::FormatPeriod(as_of), ": ", result.status().message()));
      }
      continue;
    }
    v1::ForecastEvent event;
    v1::ForecastPublished* out = event.mutable_forecast_published();
    *out = ToPublished(**model, *result);
    // What of the ledger it reflects: everything the projection had applied.
    absl::StatusOr<std::optional<std::string>> latest = reader->Get(store::LatestLedgerKey(org));
    if (!latest.ok()) return latest.status();
    store::LedgerMark ledger;
    if (latest->has_value() && !store::DecodeLedgerMark(**latest, &ledger))
      return absl::DataLossError("forecast projection: malformed ledger mark; rebuild it");
    if (latest->has_value()) {
      out->set_ledger_offset(ledger.offset + 1);
      out->set_ledger_event_id(ledger.event_id);
      out->mutable_ledger_occurred_at()->set_seconds(ledger.occurred_at_seconds);
    }
    // Closing the period is the reason when it is among the triggers.
    std::string trigger = last.trigger;
    std::string seed = StrCat("tertial.forecast.v1.ForecastPublished|", org);
    for (const store::PendingPublication* p : list) {
      if (p->trigger == "period_closed") trigger = p->trigger;
      out->add_trigger_event_ids(p->trigger_event_id);
      // One ledger event can call for republishing several (year, as-of)s.
      if (p->trigger == kLedgerChanged) {
        StrAppend(&seed, "|", kLedgerChanged, "/", year, "/", period::FormatPeriod(as_of), "/",
                  p->trigger_event_id);
      } else {
        StrAppend(&seed, "|", p->trigger_event_id);
      }
    }
    out->set_trigger(trigger);
    eventlog::EventContext context{
        .organisation = org,
        .actor = "system:forecast",
        .correlation_id = last.correlation_id.empty() ? last.trigger_event_id : last.correlation_id,
        .causation_id = last.trigger_event_id,
        .occurred_at_seconds = last.occurred_at_seconds};
    absl::StatusOr<eventlog::Envelope> envelope =
        eventlog::Wrap(event, StrCat("forecast/", year, "/", period::FormatPeriod(as_of)), context,
                       DeterministicUuid(seed));
    if (!envelope.ok()) return envelope.status();
    absl::StatusOr<eventlog::AppendResult> appended =
        log_->Append(eventlog::kForecastTopic, org, {*envelope});
    if (!appended.ok()) return appended.status();
    ++published;
  }
  if (published > 0) {
    if (absl::Status s = runner_->CatchUp(); !s.ok()) return s;
  }
  if (!first_error.ok()) return first_error;
  return published;
}

}  // namespace tertial::forecast
