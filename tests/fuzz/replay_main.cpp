// The replay driver: without libFuzzer (the ordinary g++ build), the same harness sources are linked with
// this main(), which feeds every file of the given directories (and any file given directly) to
// LLVMFuzzerTestOneInput, in name order. ctest runs it over tests/fuzz/corpus/<harness>/ and
// tests/fuzz/regressions/<harness>/, so every seed and every crash ever found is replayed in CI; a crash
// comes back as a failed test, after the name of the input that caused it.
#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "fuzz_support.hpp"

namespace fs = std::filesystem;

namespace {

void run_one(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  const std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (!in && !in.eof()) {
    std::fprintf(stderr, "replay: cannot read %s\n", file.c_str());
    std::exit(1);
  }
  std::fprintf(stderr, "replay: %s\n", file.c_str());  // the culprit, if the next call crashes
  LLVMFuzzerTestOneInput(reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size());
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: %s DIR|FILE...  (feeds each input to the fuzz harness)\n", argv[0]);
    return 2;
  }
  size_t count = 0;
  for (int i = 1; i < argc; ++i) {
    const fs::path arg = argv[i];
    std::vector<fs::path> files;
    if (fs::is_directory(arg)) {
      for (const auto& entry : fs::directory_iterator(arg))
        if (entry.is_regular_file() && entry.path().filename().string()[0] != '.') files.push_back(entry.path());
      std::sort(files.begin(), files.end());
    } else if (fs::is_regular_file(arg)) {
      files.push_back(arg);
    } else {
      std::fprintf(stderr, "replay: %s is neither a directory nor a file\n", argv[i]);
      return 1;
    }
    for (const auto& f : files) run_one(f);
    count += files.size();
  }
  if (count == 0) {
    std::fprintf(stderr, "replay: no inputs found: a replay that runs nothing would pass without testing\n");
    return 1;
  }
  std::printf("replay: %zu inputs, no crash\n", count);
  return 0;
}
