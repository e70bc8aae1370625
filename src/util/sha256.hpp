// SHA-256 (FIPS 180-4) of a byte string, as 64 lowercase hex digits: run.json records the hash of every
// trace and fault CSV file a run read, and sweep.json that of its base scenario, so a reproduction or a
// resumed sweep can tell whether the file changed since. In util/ so that cli and sweep share it.
#pragma once

#include <string>

namespace vsf {

std::string sha256_hex(const std::string& bytes);

}  // namespace vsf
