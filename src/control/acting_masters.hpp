// Who acts as master at each moment, as the simulation sees it from outside (no manager can know this
// table): each acting master's epoch and the end of its lease. The control plane's measures and
// invariants read it: two entries at once is split brain (possible only with a quorum below a
// majority); two masters of one epoch would break the election's one-winner guarantee. A master whose
// lease has ended is no master any more, even if it has not noticed (a stalled one). src/control/ is
// plain logic (no SimGrid).
#pragma once

#include <map>
#include <optional>
#include <vector>

namespace vsf::control {

class ActingMasters {
 public:
  bool acting(int slave) const { return epoch_.count(slave) > 0; }
  std::optional<int> epoch_of(int slave) const;
  int count() const { return static_cast<int>(epoch_.size()); }
  // Acting masters other than `except` whose lease had ended by `now`, ascending.
  std::vector<int> lapsed(double now, int except) const;
  // How many acting masters other than `except` hold `epoch`.
  int rivals(int epoch, int except) const;

  void take_office(int slave, int epoch, double lease_until);
  void renew(int slave, double lease_until);  // only while it acts
  void leave_office(int slave);

 private:
  std::map<int, int> epoch_;           // acting master -> its epoch
  std::map<int, double> lease_until_;  // acting master -> end of its lease
};

}  // namespace vsf::control
