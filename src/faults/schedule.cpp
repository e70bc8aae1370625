// make_schedule: scheduled events and renewal processes expanded into causes (intervals during which
// one cause holds a target down), then swept in a total order into fail/heal transitions. See
// schedule.hpp for the rules; this file keeps every order explicit so the output is byte-identical for
// the same inputs.
#include "faults/schedule.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <tuple>

#include "util/errors.hpp"
#include "util/splitmix.hpp"

namespace vsf::faults {

namespace {

constexpr double kNever = std::numeric_limits<double>::infinity();
constexpr uint64_t kEventDomain = 0x6576656e74ULL;  // "event"
constexpr uint64_t kProcessDomain = 0x70726f63ULL;  // "proc"

uint64_t mix64(uint64_t z) { return util::splitmix64(z); }

// FNV-1a: a name's hash that does not depend on the standard library's std::hash.
uint64_t name_hash(const std::string& s) {
  uint64_t h = 0xcbf29ce484222325ULL;
  for (unsigned char c : s) {
    h ^= c;
    h *= 0x100000001b3ULL;
  }
  return h;
}

std::mt19937_64 stream(uint64_t seed, uint64_t domain, uint64_t entry, uint64_t target) {
  uint64_t h = mix64(seed);
  h = mix64(h ^ domain);
  h = mix64(h ^ entry);
  h = mix64(h ^ target);
  return std::mt19937_64(h);
}

// What the order of simultaneous transitions sorts on, and what "the same target" means.
struct Key {
  int kind = 0, role = 0, mode = 0, target = 0;
  auto tie() const { return std::tie(kind, role, mode, target); }
  bool operator<(const Key& o) const { return tie() < o.tie(); }
};

struct Instance {
  Key key;
  std::string name;
  std::array<std::vector<int>, 2> sides;
};

struct Cause {
  double start, end;
  int instance;
  const std::string* group;    // points into the spec
  const std::string* pointer;  // points into the spec
};

class Builder {
 public:
  Builder(const FaultSpec& spec, const FaultTargets& targets, double duration_s)
      : spec_(spec), index_(targets), duration_(duration_s) {
    for (const auto& g : spec.groups) groups_.emplace(g.name, &g);
  }

  void events(uint64_t seed);
  void processes(uint64_t seed);
  std::vector<FaultEvent> sweep() const;

 private:
  int instance(const Key& key, const std::string& name, const std::array<std::vector<int>, 2>& sides = {});
  std::vector<int> subject_instances(const FaultSubject& s, int partition);
  std::vector<int> group_instances(const std::string& name);
  void add(double start, double end, const std::vector<int>& instances, const std::string* group,
           const std::string* pointer);
  int partition_instance(const FaultSubject& s, int number);
  void renew(const FaultProcess& p, std::mt19937_64& rng, const std::vector<int>& instances, const std::string* group);

