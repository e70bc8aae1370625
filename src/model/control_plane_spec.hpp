// The control plane's behaviour (the scenario's top-level "control_plane"; its hosts are
// grid.control_plane). Defaults and their reasons: scenarios/README.md, section "control_plane".
#pragma once

#include <array>
#include <string>

namespace vsf {

// Votes an election needs: a majority of the registered slaves, or a fixed count.
enum class Quorum { Majority, Count };
const char* to_string(Quorum q);  // "majority", "count" (the JSON gives "majority" or a number)

// Where a failed slave's VSFs go: the least loaded existing slave, a new slave, or whichever the
// expected latencies favour.
enum class Reassign { Existing, New, Auto };
// Every value, in the order messages and the documentation list them.
inline constexpr std::array kReassigns{Reassign::Existing, Reassign::New, Reassign::Auto};
const char* to_string(Reassign r);  // the JSON spelling: "existing", "new", "auto"

struct ControlPlaneSpec {
  int slaves = 0;                       // slave segment managers at start; 0 = one per control-plane host
  int vsfs_per_farm_manager = 1;        // VSFs one farm manager runs
  int max_vsfs_per_slave = 16;          // beyond this the master allocates another slave
  double health_check_interval_s = 10;  // master -> every slave: status request period
  double health_check_timeout_s = 2;    // no status reply by then: the slave failed this check
  double restart_timeout_s = 15;        // no restart confirmation by then: reassign its VSFs
  double manager_restart_s = 3;         // a manager process (re)start on a running host
  double ping_interval_s = 5;           // slave -> master ping period (also the slave's farm-manager check)
  double ping_timeout_s = 2;            // no ping reply by then: the slave suspects the master
  double freshness_s = 15;              // a slave whose registry timestamp is older does not vote
  Quorum quorum = Quorum::Majority;
  int quorum_count = 0;  // votes needed when quorum is Count
  double lease_s = 15;   // a master without a quorum of replies for this long steps down;
                         // a slave votes "dead" only after this long without contact
  Reassign reassign = Reassign::Auto;
  double takeover_s = 2;              // an existing slave starting a farm manager for a reassigned VSF
  double host_boot_s = 90;            // a powered-off control-plane host to running (POST + OS)
  double registry_read_s = 0.002;     // one registry read (database on the private SAN zone)
  double registry_write_s = 0.01;     // one registry write (committed to the SAN volume)
  double message_bytes = 1024;        // one control message on the control-plane LAN
  bool power_off_idle_hosts = true;   // master powers off control-plane hosts that run no manager
  std::string registry_host = "cp0";  // the control-plane host that runs the registry database
};

}  // namespace vsf
