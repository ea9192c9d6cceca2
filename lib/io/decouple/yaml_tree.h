// A compact, read-only YAML document tree, filled from yaml-cpp's event API.
//
// What: YamlTree parses every document of a YAML text into one flat array of
// 20-byte node records (kind, 1-based line and column, and either a scalar's
// bytes or a container's children). Children of one node sit in one
// contiguous block of a second array (a map's block is key, value, key,
// value, ...). An alias is not copied: it is the anchored node itself, as
// in yaml-cpp's own node tree, so `&a` named a thousand times costs a
// thousand 4-byte child slots, not a thousand subtrees. YamlNode is a
// two-word handle into the tree with the few questions the model loader
// asks (kind, scalar text, position, size, items, pairs, lookup by key).
//
// Why: yaml-cpp's node tree (YAML::Load) peaks at about 65 times the file's
// size in memory (issue #7); this tree is about 24 bytes per node plus the
// scalars that differ from their source bytes (quoted or folded ones), so a
// load stays well under 10 times the file (docs/algorithms.md, "Loading
// YAML"). yaml-cpp stays an implementation detail of yaml_tree.cpp.
//
// Same answers as yaml-cpp's tree: the tree mirrors what yaml-cpp's
// NodeBuilder makes of the same events (null vs scalar as the parser decides,
// tags ignored, repeated keys kept in order, lookups see the first, an alias
// shares the anchored node and its position). yaml_tree_oracle.h checks that
// against YAML::LoadAll in the tests.
//
// Ownership: the tree may point into `text` for scalars that equal their
// source bytes, so `text` must outlive the tree. Handles point into the tree,
// which therefore neither copies nor moves; a handle must not outlive it.
//
// Failure: a syntax error (or yaml-cpp's own nesting limit) stops the parse;
// error() then holds the message and position, exactly as the loader has
// always printed them ("YAML syntax: ...", "nesting deeper than N levels").
// The constructor throws nothing for bad input.
//
// Cost: one pass of yaml-cpp's parser, O(text size) time; memory as above,
// plus O(nesting depth) while building. Immutable once built: threads may
// share a tree.
#ifndef DECOUPLE_YAML_TREE_H_
#define DECOUPLE_YAML_TREE_H_

#include <cstddef>
#include <cstdint>
#include <iterator>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "decouple/model.h"

namespace decouple {

class YamlTree;

enum class YamlKind : uint8_t { kNull, kScalar, kSequence, kMap };

class YamlNode;

// A map entry: its key node and its value node.
struct YamlPair {
  YamlNode key() const;
  YamlNode value() const;
  const YamlTree* tree;
  const uint32_t* slot;  // the key's slot; the value's follows
};

// A handle to one node, or to nothing ("absent": a key that is not there).
class YamlNode {
 public:
  YamlNode() = default;

  // Whether the handle names a node (false for a missing key).
  explicit operator bool() const { return tree_ != nullptr; }

  // Absent handles are none of these.
  YamlKind kind() const;
  bool is_null() const { return tree_ && kind() == YamlKind::kNull; }
  bool is_scalar() const { return tree_ && kind() == YamlKind::kScalar; }
  bool is_sequence() const { return tree_ && kind() == YamlKind::kSequence; }
  bool is_map() const { return tree_ && kind() == YamlKind::kMap; }

  // A scalar's text after YAML's unquoting and folding; empty otherwise.
  std::string_view scalar() const;
  // Where the node starts (an alias: where the anchored node starts);
  // {} for an absent handle.
  Location location() const;
  // Entries of a list, pairs of a map, 0 for anything else.
  size_t size() const;
  // The value of the first pair whose key is a scalar equal to `key`;
  // absent when there is none or this is not a map. O(pairs).
  YamlNode operator[](std::string_view key) const;

  // A node's child slots seen `kStride` at a time as `Value`s.
  template <typename Value, int kStride>
  class SlotRange;
  // The entries of a list, in order (nothing for anything else):
  // `for (YamlNode entry : node.items())`.
  using ItemRange = SlotRange<YamlNode, 1>;
  ItemRange items() const;
  // The pairs of a map, in order, repeated keys included (nothing for
  // anything else): `for (YamlPair pair : node.pairs())`.
  using PairRange = SlotRange<YamlPair, 2>;
  PairRange pairs() const;

  // A number unique to the node in its tree (an alias has its anchor's).
  uint32_t id() const { return index_; }
  // Identity: two handles to one node (an alias and its anchor) are equal.
  bool operator==(const YamlNode& other) const {
    return tree_ == other.tree_ && index_ == other.index_;
  }

 private:
  friend class YamlTree;
  friend struct YamlPair;
  YamlNode(const YamlTree* tree, uint32_t index) : tree_(tree), index_(index) {}
  // The node's children: [first, first + count) of the tree's child slots.
  const uint32_t* children_begin() const;
  const uint32_t* children_end() const;

  const YamlTree* tree_ = nullptr;
  uint32_t index_ = 0;
};

template <typename Value, int kStride>
class YamlNode::SlotRange {
 public:
  class iterator {
   public:
    using value_type = Value;
    using difference_type = std::ptrdiff_t;
    iterator() = default;
    iterator(const YamlTree* tree, const uint32_t* slot) : tree_(tree), slot_(slot) {}
    Value operator*() const {
      if constexpr (kStride == 2)
        return Value{tree_, slot_};  // a pair: key slot, then value slot
      else
        return YamlNode(tree_, *slot_);
    }
    iterator& operator++() {
      slot_ += kStride;
      return *this;
    }
    iterator operator++(int) {
      iterator old = *this;
      slot_ += kStride;
      return old;
    }
    bool operator==(const iterator& other) const { return slot_ == other.slot_; }

