// The SimGrid engine as vsfsim configures it (SimEngine), for run_simulation and for the sim tests that
// drive actors themselves: network/model CM02 without cross traffic, no stack guard pages, quiet config,
// energy and actor logs (the reasons are in engine_config.cpp). One per process: SimGrid cannot be reset.
#pragma once

#include <memory>
#include <string>
#include <vector>

namespace simgrid::s4u {
class Engine;
}  // namespace simgrid::s4u

namespace vsf::sim {

class SimEngine {
 public:
  // `log_settings`: extra --log values ("vsf_dataplane.thres:verbose"), as vsfsim's --log passes them.
  explicit SimEngine(std::vector<std::string> log_settings = {});
  ~SimEngine();
  SimEngine(const SimEngine&) = delete;
  SimEngine& operator=(const SimEngine&) = delete;
  void run();

 private:
  std::vector<std::string> args_;  // SimGrid's command line, kept alive for as long as the engine
  std::vector<char*> argv_;
  int argc_ = 0;
  std::unique_ptr<simgrid::s4u::Engine> engine_;
};

}  // namespace vsf::sim