  const FaultSpec& spec_;
  TargetIndex index_;
  double duration_;
  std::map<std::string, const FaultGroup*> groups_;
  std::vector<Instance> instances_;
  std::map<Key, int> instance_of_;
  std::vector<Cause> causes_;
  int partitions_ = 0;
  static const std::string kNoGroup;
};

const std::string Builder::kNoGroup;

int Builder::instance(const Key& key, const std::string& name, const std::array<std::vector<int>, 2>& sides) {
  if (auto it = instance_of_.find(key); it != instance_of_.end()) return it->second;
  instances_.push_back(Instance{key, name, sides});
  instance_of_.emplace(key, static_cast<int>(instances_.size() - 1));
  return static_cast<int>(instances_.size() - 1);
}

int Builder::partition_instance(const FaultSubject& s, int number) {
  std::array<std::vector<int>, 2> sides;
  std::string name;
  for (size_t k = 0; k < 2; ++k) {
    for (const auto& ref : s.sides[k]) {
      if (auto i = index_.find(FaultKind::CpPartition, ManagerRole::Master, ref)) sides[k].push_back(*i);
    }
    std::sort(sides[k].begin(), sides[k].end());
    sides[k].erase(std::unique(sides[k].begin(), sides[k].end()), sides[k].end());
    const auto& hosts = index_.names(FaultKind::CpPartition, ManagerRole::Master);
    for (size_t j = 0; j < sides[k].size(); ++j) name += (j ? "+" : "") + hosts[sides[k][j]];
    if (k == 0) name += "|";
  }
  return instance(Key{static_cast<int>(FaultKind::CpPartition), 0, 0, number}, name, sides);
}

std::vector<int> Builder::subject_instances(const FaultSubject& s, int partition) {
  std::vector<int> out;
  if (!s.kind) return out;
  const FaultKind kind = *s.kind;
  if (kind == FaultKind::CpPartition) return {partition_instance(s, partition)};
  const ManagerRole role = kind == FaultKind::Manager ? s.manager : ManagerRole::Master;
  const Key base{static_cast<int>(kind), kind == FaultKind::Manager ? static_cast<int>(role) : 0,
                 kind == FaultKind::Manager ? static_cast<int>(s.mode) : 0, 0};
  const auto& names = index_.names(kind, role);
  std::vector<int> indices;
  // Without a target: every grid segment's master or registry (one of each without sites); the global manager.
  const bool untargeted = (kind == FaultKind::Manager && role == ManagerRole::Master) || kind == FaultKind::Registry ||
                          kind == FaultKind::GlobalManager;
  if (s.all_targets || (untargeted && s.targets.empty())) {
    for (size_t i = 0; i < names.size(); ++i) indices.push_back(static_cast<int>(i));
  } else {
    for (const auto& ref : s.targets) {
      auto i = index_.find(kind, role, ref);
      if (i && std::find(indices.begin(), indices.end(), *i) == indices.end()) indices.push_back(*i);
    }
  }
  for (int i : indices) {
    Key key = base;
    key.target = i;
    out.push_back(instance(key, names[i]));
  }
  return out;
}

std::vector<int> Builder::group_instances(const std::string& name) {
  std::vector<int> out;
  auto it = groups_.find(name);
  if (it == groups_.end()) return out;
  for (const auto& m : it->second->members) {
    auto i = index_.find(m.kind, ManagerRole::Master, m.ref);
    if (!i) continue;
    int inst = instance(Key{static_cast<int>(m.kind), 0, 0, *i}, index_.names(m.kind, ManagerRole::Master)[*i]);
    if (std::find(out.begin(), out.end(), inst) == out.end()) out.push_back(inst);
  }
  return out;
}

void Builder::add(double start, double end, const std::vector<int>& instances, const std::string* group,
                  const std::string* pointer) {
  if (!(start < duration_)) return;
  if (causes_.size() + instances.size() > kMaxFaultCauses) {
    throw InputError(spec_.file, *pointer,
                     fmt::format("the faults would make more than {} failures within the run; are the times to "
                                 "failure far shorter than the duration?",
                                 kMaxFaultCauses));
  }
  for (int i : instances) causes_.push_back(Cause{start, end, i, group, pointer});
}

void Builder::events(uint64_t seed) {
  for (size_t e = 0; e < spec_.events.size(); ++e) {
    const ScheduledFault& ev = spec_.events[e];
    std::mt19937_64 rng = stream(seed, kEventDomain, e, 0);
    const double end = ev.repair ? ev.at_s + ev.repair->draw(rng) : kNever;
    const bool partition = ev.subject.kind == FaultKind::CpPartition;
    if (!ev.subject.kind) {
      add(ev.at_s, end, group_instances(ev.subject.group), &ev.subject.group, &ev.pointer);
    } else {
      add(ev.at_s, end, subject_instances(ev.subject, partitions_), &kNoGroup, &ev.pointer);
    }
    if (partition) ++partitions_;
  }
}

void Builder::renew(const FaultProcess& p, std::mt19937_64& rng, const std::vector<int>& instances,
                    const std::string* group) {
  if (instances.empty()) return;
  const double stop = std::min(p.end_s.value_or(duration_), duration_);
  double t = p.start_s;
  while (true) {
    t += p.ttf.draw(rng);
    if (!(t < stop)) break;
    const double repair = p.ttr.draw(rng);
    add(t, t + repair, instances, group, &p.pointer);
    t += repair;
  }
}

void Builder::processes(uint64_t seed) {
  for (size_t n = 0; n < spec_.processes.size(); ++n) {
    const FaultProcess& p = spec_.processes[n];
    if (!p.subject.kind) {
      std::vector<const std::string*> names;
      if (p.subject.all_targets) {
        for (const auto& g : spec_.groups) names.push_back(&g.name);
      } else {
        for (const auto& g : p.subject.groups) names.push_back(groups_.count(g) ? &groups_.at(g)->name : nullptr);
      }
      for (const std::string* g : names) {
        if (!g) continue;
        std::mt19937_64 rng = stream(seed, kProcessDomain, n, name_hash("group:" + *g));
        renew(p, rng, group_instances(*g), g);
      }
      continue;
    }
    const bool partition = *p.subject.kind == FaultKind::CpPartition;
    for (int inst : subject_instances(p.subject, partitions_)) {
      std::mt19937_64 rng = stream(seed, kProcessDomain, n, name_hash(instances_[inst].name));
      renew(p, rng, {inst}, &kNoGroup);
    }
    if (partition) ++partitions_;
  }
}

std::vector<FaultEvent> Builder::sweep() const {
  struct Point {
    double t;
    int phase;  // 0: a cause starts, 1: it ends
    size_t cause;
  };
  std::vector<Point> points;
  points.reserve(causes_.size() * 2);
  for (size_t c = 0; c < causes_.size(); ++c) {
    points.push_back(Point{causes_[c].start, 0, c});
    if (causes_[c].end < duration_) points.push_back(Point{causes_[c].end, 1, c});
  }
  auto order = [&](const Point& a, const Point& b) {
    const Key& ka = instances_[causes_[a.cause].instance].key;
    const Key& kb = instances_[causes_[b.cause].instance].key;
    return std::make_tuple(a.t, ka.tie(), a.phase, a.cause) < std::make_tuple(b.t, kb.tie(), b.phase, b.cause);
  };
  std::sort(points.begin(), points.end(), order);

  std::vector<int> down(instances_.size(), 0);
  std::vector<FaultEvent> out;
  for (const Point& p : points) {
    const Cause& c = causes_[p.cause];
    int& n = down[c.instance];
    const bool transition = p.phase == 0 ? n++ == 0 : --n == 0;
    if (!transition) continue;
    const Instance& inst = instances_[c.instance];
    FaultEvent e;
    e.t_s = p.t;
    e.transition = p.phase == 0 ? Transition::Fail : Transition::Heal;
    e.kind = static_cast<FaultKind>(inst.key.kind);
    e.manager = static_cast<ManagerRole>(inst.key.role);
    e.mode = static_cast<ManagerMode>(inst.key.mode);
    e.target = inst.key.target;
    e.target_name = inst.name;
    e.sides = inst.sides;
    e.group = *c.group;
    e.cause = *c.pointer;
    out.push_back(std::move(e));
  }
  return out;
}

}  // namespace

std::vector<FaultEvent> make_schedule(const FaultSpec& spec, const FaultTargets& targets, double duration_s,
                                      uint64_t seed) {
  const uint64_t s = spec.seed.value_or(seed);
  Builder b(spec, targets, duration_s);
  b.events(s);
  b.processes(s);
  return b.sweep();
}

nlohmann::json to_json(const FaultEvent& e) {
  nlohmann::json j = nlohmann::json::object();
  j["t"] = e.t_s;
  j["transition"] = e.transition == Transition::Fail ? "fail" : "heal";
  j["kind"] = kind_name(e.kind);
  if (e.kind == FaultKind::Manager) {
    j["manager"] = role_name(e.manager);
    j["mode"] = mode_name(e.mode);
  }
  j["target"] = e.target_name;
  j["index"] = e.target;
  if (e.kind == FaultKind::CpPartition) j["sides"] = e.sides;
  if (!e.group.empty()) j["group"] = e.group;
  j["cause"] = e.cause;
  return j;
}

std::vector<double> downtime_by_target(const std::vector<FaultEvent>& schedule, FaultKind kind, ManagerRole role,
                                       ManagerMode mode, size_t target_count, double duration_s) {
  std::vector<double> down(target_count, 0), since(target_count, -1);
  for (const auto& e : schedule) {
    if (e.kind != kind || e.target < 0 || static_cast<size_t>(e.target) >= target_count) continue;
    if (kind == FaultKind::Manager && (e.manager != role || e.mode != mode)) continue;
    if (e.transition == Transition::Fail) {
      since[e.target] = e.t_s;
    } else if (since[e.target] >= 0) {
      down[e.target] += e.t_s - since[e.target];
      since[e.target] = -1;
    }
  }
  for (size_t i = 0; i < target_count; ++i) {
    if (since[i] >= 0) down[i] += duration_s - since[i];
  }
  return down;
}

}  // namespace vsf::faults
