#ifndef TERTIAL_SIE_SRC_ARENA_H_
#define TERTIAL_SIE_SRC_ARENA_H_

// The bytes of the voucher being read: its strings and object lists, in blocks that never
// move, so that views into them stay valid until Reset. Reset keeps the blocks for the next
// voucher; nothing is allocated per field once they have grown to the largest voucher.

#include <cstddef>
#include <cstring>
#include <memory>
#include <string_view>
#include <vector>

namespace tertial::sie::internal {

class Arena final {
 public:
  // Every reservation may be written up to this many bytes past its end (16-byte stores).
  static constexpr size_t kSlack = 16;

  Arena() = default;
  Arena(const Arena&) = delete;
  Arena& operator=(const Arena&) = delete;

  // Room for `n` bytes (and kSlack more that may be scribbled on), aligned to `align`;
  // valid until Reset. Commit says how many of them were used.
  [[gnu::always_inline]] char* Reserve(size_t n, size_t align = 1) {
    size_t at = (pos_ + align - 1) & ~(align - 1);
    if (at + n + kSlack > end_) [[unlikely]] {
      NewBlock(n + align);
      at = 0;
    }
    reserved_ = at;
    return base_ + at;
  }
  void Commit(size_t used) { pos_ = reserved_ + used; }

  std::string_view Copy(std::string_view s) {
    if (s.empty()) return {};
    char* out = Reserve(s.size());
    std::memcpy(out, s.data(), s.size());
    Commit(s.size());
    return {out, s.size()};
  }

  // The same, for `s` followed by 15 readable bytes: a short one is copied as 16 bytes.
  std::string_view CopyPadded(std::string_view s) {
    if (s.empty()) return {};
    char* out = Reserve(s.size());
    if (s.size() <= 16) {
      std::memcpy(out, s.data(), 16);
    } else {
      std::memcpy(out, s.data(), s.size());
    }
    Commit(s.size());
    return {out, s.size()};
  }

  template <typename T>
  T* Allocate(size_t n) {
    T* out = reinterpret_cast<T*>(Reserve(n * sizeof(T), alignof(T)));
    Commit(n * sizeof(T));
    return out;
  }

  // Forgets everything; keeps a few blocks for the next voucher.
  void Reset() {
    if (blocks_.size() > kKeptBlocks) blocks_.resize(kKeptBlocks);
    block_ = 0;
    if (blocks_.empty()) {
      base_ = nullptr;
      pos_ = end_ = reserved_ = 0;
      return;
    }
    base_ = blocks_[0].data.get();
    end_ = blocks_[0].size;
    pos_ = reserved_ = 0;
  }

 private:
  static constexpr size_t kBlockBytes = 64 << 10;
  static constexpr size_t kKeptBlocks = 16;
  struct Block {
    std::unique_ptr<char[]> data;
    size_t size = 0;
  };

  // Moves to the next block that holds `n` bytes, adding one if needed.
  [[gnu::noinline]] void NewBlock(size_t n) {
    const size_t need = n + kSlack;
    size_t next = base_ == nullptr ? 0 : block_ + 1;
    while (next < blocks_.size() && blocks_[next].size < need) ++next;
    if (next >= blocks_.size()) {
      const size_t size = need > kBlockBytes ? need : kBlockBytes;
      blocks_.push_back({std::make_unique<char[]>(size), size});
      next = blocks_.size() - 1;
    }
    block_ = next;
    base_ = blocks_[next].data.get();
    end_ = blocks_[next].size;
    pos_ = reserved_ = 0;
  }

  std::vector<Block> blocks_;
  size_t block_ = 0;
  char* base_ = nullptr;
  size_t pos_ = 0;
  size_t end_ = 0;
  size_t reserved_ = 0;
};

}  // namespace tertial::sie::internal

#endif  // TERTIAL_SIE_SRC_ARENA_H_
