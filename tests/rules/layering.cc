#include "layering.h"

#include <algorithm>
#include <fstream>
#include <functional>
#include <map>
#include <optional>
#include <regex>
#include <set>

#include "tertial/base/strings.h"

namespace tertial::rules {
namespace {

namespace fs = std::filesystem;

const std::vector<std::string> kTopFolders = {"libs", "services", "apps", "tests", "bench"};
// Libraries whose every file is pure (chart is, but for its voucher index).
const std::set<std::string> kPureLibs = {"base", "money", "period", "csv",
                                         "json", "sie",   "config", "chart"};
// Libraries that wrap the event log, RocksDB or gRPC: out of reach of pure code.
const std::set<std::string> kAdapterLibs = {"eventlog", "storage", "projection", "grpcutil",
                                            "metrics"};

// Where a file sits: "libs/money/src/x.cc" is {kLib, "money", "src/x.cc"}.
struct Place {
  enum Kind { kLib, kService, kApp, kOther } kind = kOther;
  std::string name;
  std::string inner;  // the path below libs/<name>/ or services/<name>/

  bool InServiceSrc() const { return kind == kService && inner.starts_with("src/"); }
  bool Pure() const {
    if (kind == kService) return inner.starts_with("src/domain/");
    if (kind != kLib || !kPureLibs.contains(name)) return false;
    return !(name == "chart" && inner.find("voucher_index") != std::string::npos);
  }
};

std::vector<std::string> Split(const std::string& path);

// The one service whose src/ the tests or benches in `relative`'s folder may look into:
// tests/<svc>/ and bench/<svc>/ test their service from inside; the demo's product is the
// report. Empty for every other file.
std::string WhiteBoxService(const std::string& relative) {
  std::vector<std::string> parts = Split(relative);
  if (parts.size() < 3 || (parts[0] != "tests" && parts[0] != "bench")) return "";
  if (parts[0] == "tests" && parts[1] == "demo") return "reporting";
  return parts[1];
}

std::vector<std::string> Split(const std::string& path) {
  std::vector<std::string> parts;
  for (const fs::path& part : fs::path(path)) parts.push_back(part.string());
  return parts;
}

Place PlaceOf(const std::string& relative) {
  std::vector<std::string> parts = Split(relative);
  Place place;
  if (parts.size() < 3 || (parts[0] != "libs" && parts[0] != "services")) {
    if (!parts.empty() && parts[0] == "apps") place.kind = Place::kApp;
    return place;
  }
  place.kind = parts[0] == "libs" ? Place::kLib : Place::kService;
  place.name = parts[1];
  place.inner = relative.substr(parts[0].size() + parts[1].size() + 2);
  return place;
}

// What a spelled include names outside our tree, when it is one of the forbidden.
std::optional<std::string> ForbiddenExternal(const std::string& spelled) {
  if (spelled.starts_with("grpc/") || spelled.starts_with("grpcpp/") ||
      spelled.ends_with(".grpc.pb.h")) {
    return "gRPC";
  }
  if (spelled.starts_with("rocksdb/")) return "RocksDB";
  if (spelled.starts_with("librdkafka/")) return "librdkafka";
  return std::nullopt;
}

struct Include {
  std::string spelled;
  std::optional<std::string> resolved;  // relative to the root, when it is one of our files
};

class Tree {
 public:
  explicit Tree(fs::path root) : root_(std::move(root)) {
    for (const std::string& top : kTopFolders) {
      if (!fs::is_directory(root_ / top)) continue;
      for (const fs::directory_entry& entry : fs::recursive_directory_iterator(root_ / top)) {
        std::string extension = entry.path().extension().string();
        if (!entry.is_regular_file() || (extension != ".h" && extension != ".cc")) continue;
        files_.insert(fs::relative(entry.path(), root_).generic_string());
      }
    }
    for (const std::string& file : files_) {
      std::vector<std::string> parts = Split(file);
      if (parts.size() > 2 && (parts[0] == "libs" || parts[0] == "services") &&
          parts[2] == "include") {
        public_roots_.insert(parts[0] + "/" + parts[1] + "/include");
      }
    }
    for (const std::string& file : files_) includes_[file] = ReadIncludes(file);
  }

  const std::set<std::string>& files() const { return files_; }
  const std::vector<Include>& includes(const std::string& file) const { return includes_.at(file); }

 private:
  std::vector<Include> ReadIncludes(const std::string& file) const {
    static const std::regex kInclude(R"(^\s*#\s*include\s*([<"])([^>"]+)[>"])");
    std::vector<Include> out;
    std::ifstream in(root_ / file);
    for (std::string line; std::getline(in, line);) {
      std::smatch match;
      if (!std::regex_search(line, match, kInclude)) continue;
      Include include{.spelled = match[2].str()};
      // <...> is looked for as "..." is but beside the file: our headers spelled either way.
      include.resolved = Resolve(file, include.spelled, /*beside=*/match[1].str() == "\"");
      out.push_back(std::move(include));
    }
    return out;
  }

  std::optional<std::string> Existing(const fs::path& candidate) const {
    std::string normal = candidate.lexically_normal().generic_string();
    if (files_.contains(normal)) return normal;
    return std::nullopt;
  }

