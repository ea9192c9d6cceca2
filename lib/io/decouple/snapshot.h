// Compiled snapshots (.dcm): a loaded, validated model in a binary file
// that opens in a fraction of the time YAML or CSV take.
//
// A snapshot holds everything a Model holds (source positions included, so
// explanations point at the original YAML) plus the size and modification
// time of every file the model was read from. Layout (docs/scaling.md,
// "Snapshots"): a 64-byte header — magic "DCPLSNAP", snapshot format
// version, byte-order mark, payload size, a 64-bit checksum of the payload
// and one of the header itself — then the payload, all integers and floats
// little-endian whatever the machine, so a snapshot moves between machines.
//
// load_snapshot() maps the file (copy-on-write), checks the header, the
// checksum (on a thread of its own, while the payload's three sections
// decode on three more and the id index builds on a fifth), and every
// index it decodes; the options section is not decoded but lent to the
// model in place (Records, records.h) and checked record by record (a crafted file with a valid checksum still cannot
// make the reader go out of bounds), and refuses, with a message saying
// what to do, a file that is not a snapshot, was written by another
// snapshot format, is truncated or corrupt, or is *stale*: one of the
// recorded source files still exists but its size or modification time
// changed since it was compiled. (A snapshot whose sources are gone is
// accepted: it may have been copied to another machine.)
//
// Cost: writing is linear in the model; loading is one pass over the file
// (the checksum) plus one decoding pass, with no hashing beyond the id
// index the Model builds; on two cores or more the passes overlap (about
// 0.8 s of CPU time for a million items, about half that in wall time).
#ifndef DECOUPLE_SNAPSHOT_H_
#define DECOUPLE_SNAPSHOT_H_

#include <cstdint>
#include <string>
#include <string_view>

#include "decouple/diagnostic.h"
#include "decouple/model.h"

namespace decouple {

// Format 2 moved scenarios and blocs ahead of needs and options; format 3
// added time (items' introduced/discontinued, options' from/until/stock,
// needs' stock, actions' from/until; option flags became a LEB128 number);
// format 4 added exercises, after the blocs; format 5 made the options
// fixed-size records (read in place, see load_snapshot); format 6 read
// items and needs in place too; format 7 changed the checksum (eight lanes
// of 32-bit products, snapshot.cpp).
inline constexpr uint32_t kSnapshotFormat = 7;

// The snapshot as bytes. Records model.file and model.table_files (when
// they exist) as the sources to check for staleness.
std::string write_snapshot(const Model& model);

// Writes the snapshot atomically; returns an empty string or what failed.
std::string save_snapshot(const Model& model, const std::string& path);

// Whether the file starts with the snapshot magic (cheap: reads 8 bytes).
bool is_snapshot(const std::string& path);

// The model, or one diagnostic explaining why the snapshot was refused.
// The returned model's `file` is `path`.
Result<Model> load_snapshot(const std::string& path);
// Decodes snapshot bytes already in memory (`file` names them in messages);
// with `check_sources` false, staleness is not checked.
Result<Model> read_snapshot(std::string_view bytes, const std::string& file,
                            bool check_sources = true);

// A 64-bit checksum of `bytes` (the one in the header): fast, the same on
// every machine, not cryptographic.
uint64_t snapshot_checksum(std::string_view bytes);

}  // namespace decouple

#endif  // DECOUPLE_SNAPSHOT_H_
