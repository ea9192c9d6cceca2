// How long library computations say how far they are: the caller passes a
// Progress, the library calls it now and then with the stage it is in, the
// units done and the units that stage has. The library never prints; the
// command line draws a bar on a terminal (apps/progress_bar.h), the Python
// module passes none.
//
// Stages follow one another; `done` restarts at 0 with each new stage and
// the last call of a stage has done == total. An empty Progress costs a
// test per call. Calls come from the calling thread unless the function
// taking the Progress says otherwise.
//
// A live count is the exception: total == kNoTotal, for work whose end is
// not known (the nodes a decision diagram makes inside one gate, which can
// take minutes). It runs inside the stage reported before it (whose own
// count stands still meanwhile), only grows, has no closing call and ends
// with that stage; the next report of that stage may come after it.
#ifndef DECOUPLE_PROGRESS_H_
#define DECOUPLE_PROGRESS_H_

#include <cstdint>
#include <functional>
#include <string_view>

namespace decouple {

// `stage`: what is being counted, plural, e.g. "cut-set gates", "firms
// verified"; a literal that outlives the call.
using Progress = std::function<void(std::string_view stage, uint64_t done, uint64_t total)>;

// `total` of a live count.
inline constexpr uint64_t kNoTotal = UINT64_MAX;

}  // namespace decouple

#endif  // DECOUPLE_PROGRESS_H_
