#include "loader.h"

#include "store_format.h"
#include "tertial/base/strings.h"
#include "tertial/eventlog/key_coding.h"
#include "tertial/forecast/v1/events.pb.h"
#include "tertial/ledger/v1/events.pb.h"
#include "tertial/period/proto.h"

namespace tertial::forecast {
namespace {

absl::Status Corrupt(std::string_view what, std::string_view org) {
  return absl::DataLossError(StrCat("forecast projection: malformed ", what, " of organisation ",
                                    org, "; rebuild the projection"));
}

}  // namespace

absl::StatusOr<OrgInput> LoadOrgInput(const projection::Reader& reader, std::string_view org) {
  OrgInput input;
  input.organisation = std::string(org);
  absl::Status bad = absl::OkStatus();
  auto scan = [&](char tag, auto&& fn) -> absl::Status {
    const std::string prefix = store::Prefix(tag, org);
    absl::Status s = reader.Scan(prefix, [&](std::string_view key, std::string_view value) {
      key.remove_prefix(prefix.size());
      bad = fn(key, value);
      return bad.ok();
    });
    return s.ok() ? bad : s;
  };

  absl::Status s = scan('u', [&](std::string_view, std::string_view value) {
    ledger::v1::UnitDefined u;
    if (!u.ParseFromString(std::string(value))) return Corrupt("unit", org);
    input.units.push_back({.id = u.unit_id(),
                           .name = u.name(),
                           .parent_id = u.parent_id(),
                           .kind = static_cast<chart::UnitKind>(u.kind()),
                           .scb_activity_code = u.scb_activity_code(),
                           .position = u.position()});
    return absl::OkStatus();
  });
  if (s.ok()) {
    s = scan('f', [&](std::string_view, std::string_view value) {
      ledger::v1::FiscalYearDefined f;
      if (!f.ParseFromString(std::string(value))) return Corrupt("fiscal year", org);
      absl::StatusOr<period::FiscalYear> fy =
          period::FiscalYear::FromDates({f.start().year(), f.start().month(), f.start().day()},
                                        {f.end().year(), f.end().month(), f.end().day()});
      if (fy.ok()) input.fiscal_years.emplace(f.fiscal_year(), *fy);
      return absl::OkStatus();
    });
  }
  if (s.ok()) {
    s = scan('a', [&](std::string_view key, std::string_view value) {
      int year = 0;
      std::string_view unit;
      UnitCell cell;
      if (!store::SplitYearKey(key, &year, &unit) || !store::DecodeUnitCell(value, &cell)) {
        return Corrupt("unit figures", org);
      }
      input.unit_cells[year].emplace(std::string(unit), cell);
      return absl::OkStatus();
    });
  }
  if (s.ok()) {
    s = scan('i', [&](std::string_view key, std::string_view value) {
      int year = 0;
      std::string_view project;
      ProjectCell cell;
      if (!store::SplitYearKey(key, &year, &project) || !store::DecodeProjectCell(value, &cell)) {
        return Corrupt("project figures", org);
      }
      input.project_cells[year].emplace(std::string(project), std::move(cell));
      return absl::OkStatus();
    });
  }
  if (s.ok()) {
    s = scan('p', [&](std::string_view, std::string_view value) {
      ledger::v1::ProjectDefined p;
      if (!p.ParseFromString(std::string(value))) return Corrupt("project", org);
      ProjectInfo info{
          .id = p.project_id(), .name = p.name(), .unit_id = p.unit_id(), .position = p.position()};
      for (const ledger::v1::ProjectFrame& f : p.frames())
        info.frames_ore[f.fiscal_year()] = f.frame_ore();
      input.projects.push_back(std::move(info));
      return absl::OkStatus();
    });
  }
  if (s.ok()) {
    s = scan('d', [&](std::string_view, std::string_view value) {
      v1::Adjustment a;
      if (!a.ParseFromString(std::string(value))) return Corrupt("adjustment", org);
      const v1::AdjustmentMade& m = a.made();
      AdjustmentRecord r{.id = m.adjustment_id(),
                         .fiscal_year = m.fiscal_year(),
                         .unit_id = m.unit_id(),
                         .project_id = m.project_id(),
                         .side = static_cast<AdjustmentSide>(m.side()),
                         .amount_ore = m.amount_ore(),
                         .reason = m.reason(),
                         .actor = m.actor(),
                         .source = m.source(),
                         .withdrawn = a.withdrawn()};
      if (m.side() < v1::SIDE_COSTS || m.side() > v1::SIDE_INVESTMENT_INCOME)
        return absl::OkStatus();
      if (m.has_expires_after()) r.expires_after = period::FromProto(m.expires_after());
      input.adjustments.push_back(std::move(r));
      return absl::OkStatus();
    });
  }
  if (s.ok()) {
    s = scan('m', [&](std::string_view, std::string_view value) {
      v1::MethodChosen c;
      if (!c.ParseFromString(std::string(value))) return Corrupt("method choice", org);
      absl::StatusOr<Method> method = ParseMethod(c.method());
      if (method.ok()) input.method_choices[{c.fiscal_year(), c.unit_id()}] = *method;
      return absl::OkStatus();
    });
  }
  if (s.ok()) {
    s = scan('c', [&](std::string_view key, std::string_view) {
      int year = 0;
      std::string_view month;
      if (!store::SplitYearKey(key, &year, &month) || month.size() != 4)
        return Corrupt("closed period", org);
      input.closed_months[year].insert(static_cast<int>(eventlog::GetBigEndian32(month.data())));
      return absl::OkStatus();
    });
  }
  if (!s.ok()) return s;
  return input;
}

absl::StatusOr<std::vector<v1::Adjustment>> LoadAdjustments(const projection::Reader& reader,
                                                            std::string_view org) {
  std::vector<v1::Adjustment> out;
  bool corrupt = false;
  absl::Status s =
      reader.Scan(store::Prefix('d', org), [&](std::string_view, std::string_view value) {
        v1::Adjustment a;
        corrupt = !a.ParseFromString(std::string(value));
        if (!corrupt) out.push_back(std::move(a));
        return !corrupt;
      });
  if (!s.ok()) return s;
  if (corrupt) return Corrupt("adjustment", org);
  return out;
}

absl::StatusOr<std::shared_ptr<const OrgModel>> ModelCache::Get(const projection::Reader& reader,
                                                                std::string_view org) {
  absl::StatusOr<std::optional<std::string>> version = reader.Get(store::VersionKey(org));
  if (!version.ok()) return version.status();
  uint64_t v = version->has_value() ? store::DecodeCounter(**version) : 0;
  {
    std::lock_guard<std::mutex> guard(mutex_);
    auto it = entries_.find(org);
    if (it != entries_.end() && it->second.version == v) return it->second.model;
  }
  absl::StatusOr<OrgInput> input = LoadOrgInput(reader, org);
  if (!input.ok()) return input.status();
  absl::StatusOr<std::shared_ptr<const OrgModel>> model = OrgModel::Build(std::move(*input));
  if (!model.ok()) return model.status();
  std::lock_guard<std::mutex> guard(mutex_);
  entries_[std::string(org)] = {v, *model};
  return *model;
}

}  // namespace tertial::forecast
