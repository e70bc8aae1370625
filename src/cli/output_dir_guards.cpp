// Parent directories created for a run, and the results directory lock (see output_dir_guards.hpp).
#include "cli/output_dir_guards.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <system_error>

#include "util/errors.hpp"

namespace fs = std::filesystem;

namespace vsf::cli {

std::string errno_text(int error) { return std::generic_category().message(error); }

CreatedParents::CreatedParents(const fs::path& dir, const std::string& option, const std::string& given) {
  std::vector<fs::path> missing;
  std::error_code ec;
  for (fs::path p = dir; !p.empty() && !fs::exists(fs::symlink_status(p, ec)); p = p.parent_path()) {
    missing.push_back(p);
    if (p == p.parent_path()) break;
  }
  for (auto it = missing.rbegin(); it != missing.rend(); ++it) {
    if (!fs::create_directory(*it, ec) && ec) {
      std::string reason = ec.message();
      for (auto made = created_.rbegin(); made != created_.rend(); ++made) fs::remove(*made, ec);
      created_.clear();
      throw InputError(option, "",
                       fmt::format("cannot create \"{}\": directory \"{}\": {}", given, it->string(), reason));
    }
    created_.push_back(*it);
  }
}

CreatedParents::~CreatedParents() {
  std::error_code ignored;  // fs::remove leaves a directory that is no longer empty
  for (auto it = created_.rbegin(); it != created_.rend(); ++it) fs::remove(*it, ignored);
}

DirLock::DirLock(const fs::path& file, const std::string& given) : file_(file) {
  for (;;) {
    fd_ = ::open(file_.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (fd_ < 0)
      throw InputError("-o", "",
                       fmt::format("cannot write results to \"{}\": creating \"{}\" failed: {}", given, file_.string(),
                                   errno_text(errno)));
    if (::flock(fd_, LOCK_EX | LOCK_NB) != 0) {
      const int error = errno;
      ::close(fd_);
      fd_ = -1;
      if (error == EWOULDBLOCK)
        throw InputError("-o", "",
                         fmt::format("another vsfsim run is writing \"{}\" (it holds \"{}\"); wait for it to finish "
                                     "or choose another -o",
                                     given, file_.string()));
      throw InputError("-o", "",
                       fmt::format("cannot lock \"{}\" for \"{}\": {}", file_.string(), given, errno_text(error)));
    }
    // The holder we waited for may have removed the file after we opened it: then we locked an orphan.
    struct stat held {};
    struct stat named {};
    if (::fstat(fd_, &held) == 0 && ::stat(file_.c_str(), &named) == 0 && held.st_ino == named.st_ino &&
        held.st_dev == named.st_dev)
      return;
    ::close(fd_);
    fd_ = -1;
  }
}

DirLock::~DirLock() {
  if (fd_ < 0) return;
  ::unlink(file_.c_str());  // before unlocking, so that nobody locks a file we are about to remove
  ::close(fd_);
}

}  // namespace vsf::cli
