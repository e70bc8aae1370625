// A fresh directory under the system's temporary folder for one test case, removed at its end: the sweep's
// files (records, tables, task lists) are written for real, as a sweep would.
#pragma once

#include <unistd.h>

#include <filesystem>
#include <string>

struct TempDir {
  std::filesystem::path path;
  explicit TempDir(const std::string& name) {
    std::string templ = (std::filesystem::temp_directory_path() / ("vsfsim-" + name + "-XXXXXX")).string();
    path = ::mkdtemp(templ.data());
  }
  ~TempDir() { std::filesystem::remove_all(path); }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
};
