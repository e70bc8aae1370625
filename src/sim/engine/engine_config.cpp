// The configured SimGrid engine (see sim_engine.hpp).
#include "sim/engine/engine_config.hpp"

#include <simgrid/s4u/Engine.hpp>

namespace vsf::sim {

SimEngine::SimEngine(std::vector<std::string> log_settings)
    : args_{"vsfsim",
            "--cfg=network/model:CM02",
            "--cfg=network/crosstraffic:0",
            "--cfg=contexts/guard-size:0",
            "--log=xbt_cfg.thresh:warning",
            "--log=host_energy.thresh:warning"} {
  for (const auto& s : log_settings) args_.push_back("--log=" + s);
  for (auto& a : args_) argv_.push_back(a.data());
  argv_.push_back(nullptr);
  argc_ = static_cast<int>(args_.size());
  engine_ = std::make_unique<simgrid::s4u::Engine>(&argc_, argv_.data());
}

SimEngine::~SimEngine() = default;

void SimEngine::run() { engine_->run(); }

}  // namespace vsf::sim
