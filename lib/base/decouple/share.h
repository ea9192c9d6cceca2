// Shares as the model wrote them: a need's part of its item's value, an
// option's part of its need's supply. Both the de minimis rule (rules.cpp)
// and the cost weights of recovery plans (alternatives.cpp) read them the
// same way: a given share as its decimal, and the parts without one
// splitting equally what the given ones leave.
#ifndef DECOUPLE_SHARE_H_
#define DECOUPLE_SHARE_H_

#include <cstdint>

namespace decouple {

// A share as the decimal the model wrote: shares are stored as floats, and
// 0.8f is 0.800000011920929; seven decimals are all a float carries.
double decimal_share(float share);

// What parts without a given share get: an equal split of what the given
// ones leave, nothing when they already take the whole.
double unshared_part(double given, uint32_t unshared);

}  // namespace decouple

#endif  // DECOUPLE_SHARE_H_
