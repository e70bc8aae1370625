// The registry's content and operations (see registry.hpp).
#include "control/registry.hpp"

#include <algorithm>
#include <stdexcept>

namespace vsf::control {

void Registry::register_slave(int slave, int host, double t) {
  SlaveRecord& r = slaves_[slave];
  r.host = host;
  r.timestamp = t;
  r.says_master_dead = false;
  r.observed_at = -1;
}

void Registry::deregister_slave(int slave) { slaves_.erase(slave); }

std::vector<int> Registry::slave_ids() const {
  std::vector<int> out;
  for (const auto& kv : slaves_) out.push_back(kv.first);
  return out;
}

void Registry::touch(int slave, double t) {
  auto it = slaves_.find(slave);
  if (it != slaves_.end()) it->second.timestamp = t;
}

void Registry::observe(int slave, bool master_dead, int epoch, double t) {
  auto it = slaves_.find(slave);
  if (it == slaves_.end()) return;
  it->second.says_master_dead = master_dead;
  it->second.observed_epoch = epoch;
  it->second.observed_at = t;
  it->second.timestamp = t;
}

namespace {

void insert_sorted(std::vector<int>& list, int x) {
  auto at = std::lower_bound(list.begin(), list.end(), x);
  if (at == list.end() || *at != x) list.insert(at, x);
}

void erase_sorted(std::vector<int>& list, int x) {
  auto at = std::lower_bound(list.begin(), list.end(), x);
  if (at != list.end() && *at == x) list.erase(at);
}

}  // namespace

void Registry::add_farm_manager(int fm, std::vector<int> vsfs, int slave) {
  if (slave < 0) throw std::invalid_argument("registry: slave id " + std::to_string(slave));  // -1 means none
  if (const int was = slave_of_fm(fm); was >= 0) {
    erase_sorted(slave_fms_[was], fm);
    slave_vsfs_[was] -= static_cast<int>(fm_vsfs_[static_cast<size_t>(fm)].size());
  } else {
    if (fm < 0) throw std::invalid_argument("registry: farm manager id " + std::to_string(fm));
    if (static_cast<size_t>(fm) >= fm_slave_.size()) {
      fm_slave_.resize(static_cast<size_t>(fm) + 1, -1);
      fm_vsfs_.resize(static_cast<size_t>(fm) + 1);
    }
    ++fm_count_;
  }
  slave_vsfs_[slave] += static_cast<int>(vsfs.size());
  fm_vsfs_[static_cast<size_t>(fm)] = std::move(vsfs);
  fm_slave_[static_cast<size_t>(fm)] = slave;
  insert_sorted(slave_fms_[slave], fm);
}

void Registry::move_farm_manager(int fm, int slave) {
  if (slave_of_fm(fm) < 0) throw std::out_of_range("registry: no farm manager " + std::to_string(fm));
  if (slave < 0) throw std::invalid_argument("registry: slave id " + std::to_string(slave));
  int& at = fm_slave_[static_cast<size_t>(fm)];
  const int n = static_cast<int>(fm_vsfs_[static_cast<size_t>(fm)].size());
  erase_sorted(slave_fms_[at], fm);
  slave_vsfs_[at] -= n;
  at = slave;
  insert_sorted(slave_fms_[slave], fm);
  slave_vsfs_[slave] += n;
}

const std::vector<int>& Registry::vsfs_of_fm(int fm) const {
  if (slave_of_fm(fm) < 0) throw std::out_of_range("registry: no farm manager " + std::to_string(fm));
  return fm_vsfs_[static_cast<size_t>(fm)];
}

int Registry::drop_vsf(int vsf) {
  dropped_vsfs_.insert(vsf);
  for (size_t fm = 0; fm < fm_vsfs_.size(); ++fm) {  // ascending ids, as the farm managers' order
    if (fm_slave_[fm] < 0) continue;
    std::vector<int>& vsfs = fm_vsfs_[fm];
    auto it = std::find(vsfs.begin(), vsfs.end(), vsf);
    if (it == vsfs.end()) continue;
    vsfs.erase(it);
    --slave_vsfs_[fm_slave_[fm]];
    return static_cast<int>(fm);
  }
  return -1;
}

void Registry::remove_farm_manager(int fm) {
  if (const int on = slave_of_fm(fm); on >= 0) {
    erase_sorted(slave_fms_[on], fm);
    slave_vsfs_[on] -= static_cast<int>(fm_vsfs_[static_cast<size_t>(fm)].size());
    fm_slave_[static_cast<size_t>(fm)] = -1;
    std::vector<int>().swap(fm_vsfs_[static_cast<size_t>(fm)]);
    --fm_count_;
  }
}

std::vector<int> Registry::fms_of(int slave) const {
  auto it = slave_fms_.find(slave);
  if (it == slave_fms_.end()) return {};
  return it->second;
}

int Registry::vsf_count(int slave) const {
  auto it = slave_vsfs_.find(slave);
  return it == slave_vsfs_.end() ? 0 : it->second;
}

int Registry::add_entry(int number, int slave) {
  auto& list = elections_[number];
  const int seq = static_cast<int>(list.size());
  list.push_back({slave, seq});
  return seq;
}

std::optional<int> Registry::lowest(int number) const {
  auto it = elections_.find(number);
  if (it == elections_.end() || it->second.empty()) return std::nullopt;
  return it->second.front().slave;  // entries are appended in sequence order
}

bool Registry::declare_master(int number, int slave) {
  if (number != election_number_) return false;
  master_ = slave;
  ++election_number_;
  return true;
}

const std::vector<ElectionEntry>& Registry::entries(int number) const {
  static const std::vector<ElectionEntry> none;
  auto it = elections_.find(number);
  return it == elections_.end() ? none : it->second;
}

std::vector<std::string> Registry::check(int vsf_count, const std::vector<char>& in_segment) const {
  std::vector<std::string> broken;
  std::vector<int> runs(static_cast<size_t>(std::max(0, vsf_count)), 0);
  for (int fm = 0; fm < static_cast<int>(fm_vsfs_.size()); ++fm) {
    if (fm_slave_[static_cast<size_t>(fm)] < 0) continue;
    for (int v : fm_vsfs_[static_cast<size_t>(fm)]) {
      if (v < 0 || v >= vsf_count)
        broken.push_back("farm manager " + std::to_string(fm) + " runs unknown VSF " + std::to_string(v));
      else
        ++runs[static_cast<size_t>(v)];
    }
  }
  for (size_t v = 0; v < runs.size(); ++v) {
    const bool here = in_segment.empty() || (v < in_segment.size() && in_segment[v] != 0);
    if (runs[v] != (here && !dropped_vsfs_.count(static_cast<int>(v)) ? 1 : 0))
      broken.push_back("VSF " + std::to_string(v) + " is in the registry " + std::to_string(runs[v]) + " times");
  }
  std::map<int, int> per_slave;  // vsf_count's, counted afresh
  for (int fm = 0; fm < static_cast<int>(fm_slave_.size()); ++fm) {
    const int s = fm_slave_[static_cast<size_t>(fm)];
    if (s < 0) continue;
    if (!registered(s))
      broken.push_back("farm manager " + std::to_string(fm) + " is on unregistered slave " + std::to_string(s));
    per_slave[s] += static_cast<int>(fm_vsfs_[static_cast<size_t>(fm)].size());
  }
  for (const auto& [s, n] : slave_vsfs_)
    if (n != (per_slave.count(s) ? per_slave.at(s) : 0))
      broken.push_back("slave " + std::to_string(s) + " counted with " + std::to_string(n) + " VSFs");
  return broken;
}

}  // namespace vsf::control
