#include "decouple/yaml_tree.h"

#include <algorithm>
#include <memory>
#include <istream>
#include <streambuf>

#include <fmt/format.h>
#include <yaml-cpp/anchor.h>
#include <yaml-cpp/depthguard.h>
#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/exceptions.h>
#include <yaml-cpp/mark.h>
#include <yaml-cpp/parser.h>

#include "decouple/yaml_cpp_error.h"

namespace decouple {
namespace {

// Lets yaml-cpp read the caller's bytes in place: a std::istringstream
// would copy the whole text (twice, with the std::string it is made from).
// The parser only reads and puts back the byte it just read, so the get
// area is never written through.
class TextBuffer : public std::streambuf {
 public:
  explicit TextBuffer(std::string_view text) {
    char* begin = const_cast<char*>(text.data());
    setg(begin, begin, begin + text.size());
  }
};

// Past 32-bit offsets (a text of several GiB): the records would wrap.
struct TooLarge {};

constexpr uint32_t kMaxOffset = UINT32_MAX;

}  // namespace

// Turns parser events into records. Mirrors yaml-cpp's NodeBuilder: one
// node per null, scalar, sequence or map event, an alias adds the anchored
// node again, a document's root is its first top-level node. Each open
// container keeps its children at the end of `pending_`; when it closes
// they move as one block to the tree's child slots, so every node's
// children are contiguous and each slot is written twice: O(n) in all.
class YamlTreeBuilder : public YAML::EventHandler {
 public:
  explicit YamlTreeBuilder(YamlTree& tree) : tree_(tree) {}

  void OnDocumentStart(const YAML::Mark& mark) override {
    last_start_ = start_;
    start_ = mark;
    ++documents_;
    anchors_.clear();  // anchors are per document, numbered from 1
    open_.clear();
    pending_.clear();
  }
  void OnDocumentEnd() override {}
  void OnNull(const YAML::Mark& mark, YAML::anchor_t anchor) override {
    uint32_t node = add(mark, YamlKind::kNull, anchor);
    attach(node);
  }
  void OnAlias(const YAML::Mark& mark, YAML::anchor_t anchor) override {
    // The parser refuses an undefined anchor before it gets here; a null
    // stands in should that ever change.
    if (anchor >= anchors_.size() || anchors_[anchor] == kNoNode) {
      attach(add(mark, YamlKind::kNull, YAML::NullAnchor));
      return;
    }
    attach(anchors_[anchor]);
  }
  void OnScalar(const YAML::Mark& mark, const std::string&, YAML::anchor_t anchor,
                const std::string& value) override {
    uint32_t node = add(mark, YamlKind::kScalar, anchor);
    store_scalar(tree_.record(node), mark, value);
    attach(node);
  }
  void OnSequenceStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t anchor,
                       YAML::EmitterStyle::value) override {
    open(add(mark, YamlKind::kSequence, anchor));
  }
  void OnSequenceEnd() override { close(); }
  void OnMapStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t anchor,
                  YAML::EmitterStyle::value) override {
    open(add(mark, YamlKind::kMap, anchor));
  }
  void OnMapEnd() override { close(); }

 // Where the last two documents started, and how many started: yaml-cpp
  // 0.7 loops forever on some malformed text (a ',' where a document should
  // start), "parsing" one empty document after another at the same place.
  bool stuck() const { return documents_ > 1 && start_.pos == last_start_.pos; }
  YAML::Mark start() const { return start_; }

 private:
  YAML::Mark start_, last_start_;
  size_t documents_ = 0;
  static constexpr uint32_t kNoNode = UINT32_MAX;

  uint32_t add(const YAML::Mark& mark, YamlKind kind, YAML::anchor_t anchor) {
    if (tree_.record_count_ >= kMaxOffset) throw TooLarge{};
    uint32_t index = tree_.record_count_++;
    if ((index >> YamlTree::kRecordBits) == tree_.record_blocks_.size())
      tree_.record_blocks_.push_back(
          std::make_unique_for_overwrite<YamlTree::Record[]>(size_t{1} << YamlTree::kRecordBits));
    tree_.record(index) = {static_cast<uint32_t>(mark.line + 1),
                           static_cast<uint32_t>(mark.column + 1), 0, 0, kind, false};
    if (anchor != YAML::NullAnchor) {
      if (anchor >= anchors_.size()) anchors_.resize(anchor + 1, kNoNode);
      anchors_[anchor] = index;  // before the children: `&a [*a]` names itself
    }
    return index;
  }

  // Most scalars are plain and read exactly as written: those point into the
  // text (checked byte for byte, so a shifted position only costs a copy).
  void store_scalar(YamlTree::Record& record, const YAML::Mark& mark, const std::string& value) {
    std::string_view text = tree_.text_;
    if (mark.pos >= 0) {
      size_t pos = static_cast<size_t>(mark.pos);
      if (pos <= text.size() && value.size() <= text.size() - pos &&
          pos + value.size() <= kMaxOffset && text.compare(pos, value.size(), value) == 0) {
        record.in_text = true;
        record.first = static_cast<uint32_t>(pos);
        record.count = static_cast<uint32_t>(value.size());
        return;
      }
    }
    if (value.size() > kMaxOffset || !tree_.arena_.append(value.data(), value.size(), record.first))
      throw TooLarge{};
    record.count = static_cast<uint32_t>(value.size());
  }

  void attach(uint32_t node) {
    if (open_.empty())
      tree_.roots_.push_back(node);
    else
      pending_.push_back(node);
  }
  void open(uint32_t node) { open_.push_back({node, pending_.size()}); }
  void close() {
    Open top = open_.back();
    open_.pop_back();
    size_t count = pending_.size() - top.start;
    // The parser always pairs a key with a value (a missing one is a null);
    // were one left over, yaml-cpp's builder would drop it too.
    YamlTree::Record& record = tree_.record(top.node);
    if (record.kind == YamlKind::kMap && count % 2) --count;
    if (count > kMaxOffset ||
        !tree_.child_slots_.append(pending_.data() + top.start, count, record.first))
      throw TooLarge{};
    record.count = static_cast<uint32_t>(count);
    pending_.resize(top.start);
    attach(top.node);
  }

  struct Open {
    uint32_t node;
    size_t start;  // its first child in pending_
  };
  YamlTree& tree_;
  std::vector<uint32_t> anchors_;
  std::vector<Open> open_;
  std::vector<uint32_t> pending_;
};

