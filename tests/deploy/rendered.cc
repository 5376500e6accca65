#include "rendered.h"

#include <cctype>
#include <cstdio>
#include <regex>

#include "service_table.h"
#include "tertial/base/strings.h"

namespace tertial::deploy {

std::string RunCommand(const std::string& command, bool* ok) {
  std::string out;
  FILE* pipe = popen((command + " 2>&1").c_str(), "r");
  if (pipe == nullptr) {
    *ok = false;
    return "";
  }
  char buffer[4096];
  for (size_t n; (n = fread(buffer, 1, sizeof(buffer), pipe)) > 0;) out.append(buffer, n);
  *ok = pclose(pipe) == 0;
  return out;
}

absl::StatusOr<Rendered> Rendered::Overlay(const std::string& overlay) {
  bool ok = false;
  std::string yaml = RunCommand(
      StrCat("kubectl kustomize ", TERTIAL_SOURCE_DIR, "/deploy/k8s/overlays/", overlay), &ok);
  if (!ok) return absl::UnavailableError(StrCat("kubectl kustomize ", overlay, ":\n", yaml));
  Rendered rendered;
  try {
    rendered.docs_ = YAML::LoadAll(yaml);
  } catch (const YAML::Exception& e) {
    return absl::InvalidArgumentError(StrCat("rendered ", overlay, " is not YAML: ", e.what()));
  }
  if (rendered.docs_.empty()) return absl::InvalidArgumentError("nothing rendered");
  return rendered;
}

const YAML::Node* Rendered::Find(const std::string& kind, const std::string& name) const {
  for (const YAML::Node& doc : docs_) {
    if (doc["kind"].as<std::string>("") == kind &&
        doc["metadata"]["name"].as<std::string>("") == name) {
      return &doc;
    }
  }
  return nullptr;
}

std::vector<const YAML::Node*> Rendered::All(const std::string& kind) const {
  std::vector<const YAML::Node*> out;
  for (const YAML::Node& doc : docs_) {
    if (doc["kind"].as<std::string>("") == kind) out.push_back(&doc);
  }
  return out;
}

std::string Rendered::Namespace() const {
  for (const YAML::Node& doc : docs_) {
    if (doc["kind"].as<std::string>("") == "Namespace")
      return doc["metadata"]["name"].as<std::string>();
  }
  return "";
}

std::string Base64Decode(const std::string& text) {
  static const std::string kAlphabet =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  uint32_t buffer = 0;
  int bits = 0;
  for (char c : text) {
    if (c == '=' || c == '\n' || c == '\r') continue;
    size_t value = kAlphabet.find(c);
    if (value == std::string::npos) return "";
    buffer = (buffer << 6) | static_cast<uint32_t>(value);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out.push_back(static_cast<char>((buffer >> bits) & 0xFF));
    }
  }
  return out;
}

std::map<std::string, std::string> Rendered::DataOf(const YAML::Node& object) const {
  std::map<std::string, std::string> data;
  const bool secret = object["kind"].as<std::string>("") == "Secret";
  for (const auto& item : object["data"]) {
    std::string value = item.second.as<std::string>("");
    data[item.first.as<std::string>()] = secret ? Base64Decode(value) : value;
  }
  for (const char* field : {"binaryData", "stringData"}) {
    for (const auto& item : object[field]) {
      std::string value = item.second.as<std::string>("");
      data[item.first.as<std::string>()] =
          std::string(field) == "binaryData" ? Base64Decode(value) : value;
    }
  }
  return data;
}