   private:
    const YamlTree* tree_ = nullptr;
    const uint32_t* slot_ = nullptr;
  };
  iterator begin() const { return {tree_, begin_}; }
  iterator end() const { return {tree_, end_}; }

 private:
  friend class YamlNode;
  SlotRange(const YamlTree* tree, const uint32_t* begin, const uint32_t* end)
      : tree_(tree), begin_(begin), end_(end) {}
  const YamlTree* tree_;
  const uint32_t* begin_;
  const uint32_t* end_;
};

// Why a parse stopped: the message as the loader prints it, and where.
struct YamlError {
  Location at;  // {} when yaml-cpp gave no position
  std::string message;
};

class YamlTree {
 public:
  // Parses every document of `text` (which must outlive the tree).
  explicit YamlTree(std::string_view text);
  YamlTree(const YamlTree&) = delete;
  YamlTree& operator=(const YamlTree&) = delete;

  // Set when the parse stopped; the documents before the error are kept.
  const std::optional<YamlError>& error() const { return error_; }

  // One root per document, in order. An empty text has no documents; a
  // document with nothing in it is one null node.
  size_t document_count() const { return roots_.size(); }
  YamlNode document(size_t i) const { return YamlNode(this, roots_[i]); }

  // Nodes built (aliases not counted) and the bytes they, their child slots
  // and their copied scalars take.
  size_t node_count() const { return record_count_; }
  size_t memory_bytes() const;

 private:
  friend class YamlNode;
  friend struct YamlPair;
  friend class YamlTreeBuilder;

  // 20 bytes. A scalar's bytes are in the source text when `in_text` (then
  // `first` is their offset), else in `arena_` (then `first` is a handle);
  // `count` is their length. A container's children are the `count` slots
  // at handle `first` of `child_slots_`.
  struct Record {
    uint32_t line;
    uint32_t column;
    uint32_t first;
    uint32_t count;
    YamlKind kind;
    bool in_text;
  };

  // Append-only storage in blocks that never move: growing it never copies
  // (a std::vector's doubling would briefly hold the old and the new array,
  // twice the memory at the peak). append() keeps each run contiguous and
  // returns a handle: block number (12 bits) and offset (20 bits); a run
  // longer than a block gets a block of its own.
  template <typename T>
  class BlockStore {
   public:
    static constexpr uint32_t kBlockBits = 20;
    static constexpr size_t kBlock = size_t{1} << kBlockBits;
    static constexpr size_t kMaxBlocks = size_t{1} << (32 - kBlockBits);
    // false when the handles would overflow.
    bool append(const T* data, size_t n, uint32_t& handle);
    const T* at(uint32_t handle) const {
      return blocks_[handle >> kBlockBits].data.get() + (handle & (kBlock - 1));
    }
    // Bytes of the runs stored (a block's untouched tail costs address
    // space, not memory).
    size_t bytes() const { return stored_ * sizeof(T) + blocks_.capacity() * sizeof(Block); }

   private:
    struct Block {
      std::unique_ptr<T[]> data;
      size_t size;
      size_t used;
    };
    std::vector<Block> blocks_;
    size_t stored_ = 0;
  };

  static constexpr uint32_t kRecordBits = 16;  // records per block: 65,536
  const Record& record(uint32_t i) const {
    return record_blocks_[i >> kRecordBits][i & ((1u << kRecordBits) - 1)];
  }
  Record& record(uint32_t i) {
    return record_blocks_[i >> kRecordBits][i & ((1u << kRecordBits) - 1)];
  }

  std::string_view text_;
  std::vector<std::unique_ptr<Record[]>> record_blocks_;
  uint32_t record_count_ = 0;
  BlockStore<uint32_t> child_slots_;
  BlockStore<char> arena_;
  std::vector<uint32_t> roots_;
  std::optional<YamlError> error_;
};

inline YamlNode YamlPair::key() const { return YamlNode(tree, slot[0]); }
inline YamlNode YamlPair::value() const { return YamlNode(tree, slot[1]); }

inline YamlKind YamlNode::kind() const { return tree_->record(index_).kind; }

inline const uint32_t* YamlNode::children_begin() const {
  const YamlTree::Record& r = tree_->record(index_);
  return r.count ? tree_->child_slots_.at(r.first) : nullptr;
}

inline const uint32_t* YamlNode::children_end() const {
  const YamlTree::Record& r = tree_->record(index_);
  return r.count ? tree_->child_slots_.at(r.first) + r.count : nullptr;
}

inline YamlNode::ItemRange YamlNode::items() const {
  if (!is_sequence()) return ItemRange(tree_, nullptr, nullptr);
  return ItemRange(tree_, children_begin(), children_end());
}

inline YamlNode::PairRange YamlNode::pairs() const {
  if (!is_map()) return PairRange(tree_, nullptr, nullptr);
  return PairRange(tree_, children_begin(), children_end());
}

}  // namespace decouple

#endif  // DECOUPLE_YAML_TREE_H_