YamlTree::YamlTree(std::string_view text) : text_(text) {
  TextBuffer buffer(text);
  std::istream in(&buffer);
  YamlTreeBuilder builder(*this);
  try {
    YAML::Parser parser(in);
    while (parser.HandleNextDocument(builder)) {
      if (builder.stuck()) {
        YAML::Mark at = builder.start();
        char c = at.pos >= 0 && static_cast<size_t>(at.pos) < text.size() ? text[at.pos] : ' ';
        throw YAML::ParserException(
            at, c > ' ' && c < 127 ? fmt::format("unexpected '{}' where a document should start", c)
                                   : std::string("no document can start here"));
      }
    }
  } catch (const YAML::Exception& e) {
    error_ = yaml_error_of(e);
  } catch (const TooLarge&) {
    error_ = YamlError{{}, "the YAML text is too large to load: more than 4 GiB of nodes or "
                           "scalars (split the model, or move firms and items into 'tables')"};
  }
  // A container becomes a root only when it closes, so after an error every
  // root is whole; the half-built document's nodes are simply unreachable.
}

template <typename T>
bool YamlTree::BlockStore<T>::append(const T* data, size_t n, uint32_t& handle) {
  if (n == 0) {
    handle = 0;  // never read: an empty run has no first element
    return true;
  }
  if (blocks_.empty() || blocks_.back().used + n > blocks_.back().size) {
    if (blocks_.size() >= kMaxBlocks) return false;
    size_t size = std::max(n, kBlock);
    blocks_.push_back({std::make_unique_for_overwrite<T[]>(size), size, 0});
  }
  Block& block = blocks_.back();
  std::copy(data, data + n, block.data.get() + block.used);
  handle = static_cast<uint32_t>(((blocks_.size() - 1) << kBlockBits) | block.used);
  block.used += n;
  stored_ += n;
  // An oversized block is full: the next run starts a new one, so offsets
  // always fit in their 20 bits.
  if (block.size > kBlock) block.used = block.size;
  return true;
}

size_t YamlTree::memory_bytes() const {
  return sizeof(*this) + size_t{record_count_} * sizeof(Record) +
         record_blocks_.capacity() * sizeof(record_blocks_[0]) + child_slots_.bytes() +
         arena_.bytes() + roots_.capacity() * sizeof(uint32_t);
}

std::string_view YamlNode::scalar() const {
  if (!is_scalar()) return {};
  const YamlTree::Record& r = tree_->record(index_);
  if (r.in_text) return tree_->text_.substr(r.first, r.count);
  if (r.count == 0) return {};
  return std::string_view(tree_->arena_.at(r.first), r.count);
}

Location YamlNode::location() const {
  if (!tree_) return {};
  const YamlTree::Record& r = tree_->record(index_);
  return {r.line, r.column};
}

size_t YamlNode::size() const {
  if (is_sequence()) return tree_->record(index_).count;
  if (is_map()) return tree_->record(index_).count / 2;
  return 0;
}

YamlNode YamlNode::operator[](std::string_view key) const {
  for (YamlPair pair : pairs()) {
    YamlNode k = pair.key();
    if (k.is_scalar() && k.scalar() == key) return pair.value();
  }
  return {};
}

}  // namespace decouple
