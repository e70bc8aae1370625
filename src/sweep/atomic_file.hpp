// Files of a sweep's DIR that must survive a SIGKILL or a power cut whole or not at all (records,
// sweep.json, the tables): written to a hidden temporary sibling, flushed to disk, renamed over the
// target, and the folder flushed so the rename itself is durable.
#pragma once

#include <filesystem>
#include <string>

namespace vsf::sweep {

// Creates the missing parent folders. Any failure throws InputError naming `path`; the temporary file is
// removed and a previous version of `path` is left as it was.
void write_file_atomically(const std::filesystem::path& path, const std::string& text);

// Creates `dir` and its missing parents, flushing each new folder's parent so that the entries survive a
// crash (a record renamed into a folder whose own entry was lost would be lost with it).
void create_dirs_durably(const std::filesystem::path& dir);

}  // namespace vsf::sweep
