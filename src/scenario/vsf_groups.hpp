// VSF groups: a "vsfs" entry with "count": N stands for N VSFs named NAME-1 ... NAME-N, copies of one
// definition, each with its own draws of "vary" (traffic phase and scale, tier sizes) from seeded
// distributions. The loader expands a group here, so everything after it sees N plain VSFs.
// Internal to src/scenario/ (see scenarios/README.md, "VSF groups").
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "model/vsf_spec.hpp"
#include "util/json_fields.hpp"

namespace vsf::scenario_detail {

// Most copies one group may stand for (a data centre of 100,000 CPUs holds a few thousand VSFs).
constexpr int kMaxGroupCount = 100000;

enum class VaryDist { Uniform, Lognormal };
inline constexpr std::array kVaryDists{VaryDist::Uniform, VaryDist::Lognormal};
const char* to_string(VaryDist d);  // "uniform", "lognormal"

// One distribution of "vary": uniform on [a, b], or lognormal of median a and log-standard-deviation b.
struct VaryDraw {
  VaryDist dist = VaryDist::Uniform;
  double a = 0, b = 0;
};

// A group's "vary", read; an absent key draws nothing (every copy keeps the definition's value).
struct Vary {
  std::optional<VaryDraw> phase;          // shifts every traffic component of the copy in time
  std::optional<VaryDraw> traffic_scale;  // multiplies the definition's traffic_scale
  // Per tier of the definition (the first vary.tiers.size() of them): initial, min, max drawn as integers.
  std::vector<std::array<std::optional<VaryDraw>, 3>> tiers;
};

// A "vsfs" entry as read: the definition and, for a group, its count and vary.
struct VsfEntry {
  VsfSpec spec;
  bool group = false;  // "count" given
  int count = 1;
  Vary vary;
};

// Reads "vary" at `pointer` for the definition `def` (its tiers and traffic, for the checks).
void read_vary(const Source& src, const json& v, const std::string& pointer, const VsfSpec& def, Vary& out);

// The group checks that need the whole entry (pinned CPUs, the longest copy name); silent for a plain VSF.
void check_group(const Source& src, const std::string& pointer, const VsfEntry& entry);

// The copies of a group at `pointer` (the index of the entry in "vsfs" is `position`): names NAME-1 ...,
// each one's draws from streams that depend on `seed`, `position`, the copy's number and the key only.
// A check that fails in some copies (a drawn min above a drawn max) is reported once per key, at the key's
// pointer under "vary", naming the first copies it fails in. Each copy's traffic is scaled by
// scale_traffic with `scenario_scale`, a too large factor blamed on `scale_blame` (or on vary.traffic_scale
// when the group varies it); scale_blame nullptr: the definition's own traffic_scale is invalid (reported).
std::vector<VsfSpec> expand_group(const Source& src, const std::string& pointer, uint64_t seed, size_t position,
                                  const VsfEntry& entry, double scenario_scale, const std::string* scale_blame);

}  // namespace vsf::scenario_detail
