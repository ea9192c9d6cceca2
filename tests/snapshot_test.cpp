#include <doctest/doctest.h>

#include <utime.h>

#include <bit>
#include <filesystem>

#include <fmt/format.h>

#include "decouple/generate.h"
#include "decouple/loader.h"
#include "decouple/model_compare.h"
#include "decouple/model_writer.h"
#include "decouple/random.h"
#include "decouple/snapshot.h"
#include "decouple/temp_dir.h"

using namespace decouple;
using testing::TempDir;

namespace {

const std::string kRich = std::string(DECOUPLE_SOURCE_DIR) + "/tests/data/rich.yaml";

Model must_load(const std::string& path) {
  Result<Model> r = load_model(path);
  if (!r.ok()) FAIL(r.errors()[0].str());
  return std::move(r).value();
}

std::string refusal(std::string_view bytes) {
  Result<Model> r = read_snapshot(bytes, "m.dcm", false);
  return r.ok() ? std::string("accepted") : r.errors()[0].message;
}

// Rewrites the header checksums after `bytes` was edited, as a careful
// forger would: the decoder must still refuse what is wrong.
void reseal(std::string& bytes) {
  auto put64 = [&](size_t at, uint64_t v) {
    for (int i = 0; i < 8; ++i) bytes[at + i] = static_cast<char>(v >> (8 * i));
  };
  put64(24, snapshot_checksum(std::string_view(bytes).substr(64)));
  put64(48, snapshot_checksum(std::string_view(bytes).substr(0, 48)));
}

}  // namespace

TEST_CASE("snapshot: every field and position survives compile and open") {
  Model rich = must_load(kRich);
  Result<Model> back = read_snapshot(write_snapshot(rich), "rich.dcm");
  REQUIRE(back.ok());
  CHECK(model_difference(rich, back.value()) == "");
  CHECK(back.value().file == "rich.dcm");
  CHECK(back.value().find_item("chip-a") == rich.find_item("chip-a"));
  // Positions still point into the original YAML, for explanations.
  for (size_t o = 0; o < rich.options.size(); ++o) {
    CHECK(back.value().options[o].location.line == rich.options[o].location.line);
    CHECK(back.value().options[o].location.column == rich.options[o].location.column);
  }
  CHECK(back.value().scenarios[1].actions[0].location.line == rich.scenarios[1].actions[0].location.line);
}

TEST_CASE("snapshot: YAML, CSV and snapshot loads give identical models") {
  TempDir dir;
  for (uint64_t seed : {11u, 12u, 13u}) {
    GenerateOptions options;
    options.items = 2000;
    options.seed = seed;
    Model model = generate_model(options);
    save_model(model, dir / "g.yaml", ModelFileFormat::kBoth);
    Model yaml = must_load(dir / "g.yaml");
    Model csv = must_load(dir / "g.tables.yaml");
    REQUIRE(save_snapshot(csv, dir / "g.dcm") == "");
    CHECK(is_snapshot(dir / "g.dcm"));
    CHECK_FALSE(is_snapshot(dir / "g.yaml"));
    Result<Model> snapshot = load_snapshot(dir / "g.dcm");
    REQUIRE(snapshot.ok());
    CHECK(model_difference(yaml, csv) == "");
    CHECK(model_difference(yaml, snapshot.value()) == "");
    CHECK(model_difference(model, snapshot.value()) == "");
  }
}

