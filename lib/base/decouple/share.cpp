#include "decouple/share.h"

#include <algorithm>
#include <cmath>

namespace decouple {

double decimal_share(float share) { return std::round(static_cast<double>(share) * 1e7) / 1e7; }

double unshared_part(double given, uint32_t unshared) {
  return unshared ? std::max(0.0, 1.0 - given) / unshared : 0.0;
}

}  // namespace decouple
