// The control plane's registry (patent, "Control Plane Architecture": "the registry contains information
// about current slave segment managers such as their state and assigned farm managers and assigned
// VSFs", the active master(s), and the election table of Fig. 10). Plain data and atomic operations: the
// simulation charges each read and write its cost and refuses them while the registry is unreachable;
// this class only keeps the content, which lives on the control plane's private SAN volume and so
// survives every manager and host crash.
// src/control/ is the control plane's plain logic (no SimGrid, unit-tested without an engine); the
// actors that run it, the managers, are in src/sim/managers/.
#pragma once

#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace vsf::control {

struct SlaveRecord {
  int host = 0;                   // control-plane host index
  double timestamp = -1;          // last refresh by the slave itself (Fig. 10 state 1004)
  bool says_master_dead = false;  // its latest observation of the master of `observed_epoch`
  int observed_epoch = 0;
  double observed_at = -1;
};

struct ElectionEntry {
  int slave = 0;
  int seq = 0;
};

class Registry {
 public:
  // ---- membership ----
  void register_slave(int slave, int host, double t);
  void deregister_slave(int slave);  // its farm managers must have been moved first
  bool registered(int slave) const { return slaves_.count(slave) > 0; }
  const std::map<int, SlaveRecord>& slaves() const { return slaves_; }
  std::vector<int> slave_ids() const;  // registered slaves, ascending
  void touch(int slave, double t);     // timestamp refresh
  void observe(int slave, bool master_dead, int epoch, double t);

  // ---- farm managers and VSFs: farm manager f runs vsfs_of_fm(f) and sits on slave_of_fm(f) ----
  void add_farm_manager(int fm, std::vector<int> vsfs, int slave);
  void move_farm_manager(int fm, int slave);
  // -1 for a farm manager that is not (or no longer) in the registry: a message to it is dropped.
  int slave_of_fm(int fm) const {
    return fm >= 0 && static_cast<size_t>(fm) < fm_slave_.size() ? fm_slave_[static_cast<size_t>(fm)] : -1;
  }
  // Throws std::out_of_range for a farm manager not in the registry.
  const std::vector<int>& vsfs_of_fm(int fm) const;
  std::vector<int> fms_of(int slave) const;  // ascending
  int vsf_count(int slave) const;            // VSFs its farm managers run
  int fm_count() const { return fm_count_; }
  // A decommissioned VSF leaves its farm manager (issue 13 §1); returns that farm manager's id, or -1 if
  // no farm manager ran it. check() then expects it in none.
  int drop_vsf(int vsf);
  // A farm manager left with no VSF stops and leaves the registry, so its slave may become removable.
  void remove_farm_manager(int fm);

  // ---- masters and elections ----
  int election_number() const { return election_number_; }   // the next election's number
  std::optional<int> master() const { return master_; }      // slave that won the latest election
  int master_epoch() const { return election_number_ - 1; }  // its election's number (0: none yet)
  // Fig. 10 state 1010: an entry under election `number`; returns its sequence number.
  int add_entry(int number, int slave);
  // Fig. 10 state 1012: the lowest sequence number's slave under election `number`.
  std::optional<int> lowest(int number) const;
  // Fig. 10 state 1018: `slave` won election `number` (only if it is still the current one).
  bool declare_master(int number, int slave);
  const std::vector<ElectionEntry>& entries(int number) const;

  // Invariants the property tests check: every VSF run by exactly one farm manager, every farm manager on
  // a registered slave. Returns what is broken ("vsf 3 in 2 farm managers"), empty when all hold.
  // `in_segment` (by VSF; empty: every VSF) names the VSFs of this registry's grid segment: a
  // multi-site grid's registry runs only its own site's VSFs, so it expects the others in none.
  std::vector<std::string> check(int vsf_count, const std::vector<char>& in_segment = {}) const;

 private:
  std::map<int, SlaveRecord> slaves_;
  // By farm manager id (ids are dense), -1 where none: each slave looks up each of its farm managers at
  // every ping, and a map's walk down ten cold nodes per lookup grew faster than the grid.
  std::vector<int> fm_slave_;
  int fm_count_ = 0;
  // The inverse of fm_slave_, each list ascending: a slave's tick reads its own only, at every ping (a
  // sorted vector, not a set: a copy, not a walk down a tree per farm manager; moves are rare).
  std::map<int, std::vector<int>> slave_fms_;
  // By farm manager id, like fm_slave_ (empty where fm_slave_ is -1): the master's registry check at
  // every health check reads them all, and a map's nodes were a cache miss each at 100,000 CPUs.
  std::vector<std::vector<int>> fm_vsfs_;
  // VSFs per slave, kept as farm managers come, move, shrink and go: the master's balance asks it of every
  // slave at each health check, and summing over a slave's farm managers was a map walk per farm manager.
  std::map<int, int> slave_vsfs_;
  std::set<int> dropped_vsfs_;  // decommissioned: in no farm manager
  int election_number_ = 1;
  std::optional<int> master_;
  std::map<int, std::vector<ElectionEntry>> elections_;
};

}  // namespace vsf::control
