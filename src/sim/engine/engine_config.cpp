// The configured SimGrid engine (see engine_config.hpp), and why each setting.
//
// network/model CM02 without cross traffic, so a message takes exactly latency + size / bandwidth under
// max-min fair sharing (the default LV08 model multiplies latencies by 13 and bandwidths by 0.97 to
// mimic TCP slow start, which would turn a 20 ms uplink into 260 ms per request). SimGrid's TCP window
// bound stays (network/TCP-gamma, 4 MiB: a flow gets at most 4 MiB / (2 x route latency), ~100 MB/s
// over a 20 ms uplink). contexts/guard-size 0: a guard page per actor stack costs mprotect calls and a
// memory mapping each, and Linux caps a process at ~65k mappings, fewer than the requests a saturated
// grid can hold in its queues (request stacks are small instead: sim/dataplane/requests.cpp).
// host_energy at error: the plugin warns once per host without energy properties, and the HBA, array and
// fabric hosts have none on purpose (0 W; platform.cpp), 100,000 lines on a 100,000-CPU grid.
// s4u_actor at warning: SimGrid says INFO "The parameter to sleep_for() is smaller than the SimGrid
// numerical accuracy" when two arrivals fall closer than 1 ns (thousands of requests per second), and
// rounds the sleep up to 1 ns as it should; nothing for a user to act on. A user's --log comes after
// these defaults, so `--log s4u_actor.thres:info` brings it back.
#include "sim/engine/engine_config.hpp"

#include <malloc.h>
#include <xbt/log.h>

#include <simgrid/s4u/Engine.hpp>

XBT_LOG_NEW_DEFAULT_SUBCATEGORY(vsf_engine_config, vsf_engine, "vsfsim: the SimGrid engine's configuration");

namespace vsf::sim {

namespace {

// Actor stacks (SimGrid's default 8 MiB) are calloc'ed. glibc serves a big calloc with a fresh mmap,
// whose pages the kernel zeroes only when touched; but once such a chunk is freed, glibc raises its mmap
// threshold (up to 32 MiB) and later stacks come from the heap, where calloc memsets all 8 MiB: on a
// 10,000-CPU grid, that memset was half of all instructions (actors come and go with every lifecycle
// step). A fixed threshold turns the adjustment off: every stack is a lazily zeroed mapping again.
void keep_stacks_mapped() { mallopt(M_MMAP_THRESHOLD, 1 << 20); }

}  // namespace

SimEngine::SimEngine(std::vector<std::string> log_settings)
    : args_{"vsfsim",
            "--cfg=network/model:CM02",
            "--cfg=network/crosstraffic:0",
            "--cfg=contexts/guard-size:0",
            "--log=xbt_cfg.thresh:warning",
            "--log=host_energy.thresh:error",
            "--log=s4u_actor.thresh:warning"} {
  for (const auto& s : log_settings) args_.push_back("--log=" + s);
  keep_stacks_mapped();
  for (auto& a : args_) argv_.push_back(a.data());
  argv_.push_back(nullptr);
  argc_ = static_cast<int>(args_.size());
  engine_ = std::make_unique<simgrid::s4u::Engine>(&argc_, argv_.data());
  std::string line;
  for (const auto& a : args_) line += " " + a;
  XBT_VERB("SimGrid configured:%s", line.c_str());
}

SimEngine::~SimEngine() = default;

void SimEngine::run() { engine_->run(); }

}  // namespace vsf::sim
