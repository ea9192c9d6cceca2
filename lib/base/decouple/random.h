// A small deterministic random number generator (SplitMix64).
//
// The standard library's distributions are allowed to differ between
// implementations, so a generated model or a random sweep made from a seed
// would not be reproducible across machines. Everything here is specified
// bit for bit: the same seed gives the same stream everywhere. Not for
// cryptography. Cheap to copy; one per thread.
#ifndef DECOUPLE_RANDOM_H_
#define DECOUPLE_RANDOM_H_

#include <cstdint>

namespace decouple {

class Random {
 public:
  explicit Random(uint64_t seed) : state_(seed) {}

  uint64_t next() {
    uint64_t z = (state_ += 0x9e3779b97f4a7c15ull);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
  }
  // Uniform in [0, 1), 53 bits.
  double uniform() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }
  // Uniform in [0, n); n > 0. Multiply-shift, so no modulo bias worth
  // noticing for n far below 2^64.
  uint64_t below(uint64_t n) {
    return static_cast<uint64_t>((static_cast<unsigned __int128>(next()) * n) >> 64);
  }
  bool chance(double p) { return uniform() < p; }

 private:
  uint64_t state_;
};

// A seed for the i-th independent stream derived from `seed` (so parallel
// or sharded work can draw run i's numbers without drawing runs 0..i-1).
inline uint64_t stream_seed(uint64_t seed, uint64_t i) {
  Random r(seed ^ (0x632be59bd9b4e019ull * (i + 1)));
  return r.next();
}

}  // namespace decouple

#endif  // DECOUPLE_RANDOM_H_