TEST_CASE("snapshot: damaged, foreign and forged files are refused with a reason") {
  std::string good = write_snapshot(must_load(kRich));
  CHECK(refusal(good) == "accepted");
  CHECK(refusal("decouple: 1\nname: x\n").find("not a decouple snapshot") == 0);
  CHECK(refusal(good.substr(0, 40)) == "corrupt snapshot: the header is truncated");
  CHECK(refusal(good.substr(0, good.size() - 3)).find("corrupt snapshot: ") == 0);

  std::string flipped = good;
  flipped[flipped.size() / 2] ^= 0x20;
  CHECK(refusal(flipped) == "corrupt snapshot: the checksum does not match (the file was damaged)");

  std::string header = good;
  header[20] ^= 1;
  CHECK(refusal(header) == "corrupt snapshot: the header checksum does not match");

  // A snapshot of an older (or newer) format is stale, whatever it holds.
  for (char format : {1, 2, 3, 4, 5, 6, 8}) {
    std::string other = good;
    other[8] = format;
    reseal(other);
    CHECK(refusal(other) == fmt::format("stale snapshot: written in snapshot format {}, this "
                                        "decouple reads format 7 (run `decouple compile` again)",
                                        int{format}));
  }

  // Cut short, with the header's size edited to match: the checksum says
  // so, even though the decoder also runs out of data.
  std::string shorter = good.substr(0, good.size() - 5);
  for (int i = 0; i < 8; ++i) shorter[16 + i] = static_cast<char>((shorter.size() - 64) >> (8 * i));
  std::string shorter_header = shorter;
  shorter_header.resize(48);
  {
    uint64_t h = snapshot_checksum(shorter_header);
    for (int i = 0; i < 8; ++i) shorter[48 + i] = static_cast<char>(h >> (8 * i));
  }
  CHECK(refusal(shorter) == "corrupt snapshot: the checksum does not match (the file was damaged)");
  // Resealed, it is the decoder that refuses it.
  reseal(shorter);
  CHECK(refusal(shorter).find("corrupt snapshot: ") == 0);
  CHECK(refusal(shorter) != "corrupt snapshot: the checksum does not match (the file was damaged)");

  // The needs and options sections start where the payload's first two
  // numbers say; forged offsets are refused, never followed.
  auto with_offsets = [&](uint64_t needs_at, uint64_t options_at) {
    std::string forged = good;
    for (int i = 0; i < 8; ++i) {
      forged[64 + i] = static_cast<char>(needs_at >> (8 * i));
      forged[72 + i] = static_cast<char>(options_at >> (8 * i));
    }
    reseal(forged);
    return refusal(forged);
  };
  const uint64_t payload_size = good.size() - 64;
  CHECK(with_offsets(payload_size + 1, payload_size + 1) ==
        "corrupt snapshot: a section starts out of range");
  CHECK(with_offsets(20, 10) == "corrupt snapshot: a section starts out of range");
  CHECK(with_offsets(0, 20) == "corrupt snapshot: a section starts out of range");
  CHECK(with_offsets(uint64_t{1} << 63, uint64_t{1} << 63) ==
        "corrupt snapshot: a section starts out of range");
  for (uint64_t at : {uint64_t{16}, uint64_t{40}, payload_size / 2, payload_size}) {
    CHECK(with_offsets(at, payload_size).find("corrupt snapshot: ") == 0);
    CHECK(with_offsets(16, at).find("corrupt snapshot: ") == 0);
  }

  // Forged payloads with valid checksums: every single-byte change either
  // decodes to some model or is refused; none may read out of bounds
  // (the sanitizer build checks that).
  Random random(5);
  int refused = 0;
  for (int trial = 0; trial < 300; ++trial) {
    std::string forged = good;
    size_t at = 64 + random.below(forged.size() - 64);
    forged[at] = static_cast<char>(random.below(256));
    reseal(forged);
    Result<Model> r = read_snapshot(forged, "m.dcm", false);
    if (!r.ok()) {
      ++refused;
      CHECK(r.errors()[0].message.find("corrupt snapshot: ") == 0);
    }
  }
  CHECK(refused > 0);
}

TEST_CASE("snapshot: a model big enough to decode on several threads round-trips, ids indexed") {
  // 30,000 items: about 1.7 MB of payload, over the 1 MB from which the
  // sections decode on threads of their own and the id index is built
  // while the needs and options still decode.
  GenerateOptions options;
  options.items = 30'000;
  options.seed = 3;
  Model model = generate_model(options);
  model.index_ids();
  Result<Model> back = read_snapshot(write_snapshot(model), "big.dcm", false);
  REQUIRE(back.ok());
  CHECK(model_difference(model, back.value()) == "");
  for (ItemIndex i = 0; i < model.items.size(); i += 997)
    CHECK(back.value().find_item(model.items[i].id) == i);
  for (FirmIndex f = 0; f < model.firms.size(); f += 97)
    CHECK(back.value().find_firm(model.firms[f].id) == f);
  for (ScenarioIndex s = 0; s < model.scenarios.size(); ++s)
    CHECK(back.value().find_scenario(model.scenarios[s].id) == s);
  CHECK(back.value().find_item("no-such-item") == kNone);
}