std::map<std::string, std::string> Rendered::EnvOf(const YAML::Node& container,
                                                   std::vector<std::string>* errors) const {
  std::map<std::string, std::string> env;
  for (const YAML::Node& from : container["envFrom"]) {
    const char* kind = from["configMapRef"].IsDefined() ? "ConfigMap" : "Secret";
    YAML::Node ref = from[std::string(kind) == "ConfigMap" ? "configMapRef" : "secretRef"];
    std::string name = ref["name"].as<std::string>("");
    const YAML::Node* object = Find(kind, name);
    if (object == nullptr) {
      if (!ref["optional"].as<bool>(false)) {
        errors->push_back(StrCat("envFrom names ", kind, " ", name, ", which is not rendered"));
      }
      continue;
    }
    std::string prefix = from["prefix"].as<std::string>("");
    for (const auto& [key, value] : DataOf(*object)) env[prefix + key] = value;
  }
  for (const YAML::Node& e : container["env"]) {
    std::string name = e["name"].as<std::string>();
    if (!e["valueFrom"].IsDefined()) {
      env[name] = e["value"].as<std::string>("");
      continue;
    }
    YAML::Node from = e["valueFrom"];
    for (const auto& [field, kind] :
         {std::pair<std::string, std::string>{"configMapKeyRef", "ConfigMap"},
          {"secretKeyRef", "Secret"}}) {
      if (!from[field].IsDefined()) continue;
      std::string object_name = from[field]["name"].as<std::string>("");
      std::string key = from[field]["key"].as<std::string>("");
      const YAML::Node* object = Find(kind, object_name);
      if (object == nullptr) {
        errors->push_back(StrCat(name, ": ", kind, " ", object_name, " is not rendered"));
        continue;
      }
      std::map<std::string, std::string> data = DataOf(*object);
      if (!data.count(key)) {
        errors->push_back(StrCat(name, ": ", kind, " ", object_name, " has no key ", key));
        continue;
      }
      env[name] = data[key];
    }
    if (!from["configMapKeyRef"].IsDefined() && !from["secretKeyRef"].IsDefined()) {
      errors->push_back(StrCat(name, ": a valueFrom these tests do not resolve"));
    }
  }
  return env;
}

Labels LabelsOf(const YAML::Node& labels) {
  Labels out;
  for (const auto& item : labels)
    out[item.first.as<std::string>()] = item.second.as<std::string>("");
  return out;
}

bool Selects(const YAML::Node& selector, const Labels& labels) {
  for (const auto& item : selector["matchLabels"]) {
    auto it = labels.find(item.first.as<std::string>());
    if (it == labels.end() || it->second != item.second.as<std::string>("")) return false;
  }
  for (const YAML::Node& expression : selector["matchExpressions"]) {
    std::string key = expression["key"].as<std::string>("");
    std::string op = expression["operator"].as<std::string>("");
    std::set<std::string> values;
    for (const YAML::Node& v : expression["values"]) values.insert(v.as<std::string>());
    auto it = labels.find(key);
    bool has = it != labels.end();
    bool in = has && values.count(it->second) > 0;
    if (op == "In" && !in) return false;
    if (op == "NotIn" && in) return false;
    if (op == "Exists" && !has) return false;
    if (op == "DoesNotExist" && has) return false;
  }
  return true;
}

std::string Canonical(const YAML::Node& node) {
  if (node.IsMap()) {
    std::map<std::string, std::string> items;
    for (const auto& item : node) items[item.first.as<std::string>()] = Canonical(item.second);
    std::string out = "{";
    for (const auto& [key, value] : items) StrAppend(&out, key, ":", value, ",");
    return out + "}";
  }
  if (node.IsSequence()) {
    std::string out = "[";
    for (const YAML::Node& item : node) StrAppend(&out, Canonical(item), ",");
    return out + "]";
  }
  return node.IsScalar() ? StrCat("'", node.Scalar(), "'") : "~";
}

std::string Upper(std::string_view s) {
  std::string out;
  for (char c : s) out.push_back(static_cast<char>(std::toupper(static_cast<unsigned char>(c))));
  return out;
}

std::set<std::string> EnvOfBinary(const std::string& binary) {
  bool ok = false;
  std::string help = RunCommand(binary + " --help", &ok);
  std::set<std::string> names;
  std::regex env(R"(\[\$([A-Z0-9_]+)\])");
  for (auto it = std::sregex_iterator(help.begin(), help.end(), env); it != std::sregex_iterator();
       ++it) {
    names.insert((*it)[1]);
  }
  return names;
}

std::set<std::string> KnownEnv(const std::string& svc) {
  std::set<std::string> known =
      EnvOfBinary(StrCat(TERTIAL_BINARY_DIR, "/services/", svc, "/tertial-", svc));
  for (const std::string& name :
       EnvOfBinary(StrCat(TERTIAL_BINARY_DIR, "/apps/tertial-healthcheck/tertial-healthcheck"))) {
    known.insert(name);
  }
  // Read from the environment only, and not (yet) listed by --help: apps/host/log_factory.h,
  // peer_channels.h and the reporting service's report pages.
  known.insert(
      {"TERTIAL_KAFKA_CONFIG", "TERTIAL_KAFKA_CLIENT_ID", "TERTIAL_KAFKA_MAX_BATCH_BYTES"});
  if (svc == "reporting") known.insert("TERTIAL_REPORTING_HTTP");
  for (const std::string& peer : host::ServiceNames()) known.insert(Upper(peer) + "_ADDR");
  return known;
}

}  // namespace tertial::deploy