  std::optional<std::string> Resolve(const std::string& from, const std::string& spelled,
                                     bool beside) const {
    if (beside) {
      if (auto found = Existing(fs::path(from).parent_path() / spelled)) return found;
    }
    Place place = PlaceOf(from);
    if (place.kind == Place::kLib || place.kind == Place::kService) {
      std::string home = (place.kind == Place::kLib ? "libs/" : "services/") + place.name;
      for (const char* own : {"/src/", "/include/"}) {
        if (auto found = Existing(home + own + spelled)) return found;
      }
    }
    if (place.kind == Place::kApp) {
      if (auto found = Existing("apps/host/" + spelled)) return found;
    }
    for (const std::string& public_root : public_roots_) {
      if (auto found = Existing(public_root + "/" + spelled)) return found;
    }
    // A service's private folder, reachable through an include directory a target was given:
    // the white-box service's first, then any, so that the rules can name it.
    if (std::string service = WhiteBoxService(from); !service.empty()) {
      if (auto found = Existing("services/" + service + "/src/" + spelled)) return found;
    }
    for (const std::string& file : files_) {
      Place other = PlaceOf(file);
      if (other.InServiceSrc() && other.inner == "src/" + spelled) return file;
    }
    return std::nullopt;
  }

  fs::path root_;
  std::set<std::string> files_;
  std::set<std::string> public_roots_;
  std::map<std::string, std::vector<Include>> includes_;
};

// The rule a direct include from `from` (at `from_path`) to our file `to` breaks, if any.
std::optional<std::string> EdgeRule(const std::string& from_path, const Place& from,
                                    const Place& to) {
  if (to.kind != Place::kService) return std::nullopt;
  if (from.kind == Place::kService && from.name != to.name) return "services";
  if (from.kind == Place::kLib) return "libs";
  if (from.kind == Place::kApp && to.inner.starts_with("include/")) return std::nullopt;
  if (from.kind == Place::kApp) return "apps";
  bool own = (from.kind == Place::kService && from.name == to.name) ||
             WhiteBoxService(from_path) == to.name;
  // What a service keeps in src/testing/ (fixtures, generated ledgers) is there for tests
  // and benches of any folder.
  bool fixture = to.inner.starts_with("src/testing/") &&
                 (from_path.starts_with("tests/") || from_path.starts_with("bench/"));
  if (to.InServiceSrc() && !own && !fixture) {
    return "private";
  }
  return std::nullopt;
}

// Include chains from a file to an include it may not reach, through any of our headers,
// memoised per file. `forbidden` names an include that ends a chain (what the chain's last
// step says), or nullopt for one that may be followed further.
class ChainFinder {
 public:
  using Forbidden = std::function<std::optional<std::string>(const Include&)>;
  ChainFinder(const Tree& tree, Forbidden forbidden)
      : tree_(tree), forbidden_(std::move(forbidden)) {}

  // The chain from `file` to a forbidden include, or nullopt when there is none.
  std::optional<std::vector<std::string>> Chain(const std::string& file) {
    if (auto known = memo_.find(file); known != memo_.end()) return known->second;
    memo_[file] = std::nullopt;  // a cycle back to `file` adds nothing
    std::optional<std::vector<std::string>> chain;
    for (const Include& include : tree_.includes(file)) {
      if (auto last = forbidden_(include)) {
        chain = std::vector<std::string>{*last};
        break;
      }
      if (!include.resolved) continue;
      if (auto deeper = Chain(*include.resolved)) {
        chain = std::vector<std::string>{*include.resolved};
        chain->insert(chain->end(), deeper->begin(), deeper->end());
        break;
      }
    }
    memo_[file] = chain;
    return chain;
  }

 private:
  const Tree& tree_;
  Forbidden forbidden_;
  std::map<std::string, std::optional<std::vector<std::string>>> memo_;
};

// What a pure file may not reach: gRPC, RocksDB, rdkafka and the like, and our libraries
// that wrap them.
std::optional<std::string> Impure(const Include& include) {
  if (auto external = ForbiddenExternal(include.spelled)) {
    return include.spelled + " (" + *external + ")";
  }
  if (!include.resolved) return std::nullopt;
  Place place = PlaceOf(*include.resolved);
  if (place.kind == Place::kLib && kAdapterLibs.contains(place.name)) {
    return *include.resolved + " (wraps the log, RocksDB or gRPC)";
  }
  return std::nullopt;
}

// What an app may not reach: a service's src/.
std::optional<std::string> ServicePrivate(const Include& include) {
  if (include.resolved && PlaceOf(*include.resolved).InServiceSrc()) return *include.resolved;
  return std::nullopt;
}

}  // namespace

std::string Describe(const Violation& violation) {
  std::string text = StrCat(violation.file, ": breaks '", violation.rule, "'");
  for (const std::string& step : violation.chain) StrAppend(&text, "\n    includes ", step);
  return text;
}

std::vector<Violation> CheckLayering(const std::filesystem::path& root) {
  Tree tree(root);
  ChainFinder purity(tree, Impure);
  ChainFinder private_reach(tree, ServicePrivate);
  std::vector<Violation> violations;
  for (const std::string& file : tree.files()) {
    Place place = PlaceOf(file);
    // Tests and fuzz targets of a pure part are not themselves the pure part.
    bool test = file.ends_with("_test.cc") || file.ends_with("_fuzz.cc");
    if (place.Pure() && !test) {
      if (auto chain = purity.Chain(file)) {
        violations.push_back({.rule = "pure", .file = file, .chain = *chain});
      }
    }
    bool broke_apps = false;
    for (const Include& include : tree.includes(file)) {
      if (!include.resolved) continue;
      if (auto rule = EdgeRule(file, place, PlaceOf(*include.resolved))) {
        violations.push_back({.rule = *rule, .file = file, .chain = {*include.resolved}});
        broke_apps = broke_apps || *rule == "apps";
      }
    }
    // An app reaches only what services publish, also through the headers it includes.
    if (place.kind == Place::kApp && !broke_apps) {
      if (auto chain = private_reach.Chain(file)) {
        violations.push_back({.rule = "apps", .file = file, .chain = *chain});
      }
    }
  }
  return violations;
}

}  // namespace tertial::rules
