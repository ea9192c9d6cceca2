// Fuzz target for the snapshot reader (format 6: the items, needs and
// options sections read in place). The input is a patch on a valid
// snapshot of a small generated model: each 3 bytes set one payload byte
// (2 bytes of position, scaled to the payload, then the value). Both
// checksums are then recomputed, so the forged payload reaches the decoder
// and the record checks instead of stopping at the checksum, as a crafted
// file would. The bytes are read from memory (records unpacked) and from a
// file (records lent in place); the two must agree, and an accepted model
// must survive the analyses.
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "decouple/generate.h"
#include "decouple/snapshot.h"
#include "pipeline.h"

namespace {

const std::string& base_snapshot() {
  static const std::string bytes = [] {
    decouple::GenerateOptions options;
    options.items = 60;
    options.seed = 2;
    return decouple::write_snapshot(decouple::generate_model(options));
  }();
  return bytes;
}

void put64(std::string& bytes, size_t at, uint64_t v) {
  for (int i = 0; i < 8; ++i) bytes[at + i] = static_cast<char>(v >> (8 * i));
}

const std::string& scratch_path() {
  static const std::string path = [] {
    char name[] = "/tmp/decouple-snapshot-fuzz-XXXXXX";
    int fd = mkstemp(name);
    if (fd < 0) std::abort();
    close(fd);
    return std::string(name);
  }();
  return path;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string bytes = base_snapshot();
  const size_t payload = bytes.size() - 64;
  for (size_t k = 0; k + 3 <= size; k += 3) {
    size_t at = (size_t{data[k]} << 8 | data[k + 1]) * payload / 65536;
    bytes[64 + at] = static_cast<char>(data[k + 2]);
  }
  put64(bytes, 24, decouple::snapshot_checksum(std::string_view(bytes).substr(64)));
  put64(bytes, 48, decouple::snapshot_checksum(std::string_view(bytes).substr(0, 48)));

  decouple::Result<decouple::Model> from_memory = decouple::read_snapshot(bytes, "fuzz.dcm", false);
  FILE* out = std::fopen(scratch_path().c_str(), "wb");
  if (!out || std::fwrite(bytes.data(), 1, bytes.size(), out) != bytes.size()) std::abort();
  std::fclose(out);
  decouple::Result<decouple::Model> from_file = decouple::load_snapshot(scratch_path());
  // A forged list of source files may name one that exists here: only
  // the file path checks them (read_snapshot is told not to).
  if (!from_file.ok() && from_file.errors()[0].message.starts_with("stale snapshot: ") &&
      from_file.errors()[0].message.find(" changed since the snapshot was compiled") != std::string::npos)
    return 0;
  if (from_memory.ok() != from_file.ok()) std::abort();
  if (!from_memory.ok() && from_memory.errors()[0].message != from_file.errors()[0].message) std::abort();
  if (from_file.ok()) decouple::fuzz::run_pipeline(from_file.value());
  return 0;
}
