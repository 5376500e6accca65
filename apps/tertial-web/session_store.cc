#include "session_store.h"

#include "tertial/base/hash.h"

namespace tertial::web {

std::string SessionStore::Create(const grpcutil::Principal& principal, std::string_view token,
                                 Clock::time_point now) {
  std::string id = RandomHex(32);
  Session session{.principal = principal,
                  .token = std::string(token),
                  .csrf = RandomHex(32),
                  .expires = now + options_.lifetime};
  std::lock_guard<std::mutex> lock(mutex_);
  for (auto it = sessions_.begin(); it != sessions_.end();) {
    it = it->second.expires <= now ? sessions_.erase(it) : std::next(it);
  }
  while (!sessions_.empty() && sessions_.size() >= options_.max_sessions) {
    auto oldest = sessions_.begin();
    for (auto it = sessions_.begin(); it != sessions_.end(); ++it) {
      if (it->second.expires < oldest->second.expires) oldest = it;
    }
    sessions_.erase(oldest);
  }
  sessions_[Sha256Hex(id)] = std::move(session);
  return id;
}

std::optional<Session> SessionStore::Find(std::string_view id, Clock::time_point now) {
  if (id.size() != 64) return std::nullopt;
  const std::string key = Sha256Hex(id);
  std::lock_guard<std::mutex> lock(mutex_);
  auto it = sessions_.find(key);
  if (it == sessions_.end()) return std::nullopt;
  if (it->second.expires <= now) {
    sessions_.erase(it);
    return std::nullopt;
  }
  return it->second;
}

void SessionStore::Remove(std::string_view id) {
  const std::string key = Sha256Hex(id);
  std::lock_guard<std::mutex> lock(mutex_);
  sessions_.erase(key);
}

size_t SessionStore::size() {
  std::lock_guard<std::mutex> lock(mutex_);
  return sessions_.size();
}

}  // namespace tertial::web
