#include "sweep/atomic_file.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "util/errors.hpp"

namespace vsf::sweep {

namespace fs = std::filesystem;

namespace {

[[noreturn]] void fail(const fs::path& path, const std::string& what) {
  throw InputError(path.string(), "", fmt::format("cannot {}: {}", what, std::strerror(errno)));
}

void sync_dir(const fs::path& dir) {
  const int fd = ::open(dir.empty() ? "." : dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) fail(dir, "open the folder to flush it");
  const int rc = ::fsync(fd);
  ::close(fd);
  if (rc != 0) fail(dir, "flush the folder");
}

}  // namespace

void create_dirs_durably(const fs::path& dir) {
  if (dir.empty() || fs::is_directory(dir)) return;
  create_dirs_durably(dir.parent_path());
  if (::mkdir(dir.c_str(), 0777) != 0 && errno != EEXIST) fail(dir, "create the folder");
  sync_dir(dir.parent_path());
}

void write_file_atomically(const fs::path& path, const std::string& text) {
  create_dirs_durably(path.parent_path());
  // The pid makes the name unique between processes writing into the same folder (Slurm tasks); a
  // leftover from a killed writer is hidden and never read.
  const fs::path temp = path.parent_path() / fmt::format(".{}.{}.tmp", path.filename().string(), ::getpid());
  const int fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
  if (fd < 0) fail(temp, "create the file");
  size_t done = 0;
  while (done < text.size()) {
    const ssize_t n = ::write(fd, text.data() + done, text.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      const int saved = errno;
      ::close(fd);
      ::unlink(temp.c_str());
      errno = saved;
      fail(path, "write the file");
    }
    done += static_cast<size_t>(n);
  }
  const bool synced = ::fsync(fd) == 0;
  const bool closed = ::close(fd) == 0;
  if (!synced || !closed) {
    const int saved = errno;
    ::unlink(temp.c_str());
    errno = saved;
    fail(path, "flush the file");
  }
  if (::rename(temp.c_str(), path.c_str()) != 0) {
    const int saved = errno;
    ::unlink(temp.c_str());
    errno = saved;
    fail(path, "rename the file into place");
  }
  sync_dir(path.parent_path());
}

}  // namespace vsf::sweep
