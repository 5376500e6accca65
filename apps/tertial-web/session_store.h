#ifndef TERTIAL_APPS_TERTIAL_WEB_SESSION_STORE_H_
#define TERTIAL_APPS_TERTIAL_WEB_SESSION_STORE_H_

// The web app's sign-in sessions, held in memory on the server. A person signs in with a
// personal token once; the browser then holds only a random session id (the cookie), and
// the token stays here, sent on by the web app as the bearer of its gRPC calls so that the
// services authorize every call as they would the person's own. A restart signs everyone
// out. Thread-safe.

#include <chrono>
#include <cstddef>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

#include "tertial/grpcutil/auth.h"

namespace tertial::web {

struct Session {
  grpcutil::Principal principal;
  std::string token;  // the personal token; never logged, never sent to the browser
  std::string csrf;   // the token every form of this session carries
  std::chrono::steady_clock::time_point expires;
};

class SessionStore {
 public:
  using Clock = std::chrono::steady_clock;
  struct Options {
    std::chrono::seconds lifetime{8 * 3600};  // from sign-in; no sliding renewal
    size_t max_sessions = 10'000;             // the oldest goes when a new one would exceed
  };
  explicit SessionStore(Options options) : options_(options) {}
  SessionStore(const SessionStore&) = delete;
  SessionStore& operator=(const SessionStore&) = delete;

  // A new session; returns its id (64 hex digits, 256 random bits) for the cookie.
  std::string Create(const grpcutil::Principal& principal, std::string_view token,
                     Clock::time_point now = Clock::now());
  // The session of `id`, if it exists and has not expired (an expired one is removed).
  std::optional<Session> Find(std::string_view id, Clock::time_point now = Clock::now());
  // Signs out: the id no longer finds anything.
  void Remove(std::string_view id);
  size_t size();
  const Options& options() const { return options_; }

 private:
  const Options options_;
  std::mutex mutex_;
  // Keyed by the SHA-256 of the id: what is compared (and could leak by timing) is not
  // the secret itself.
  std::map<std::string, Session, std::less<>> sessions_;  // guarded by mutex_
};

}  // namespace tertial::web

#endif  // TERTIAL_APPS_TERTIAL_WEB_SESSION_STORE_H_
