// JSON text to document, with positions for syntax errors and pointers for duplicate keys.
#include "util/json_parse.hpp"

#include <fmt/format.h>

#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <tuple>
#include <vector>

#include "util/json_util.hpp"

namespace vsf {

using nlohmann::json;

namespace {

// "[json.exception.parse_error.101] parse error at line 3, column 5: syntax error while parsing ..." ->
// "syntax error while parsing ..." (the position is reported separately).
std::string parse_error_text(const json::exception& e) {
  std::string what = e.what();
  if (auto pos = what.find("] "); pos != std::string::npos) what = what.substr(pos + 2);
  if (what.rfind("parse error at line", 0) == 0) {
    if (auto pos = what.find(": "); pos != std::string::npos) what = what.substr(pos + 2);
  } else if (what.rfind("parse error: ", 0) == 0) {
    what = what.substr(13);
  }
  return what;
}

// Tracks where the parser is (a stack of open objects and arrays) to name duplicate keys by pointer.
class DuplicateKeys {
 public:
  DuplicateKeys(const std::string& file, Diagnostics& diags) : file_(file), diags_(diags) {}

  bool operator()(int /*depth*/, json::parse_event_t event, json& parsed) {
    switch (event) {
      case json::parse_event_t::object_start:
        frames_.push_back({true, {}, {}, 0});
        break;
      case json::parse_event_t::array_start:
        frames_.push_back({false, {}, {}, 0});
        break;
      case json::parse_event_t::key:
        if (!frames_.empty() && parsed.is_string()) {
          Frame& f = frames_.back();
          f.key = parsed.get<std::string>();
          if (!f.keys.insert(f.key).second)
            diags_.add(file_, pointer_join(container_pointer(), f.key),
                       fmt::format("duplicate key \"{}\" (JSON keeps only the last one)", f.key));
        }
        break;
      case json::parse_event_t::object_end:
      case json::parse_event_t::array_end:
        if (!frames_.empty()) frames_.pop_back();
        element_done();
        break;
      case json::parse_event_t::value:
        element_done();
        break;
    }
    return true;
  }

 private:
  struct Frame {
    bool object;
    std::set<std::string> keys;
    std::string key;  // current key (objects)
    size_t index;     // current element (arrays)
  };

  void element_done() {
    if (!frames_.empty() && !frames_.back().object) ++frames_.back().index;
  }

  // Pointer of the innermost open container.
  std::string container_pointer() const {
    json::json_pointer p;
    for (size_t i = 0; i + 1 < frames_.size(); ++i) {
      if (frames_[i].object)
        p /= frames_[i].key;
      else
        p /= frames_[i].index;
    }
    return p.to_string();
  }

  const std::string& file_;
  Diagnostics& diags_;
  std::vector<Frame> frames_;
};

}  // namespace

std::optional<json> parse_json(const std::string& file, std::string_view text, Diagnostics& diags) {
  if (auto at = too_deep_at(text, kMaxJsonDepth)) {
    auto [line, col] = line_column(text, *at);
    diags.add(file, "", fmt::format("invalid JSON: nested more than {} levels deep", kMaxJsonDepth), line, col);
    return std::nullopt;
  }
  const size_t before = diags.size();
  try {
    DuplicateKeys dup(file, diags);
    json doc = json::parse(text.begin(), text.end(), std::ref(dup));
    if (diags.size() != before) return std::nullopt;
    return doc;
  } catch (const json::parse_error& e) {
    // e.byte is the 1-based index of the last character read: the one that broke the syntax.
    auto [line, col] = line_column(text, e.byte > 0 ? e.byte - 1 : 0);
    diags.add(file, "", "invalid JSON: " + valid_utf8(parse_error_text(e)), line, col);
    return std::nullopt;
  } catch (const json::exception& e) {
    // out_of_range.406: a number too large for a double ("1e400"); nlohmann gives no position, so
    // point at the first occurrence of the offending text.
    std::string what = parse_error_text(e);
    int line = 0, col = 0;
    if (auto q1 = what.find('\''), q2 = what.rfind('\''); q1 != std::string::npos && q2 > q1) {
      if (auto at = text.find(what.substr(q1 + 1, q2 - q1 - 1)); at != std::string_view::npos)
        std::tie(line, col) = line_column(text, at);
    }
    diags.add(file, "", "invalid JSON: " + valid_utf8(what), line, col);
    return std::nullopt;
  }
}

std::optional<std::string> read_text_file(const std::string& path) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec)) return std::nullopt;
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream ss;
  ss << in.rdbuf();
  if (in.bad()) return std::nullopt;
  return ss.str();
}

}  // namespace vsf