TEST_CASE("snapshot: opened from a file, pages released while decoding, it is the same model") {
  // 100,000 items: about 6 MB, so the checksum and the needs and options
  // sections each hand pages back (every 2 MiB read) while other threads
  // may still read them; what is decoded must not change.
  TempDir dir;
  GenerateOptions options;
  options.items = 100'000;
  options.seed = 5;
  Model model = generate_model(options);
  model.index_ids();
  std::string path = dir / "big.dcm";
  REQUIRE(save_snapshot(model, path) == "");
  Result<Model> back = load_snapshot(path);
  REQUIRE(back.ok());
  CHECK(model_difference(model, back.value()) == "");
  CHECK(back.value().find_item(model.items[99'999].id) == 99'999);
}

TEST_CASE("snapshot: saved streamed to the file, the bytes are those write_snapshot makes") {
  // save_snapshot writes the payload out in whole 2 MiB blocks once 4 MiB
  // are waiting (keeping the rest for the next write) and fills in the
  // section offsets (in bytes already written out when the model is big)
  // and the header afterwards; write_snapshot builds the same in memory.
  // 100,000 items make about 30 MB, 300 items stay under one flush.
  TempDir dir;
  for (int items : {300, 100'000}) {
    CAPTURE(items);
    GenerateOptions options;
    options.items = items;
    options.seed = 7;
    Model model = generate_model(options);
    std::string path = dir / "s.dcm";
    REQUIRE(save_snapshot(model, path) == "");
    std::string bytes = TempDir::read(path);
    CHECK(bytes.size() == write_snapshot(model).size());
    CHECK(bytes == write_snapshot(model));
    CHECK(load_snapshot(path).ok());
  }
  // A folder that does not exist: the message, and no file left behind.
  Model small = must_load(kRich);
  CHECK(save_snapshot(small, dir / "nope/s.dcm").find("does not exist") != std::string::npos);
  CHECK_FALSE(std::filesystem::exists(dir / "nope"));
}

TEST_CASE("snapshot: options are read in place from a file, and stay the model's to edit") {
  TempDir dir;
  GenerateOptions options;
  options.items = 2'000;
  options.seed = 11;
  Model model = generate_model(options);
  std::string path = dir / "p.dcm";
  REQUIRE(save_snapshot(model, path) == "");
  const std::string bytes = TempDir::read(path);
  Result<Model> opened = load_snapshot(path);
  REQUIRE(opened.ok());
  Model& back = opened.value();
  // On a little-endian machine Option has the record's layout: lent.
  CHECK(back.options.lent() == (std::endian::native == std::endian::little));
  CHECK(model_difference(model, back) == "");
  // From bytes in memory the records are unpacked: the same model.
  Result<Model> unpacked = read_snapshot(bytes, "p.dcm", false);
  REQUIRE(unpacked.ok());
  CHECK_FALSE(unpacked.value().options.lent());
  CHECK(model_difference(model, unpacked.value()) == "");

  // A write in place changes this model only, never the file; a copy of
  // the model owns its options; growing them gives them storage of their own.
  back.options[7].cost = 3.5f;
  back.options.back().lead_time = 9;
  CHECK(TempDir::read(path) == bytes);
  Model copy = back;
  CHECK_FALSE(copy.options.lent());
  CHECK(copy.options[7].cost == 3.5f);
  CHECK(model_difference(copy, back) == "");
  const size_t n = back.options.size();
  back.options.push_back(back.options[0]);
  CHECK_FALSE(back.options.lent());
  CHECK(back.options.size() == n + 1);
  CHECK(back.options[7].cost == 3.5f);
  CHECK(back.options[n - 1].lead_time == 9);
  // The mapping outlives the loader: a second open sees the file's values.
  Result<Model> again = load_snapshot(path);
  REQUIRE(again.ok());
  CHECK(again.value().options[7].cost == model.options[7].cost);
}

TEST_CASE("snapshot: forged item, need and option records are refused, in place and unpacked") {
  TempDir dir;
  Model model = must_load(kRich);
  std::string good = write_snapshot(model);
  // The payload (from byte 64) opens with where its sections start:
  // strings, attribute blocks, items, needs, options.
  auto section = [&](int k) {
    uint64_t at = 0;
    for (int i = 0; i < 8; ++i) at |= uint64_t(uint8_t(good[64 + 8 * k + i])) << (8 * i);
    return 64 + at;
  };
  const size_t items = section(2), needs = section(3), options = section(4);
  for (size_t first : {items, needs, options}) CHECK(first % 4096 == 0);
  CHECK(good.size() - options == 60 * model.options.size());
  CHECK(needs - items >= 72 * model.items.size());
  CHECK(options - needs >= 40 * model.needs.size());
  auto forge = [&](size_t at, uint64_t value, int bytes = 4) {
    std::string forged = good;
    for (int i = 0; i < bytes; ++i) forged[at + i] = static_cast<char>(value >> (8 * i));
    reseal(forged);
    return forged;
  };
  auto both = [&](const std::string& forged) {
    std::string from_memory = refusal(forged);
    std::string path = dir.write("f.dcm", forged);
    Result<Model> r = load_snapshot(path);
    if (!r.ok()) CHECK(r.errors().size() == 1);
    std::string from_file = r.ok() ? "accepted" : r.errors()[0].message;
    CHECK(from_memory == from_file);
    return from_file;
  };
  CHECK(both(good) == "accepted");
  // Options.
  CHECK(both(forge(options + 4, 1'000'000)) == "corrupt snapshot: an option's need or item is out of range");
  CHECK(both(forge(options + 0, 1'000'000)) == "corrupt snapshot: an option's need or item is out of range");
  CHECK(both(forge(options + 8, 7)) == "corrupt snapshot: an option has an unknown status");
  CHECK(both(forge(options + 32, 1'000)) == "corrupt snapshot: an option's source is out of range");
  CHECK(both(forge(options + 36, 0x7fffffff)) == "corrupt snapshot: an option has an invalid date");
  CHECK(both(forge(options + 52, 0x80000001)) == "corrupt snapshot: an option has an invalid date");
  // Need 0's first option claiming to serve another need.
  CHECK(both(forge(options + 0, 1)) == "corrupt snapshot: an option does not point back at its need");
  // Items: a Text off a string's first byte, or far outside the file.
  const uint64_t id_bits = [&] {
    uint64_t v = 0;
    for (int i = 0; i < 8; ++i) v |= uint64_t(uint8_t(good[items + i])) << (8 * i);
    return v;
  }();
  CHECK(id_bits != 0);
  CHECK(both(forge(items + 0, id_bits + 1, 8)) == "corrupt snapshot: a text points outside the strings");
  CHECK(both(forge(items + 0, id_bits - 4, 8)) == "corrupt snapshot: a text points outside the strings");
  CHECK(both(forge(items + 0, uint64_t{1} << 60, 8)) == "corrupt snapshot: a text points outside the strings");
  CHECK(both(forge(items + 8, 72, 8)) == "corrupt snapshot: a text points outside the strings");
  CHECK(both(forge(items + 16, 1'000'000)) == "corrupt snapshot: an item's maker is out of range");
  CHECK(both(forge(items + 20, 99, 1)) == "corrupt snapshot: an enumeration is out of range");
  CHECK(both(forge(items + 21, 0x3131, 2)) == "corrupt snapshot: bad country code");
  CHECK(both(forge(items + 32, 3, 8)) == "corrupt snapshot: an item's attributes lie outside their section");
  CHECK(both(forge(items + 32, 2, 8)) == "corrupt snapshot: an item's attributes lie outside their section");
  CHECK(both(forge(items + 40, 1'000)) == "corrupt snapshot: an index is out of range");
  CHECK(both(forge(items + 44, 1)) == "corrupt snapshot: more needs than the model has");
  CHECK(both(forge(items + 48, 1'000'000)) == "corrupt snapshot: more needs than the model has");
  CHECK(both(forge(items + 60, 0x7fffffff)) == "corrupt snapshot: a date is not YYYY-MM-DD");
  // Needs.
  CHECK(both(forge(needs + 0, 40, 8)) == "corrupt snapshot: a text points outside the strings");
  CHECK(both(forge(needs + 8, 1'000'000)) == "corrupt snapshot: a need's item is out of range");
  const uint32_t other_item = (model.needs[0].item + 1) % static_cast<uint32_t>(model.items.size());
  CHECK(both(forge(needs + 8, other_item)) == "corrupt snapshot: a need does not point back at its item");
  CHECK(both(forge(needs + 16, 1)) == "corrupt snapshot: a need has no options, or more than the model has");
  CHECK(both(forge(needs + 20, 0)) == "corrupt snapshot: a need has no options, or more than the model has");
  CHECK(both(forge(needs + 36, 2, 1)) == "corrupt snapshot: an enumeration is out of range");
  CHECK(both(forge(needs + 37, 9, 1)) == "corrupt snapshot: an enumeration is out of range");
  // A name that is not UTF-8 (the JSON writer would throw on it), in the
  // main section (a firm's) and in the strings section (an item's).
  for (std::string_view name : {model.firms[0].name.view(), model.items[0].id.view()}) {
    std::string forged = good;
    size_t at = forged.find(std::string(name), 64);
    REQUIRE(at != std::string::npos);
    forged[at] = static_cast<char>(0xC0);
    reseal(forged);
    CHECK(both(forged) == "corrupt snapshot: a text is not valid UTF-8");
  }
  // A string whose NUL is gone.
  {
    std::string forged = good;
    const std::string id(model.items[0].id.view());
    size_t at = forged.find(id + '\0', section(0));
    REQUIRE(at != std::string::npos);
    forged[at + id.size()] = 'x';
    reseal(forged);
    CHECK(both(forged) == "corrupt snapshot: a string is not terminated");
  }
  // Records that do not start where records start; sections out of order.
  CHECK(both(forge(64 + 32, options - 64 - 4, 8)) ==
        "corrupt snapshot: a section of records is not where records start");
  CHECK(both(forge(64 + 16, options - 64 + 4096, 8)) == "corrupt snapshot: a section starts out of range");
}

TEST_CASE("snapshot: items' attributes and names read in place equal the unpacked ones") {
  TempDir dir;
  Model model = must_load(kRich);
  bool any_attributes = false;
  for (const Item& i : model.items) any_attributes |= !i.attributes.empty();
  REQUIRE(any_attributes);
  std::string path = dir / "rich.dcm";
  REQUIRE(save_snapshot(model, path) == "");
  Result<Model> lent = load_snapshot(path);
  REQUIRE(lent.ok());
  CHECK(lent.value().items.lent());
  CHECK(lent.value().needs.lent());
  Result<Model> unpacked = read_snapshot(TempDir::read(path), path);
  REQUIRE(unpacked.ok());
  CHECK_FALSE(unpacked.value().items.lent());
  CHECK(model_difference(lent.value(), model) == "");
  CHECK(model_difference(unpacked.value(), model) == "");
  // Copies of lent records own their attributes; a Text taken out of a
  // lent record outlives the records' own copy (the arena keeps the file).
  Model& m = lent.value();
  ItemIndex with = 0;
  while (m.items[with].attributes.empty()) ++with;
  Text id = m.items[with].id;
  Item copy = m.items[with];
  CHECK(copy.attributes == m.items[with].attributes);
  copy.attributes.emplace_back(m.text.add("zzz"), 1.0);
  CHECK(copy.attributes.size() == m.items[with].attributes.size() + 1);
  m.items.push_back(copy);  // the records get storage of their own
  CHECK_FALSE(m.items.lent());
  CHECK(id == model.items[with].id);
  CHECK(m.items[with].attributes == model.items[with].attributes);
  CHECK(m.items.back().attribute("zzz") == 1.0);
}

TEST_CASE("snapshot: a stale snapshot is refused; one whose sources are gone is not") {
  TempDir dir;
  std::string yaml = dir.write("m.yaml", TempDir::read(kRich));
  Model model = must_load(yaml);
  REQUIRE(save_snapshot(model, dir / "m.dcm") == "");
  CHECK(load_snapshot(dir / "m.dcm").ok());

  // Same size, new modification time: still stale.
  struct utimbuf later = {2000000000, 2000000000};
  REQUIRE(utime(yaml.c_str(), &later) == 0);
  Result<Model> stale = load_snapshot(dir / "m.dcm");
  REQUIRE_FALSE(stale.ok());
  CHECK(stale.errors()[0].message.find("stale snapshot: ") == 0);
  CHECK(stale.errors()[0].message.find("m.yaml changed since the snapshot was compiled (run "
                                       "`decouple compile` again)") != std::string::npos);

  std::remove(yaml.c_str());
  CHECK(load_snapshot(dir / "m.dcm").ok());
  CHECK(load_snapshot(dir / "nope.dcm").errors()[0].message.find("cannot open") == 0);
}

TEST_CASE("snapshot: tables are recorded as sources too") {
  TempDir dir;
  save_model(must_load(kRich), dir / "t.yaml", ModelFileFormat::kCsv);
  Model model = must_load(dir / "t.yaml");
  CHECK(model.table_files.size() == 4);
  REQUIRE(save_snapshot(model, dir / "t.dcm") == "");
  dir.write("t.options.csv", TempDir::read(dir / "t.options.csv") + "\n");
  Result<Model> stale = load_snapshot(dir / "t.dcm");
  REQUIRE_FALSE(stale.ok());
  CHECK(stale.errors()[0].message.find("t.options.csv changed") != std::string::npos);
}
