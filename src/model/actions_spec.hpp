// What happens to VSFs at scheduled times: the administrator's CPU moves (the patent's "privileged Web
// page") and boot-image updates rolled through a role's CPUs.
#pragma once

#include <array>
#include <string>

namespace vsf {

enum class AdminOp { Add, Remove };
// Every value, in the order messages and the documentation list them.
inline constexpr std::array kAdminOps{AdminOp::Add, AdminOp::Remove};
const char* to_string(AdminOp op);  // the JSON spelling: "add", "remove"

struct AdminAction {
  double at_s = 0;
  AdminOp op = AdminOp::Add;  // required in a scenario
  std::string vsf;
  std::string tier;  // role of the tier
  std::string cpu;   // optional: which CPU (by name)
  int count = 1;
};

// A new boot-image version of a role, published at `at_s`: every farm manager rolls the role's CPUs
// through reboots onto it, at most max_unavailable of a tier's serving CPUs rebooting at once.
struct ImageUpdate {
  double at_s = 0;
  std::string role;
  std::string version;
  double max_unavailable = 0.25;  // fraction of the tier's serving CPUs (at least one CPU)
  std::string pointer;            // "/image_updates/0", for events
};

}  // namespace vsf
