// The model's strings (text.h): what a Text reads as, how long it lives,
// and what the arena shares.
#include "decouple/text.h"

#include <doctest/doctest.h>

#include <cstring>
#include <fmt/format.h>

#include <memory>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "decouple/model.h"

using decouple::Model;
using decouple::Text;
using decouple::TextArena;

TEST_CASE("text: reads as its bytes, NUL-terminated, and compares and orders as them") {
  TextArena arena;
  Text a = arena.add("Huawei");
  Text b = arena.add(std::string("Hua\0wei", 7));  // an embedded NUL is kept
  Text empty = arena.add("");
  CHECK(a.view() == "Huawei");
  CHECK(a.size() == 6);
  CHECK(std::string(a.c_str()) == "Huawei");
  CHECK(a.data()[a.size()] == '\0');
  CHECK(b.size() == 7);
  CHECK(b.view() == std::string_view("Hua\0wei", 7));
  CHECK(empty.empty());
  CHECK(Text().empty());
  CHECK(std::string(Text().c_str()).empty());  // never a null pointer
  CHECK(empty == Text());

  CHECK(a == "Huawei");
  CHECK("Huawei" == a);
  CHECK(a == std::string("Huawei"));
  CHECK(a != b);
  CHECK(a == arena.add("Huawei"));           // equal bytes, another copy
  CHECK(!a.same(arena.add("Huawei")));
  CHECK(arena.add("HiSilicon") < a);
  CHECK(a < std::string_view("Kirin"));
  CHECK(a.starts_with("Hua"));
  CHECK(a.substr(3) == "wei");
  CHECK(a.find('w') == 3);
  CHECK(a[0] == 'H');

  std::ostringstream out;
  out << a;
  CHECK(out.str() == "Huawei");
  CHECK(fmt::format("[{:>8}]", a) == "[  Huawei]");
  std::string s = a;  // converts, as the std::string fields it replaced
  CHECK(s == "Huawei");
  CHECK(std::string("to ") + a == "to Huawei");
}

TEST_CASE("text: interned strings share one copy; added ones do not") {
  TextArena arena;
  Text n1 = arena.intern("wafers");
  arena.add(std::string(1000, 'x'));  // interleaved other strings
  Text n2 = arena.intern("wafers");
  Text n3 = arena.intern("masks");
  CHECK(n1.same(n2));
  CHECK(!n1.same(n3));
  CHECK(n2 == "wafers");
  CHECK(arena.intern("").empty());
}

TEST_CASE("text: strings longer than a block and many small ones all read back") {
  TextArena arena;
  std::vector<std::pair<Text, std::string>> kept;
  for (int k = 0; k < 200'000; ++k) {
    std::string s = "i" + std::to_string(k);
    kept.emplace_back(arena.add(s), s);
  }
  std::string big(1 << 20, 'b');  // over the 256 KiB block size
  kept.emplace_back(arena.add(big), big);
  kept.emplace_back(arena.add("after"), "after");
  bool all = true;
  for (const auto& [text, s] : kept) all = all && text == s;
  CHECK(all);
  CHECK(arena.capacity() >= 200'000 * 8 + (1 << 20));
}

TEST_CASE("text: a copied model keeps its strings after the original is gone") {
  // The copy shares the original's blocks; each then writes its own new
  // strings elsewhere (under ASan, a block freed too early is an error).
  auto original = std::make_unique<Model>();
  decouple::Firm firm;
  firm.id = original->text.add("acme");
  firm.name = original->text.add("Acme Semiconductor");
  original->firms.push_back(firm);
  Model copy = *original;
  Text before = original->text.add("only-in-original");
  copy.firms.front().name = copy.text.add("Renamed");
  original.reset();
  CHECK(copy.firms.front().id == "acme");
  CHECK(copy.firms.front().name == "Renamed");
  CHECK(copy.text.add("later") == "later");
  (void)before;
}

TEST_CASE("text: an adopted arena's strings live on in the adopter; clear() reuses a block") {
  TextArena main_arena;
  Text t;
  {
    TextArena thread_arena;
    std::thread worker([&] { t = thread_arena.intern("decoded on a thread"); });
    worker.join();
    main_arena.adopt(std::move(thread_arena));
  }
  CHECK(t == "decoded on a thread");
  Text u = main_arena.add("written after");
  CHECK(u == "written after");
  CHECK(t == "decoded on a thread");

  TextArena scratch;
  scratch.add("row 1");
  size_t held = scratch.capacity();
  for (int row = 0; row < 1000; ++row) {
    scratch.clear();
    CHECK(scratch.add("row " + std::to_string(row)) == "row " + std::to_string(row));
  }
  CHECK(scratch.capacity() == held);  // one block, reused, not one per row
}

namespace {
// A record with a Text and the Text's bytes in one block, as a snapshot
// file holds them: [Text][u32 length][bytes][NUL].
struct Block {
  alignas(8) unsigned char bytes[32] = {};
};
Block block_holding(std::string_view s) {
  Block b;
  const int64_t offset = Text::stored_offset(0, 12);  // the bytes start at 12
  std::memcpy(b.bytes, &offset, sizeof offset);
  const uint32_t n = static_cast<uint32_t>(s.size());
  std::memcpy(b.bytes + 8, &n, 4);
  std::memcpy(b.bytes + 12, s.data(), s.size());
  return b;
}
}  // namespace

TEST_CASE("text: a Text is position-independent: bytes moved with it still read; copies re-point") {
  Block first = block_holding("wafer");
  Block second;
  std::memcpy(&second, &first, sizeof first);  // somewhere else entirely
  const Text& a = *reinterpret_cast<const Text*>(first.bytes);
  const Text& b = *reinterpret_cast<const Text*>(second.bytes);
  CHECK(a == "wafer");
  CHECK(b == "wafer");
  CHECK_FALSE(a.same(b));  // two copies of the bytes
  std::vector<Text> copies(100, a);  // copied out of the block: point back into it
  copies.resize(1000, b);            // (reallocation moves them)
  for (size_t k = 0; k < copies.size(); ++k) CHECK(copies[k].same(k < 100 ? a : b));
  Text assigned;
  assigned = copies.back();
  CHECK(assigned.same(b));
  const Text& itself = assigned;
  assigned = itself;  // self-assignment keeps it
  CHECK(assigned == "wafer");
  Text empty_copy(Text{});
  CHECK(empty_copy.empty());
  CHECK(*empty_copy.c_str() == '\0');
}
