// SHA-256 (FIPS 180-4) of a byte string, as 64 lowercase hex digits: run.json records the hash of every
// trace and fault CSV file a run read, so a reproduction can tell whether the file changed since.
#pragma once

#include <string>

namespace vsf::cli {

std::string sha256_hex(const std::string& bytes);

}  // namespace vsf::cli
