// What the four harnesses share: the libFuzzer entry point they define, a scratch file for readers that
// take a path, and the rule for outcomes. A harness calls the real library code; bad input ending in
// vsf::InputError (its Diagnostics) is a normal outcome and is checked to say something; any other
// exception escapes, and any crash, sanitizer report, hang or runaway allocation is a finding.
#pragma once

#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <string_view>

#include "util/errors.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size);

namespace vsf::fuzz {

// Aborts with `what`, so that libFuzzer (or the replay driver under ctest) reports the input.
[[noreturn]] inline void fail(const char* what) {
  std::fprintf(stderr, "fuzz harness: %s\n", what);
  std::abort();
}

// An InputError must say what is wrong: at least one diagnostic, each with a message.
inline void check_reported(const InputError& e) {
  if (e.diagnostics().empty()) fail("InputError without diagnostics");
  for (const auto& d : e.diagnostics().items())
    if (d.message.empty()) fail("a diagnostic without a message");
}

// A file under the temporary directory, one per process (libFuzzer runs inputs one at a time), removed
// when the process ends normally. `name` keeps its extension, for messages.
class ScratchFile {
 public:
  explicit ScratchFile(const std::string& name)
      : dir_(std::filesystem::temp_directory_path() / ("vsfsim-fuzz-" + std::to_string(::getpid()))),
        path_((dir_ / name).string()) {
    std::filesystem::create_directories(dir_);
  }
  ~ScratchFile() {
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
  }
  ScratchFile(const ScratchFile&) = delete;
  ScratchFile& operator=(const ScratchFile&) = delete;

  const std::string& write(std::string_view bytes) const {
    std::ofstream out(path_, std::ios::binary | std::ios::trunc);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    if (!out) fail("cannot write the scratch file");
    return path_;
  }
  const std::string& path() const { return path_; }

 private:
  std::filesystem::path dir_;
  std::string path_;
};

inline std::string_view as_text(const uint8_t* data, size_t size) {
  return {reinterpret_cast<const char*>(data), size};
}

}  // namespace vsf::fuzz
