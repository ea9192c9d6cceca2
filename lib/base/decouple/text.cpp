#include "decouple/text.h"

#include <algorithm>
#include <stdexcept>

namespace decouple {

namespace {
// Blocks of 256 KiB: a million short ids make a few dozen of them.
constexpr size_t kBlockBytes = 256 * 1024;
}  // namespace

TextArena::TextArena(const TextArena& other)
    : blocks_(other.blocks_), kept_(other.kept_), held_(other.held_), interned_(other.interned_) {
  interned_index_.reserve(interned_.size());
  for (uint32_t p = 0; p < interned_.size(); ++p)
    interned_index_.insert(interned_[p].view(), p, [&](uint32_t q) { return interned_[q].view(); });
}

TextArena& TextArena::operator=(const TextArena& other) {
  if (this != &other) *this = TextArena(other);
  return *this;
}

Text TextArena::add(std::string_view s) {
  if (s.empty()) return Text();
  if (s.size() > UINT32_MAX - 8) throw std::length_error("decouple: a model string over 4 GiB");
  // Length (4 bytes, aligned), bytes, NUL; the next string starts aligned.
  const size_t need = (sizeof(uint32_t) + s.size() + 1 + 3) & ~size_t{3};
  if (need > room_) {
    const size_t bytes = std::max(kBlockBytes, need);
    blocks_.push_back(std::shared_ptr<char[]>(new char[bytes]));
    next_ = blocks_.back().get();
    room_ = bytes;
    last_bytes_ = bytes;
    held_ += bytes;
  }
  const uint32_t n = static_cast<uint32_t>(s.size());
  std::memcpy(next_, &n, sizeof n);
  std::memcpy(next_ + sizeof n, s.data(), s.size());
  next_[sizeof n + s.size()] = '\0';
  Text text(next_ + sizeof n);
  next_ += need;
  room_ -= need;
  return text;
}

void TextArena::adopt(TextArena&& other) {
  // In front: the last block stays the one this arena writes into.
  blocks_.insert(blocks_.begin(), std::make_move_iterator(other.blocks_.begin()),
                 std::make_move_iterator(other.blocks_.end()));
  kept_.insert(kept_.end(), std::make_move_iterator(other.kept_.begin()),
               std::make_move_iterator(other.kept_.end()));
  held_ += other.held_;
  other = TextArena();
}

void TextArena::clear() {
  interned_.clear();
  interned_index_.clear();
  std::shared_ptr<char[]> keep;
  if (!blocks_.empty() && blocks_.back().use_count() == 1 && next_) keep = std::move(blocks_.back());
  blocks_.clear();
  kept_.clear();
  held_ = 0;
  next_ = nullptr;
  room_ = 0;
  if (keep) {
    next_ = keep.get();
    room_ = last_bytes_;
    held_ = last_bytes_;
    blocks_.push_back(std::move(keep));
  }
}

Text TextArena::intern(std::string_view s) {
  if (s.empty()) return Text();
  auto key_of = [&](uint32_t p) { return interned_[p].view(); };
  if (uint32_t p = interned_index_.find(s, key_of); p != IdIndex::kAbsent) return interned_[p];
  Text text = add(s);
  interned_.push_back(text);
  interned_index_.insert(text.view(), static_cast<uint32_t>(interned_.size() - 1), key_of);
  return text;
}

}  // namespace decouple
