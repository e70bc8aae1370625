// A stage and a VSF of stages in flow fidelity: the stationary regime is M/M/c(/K) exactly, the fluid
// regime conserves requests and changes regime where the backlog empties or fills.
#include "flow/stage.hpp"

#include <catch2/catch.hpp>

#include "flow/mmc.hpp"
#include "flow/mmck.hpp"
#include "flow/vsf_flow.hpp"

using namespace vsf;
using namespace vsf::flow;

namespace {

StageInput tier(int64_t servers, double service_s, int64_t queue_limit) {
  StageInput in;
  in.servers = servers;
  in.cores = 1;
  in.dispatch = Dispatch::SharedQueue;
  in.queue_limit = queue_limit;
  in.hold_exp_s = service_s;
  in.timeout_s = 1e9;
  return in;
}

}  // namespace

TEST_CASE("stage: a shared queue below capacity is M/M/c to 1e-9") {
  const StageFlow f = solve_stage(tier(8, 0.1, 1'000'000), 60);
  const Mmc q = mmc(8, 60, 10);
  CHECK_FALSE(f.law.fluid);
  CHECK(f.done_rate == Approx(60).epsilon(1e-12));
  CHECK(f.busy_cores / f.capacity_cores == Approx(q.utilization).epsilon(1e-9));
  CHECK(f.law.wait_probability == Approx(q.wait_probability).epsilon(1e-9));
  CHECK(f.law.mean_s() == Approx(q.mean_response).epsilon(1e-9));
}

TEST_CASE("stage: a small queue overloaded stays M/M/c/K (it fills within a second)") {
  const StageFlow f = solve_stage(tier(2, 0.1, 3), 24);
  const Mmck q = mmck(2, shared_queue_capacity(2, 2, 3), 24, 10);
  CHECK_FALSE(f.law.fluid);
  CHECK(f.dropped_rate == Approx(24 * q.blocking).epsilon(1e-9));
  CHECK(f.law.mean_s() == Approx(q.mean_response).epsilon(1e-9));
}

TEST_CASE("stage: a big queue overloaded is a fluid that fills, then drops the excess") {
  StageInput in = tier(2, 0.1, 1000);  // 2000 places = 100 s of work: a fluid
  StageFlow f = solve_stage(in, 30);   // nu = 20/s: the backlog grows at 10/s
  REQUIRE(f.law.fluid);
  CHECK(f.done_rate == 20);
  CHECK(f.queued_rate == 10);
  CHECK(f.dropped_rate == 0);
  CHECK(f.busy_cores == 2);
  CHECK(f.time_to_change_s == Approx(200));
  span_fluid(f, 100);
  CHECK(f.law.fluid_wait_from_s == 0);
  CHECK(f.law.fluid_wait_to_s == Approx(1000.0 / 20));
  in.backlog = f.backlog_after(200);
  CHECK(in.backlog == Approx(2000));
  f = solve_stage(in, 30);  // full: admits nu, drops the rest
  CHECK(f.admitted_rate == 20);
  CHECK(f.dropped_rate == 10);
  CHECK(f.time_to_change_s == INFINITY);
  in.backlog = 500;
  f = solve_stage(in, 10);  // below capacity with a backlog: it drains in 50 s, then M/M/c again
  CHECK(f.law.fluid);
  CHECK(f.queued_rate == -10);
  CHECK(f.time_to_change_s == Approx(50));
  in.backlog = f.backlog_after(50);
  CHECK(in.backlog == 0);
  CHECK_FALSE(solve_stage(in, 10).law.fluid);
}

TEST_CASE("VSF flow: requests are answered, lost or queued, and add up to the offered rate") {
  VsfFlowInput in;
  in.rate = 50;
  in.timeout_s = 1e9;
  in.stages = {tier(1, 0.001, 1000), tier(2, 0.1, 1000), tier(1, 0.01, 2)};  // LB, then a 2-server tier
  in.calls = {1, 1, 1};
  const VsfFlow f = solve_vsf(in);
  REQUIRE(f.stages[1].law.fluid);                 // 50/s into 20/s
  CHECK(f.stages[2].arrival_rate == Approx(20));  // the fluid tier passes on nu = 20/s
  CHECK(f.answered == Approx(f.stages[2].done_rate));
  CHECK(f.dropped == Approx(f.stages[2].dropped_rate));  // the small last queue blocks a few (M/M/1/3)
  CHECK(f.answered + f.dropped + f.abandoned + f.fault + f.stages[1].queued_rate == Approx(50));
  in.uplink_down = true;
  const VsfFlow down = solve_vsf(in);
  CHECK(down.fault == 50);
  CHECK(down.answered == 0);
}

TEST_CASE("VSF flow: response samples are stratified draws of the sum of the visits") {
  VsfFlowInput in;
  in.rate = 5;
  in.stages = {tier(1, 0.1, 1000)};
  in.calls = {1};
  const VsfFlow f = solve_vsf(in);
  SampleRng rng(3);
  std::vector<double> r;
  std::vector<std::vector<double>> local;
  double sum = 0;
  const int rounds = 200;
  for (int i = 0; i < rounds; ++i) {
    response_samples(f, 64, rng, r, local);
    for (double x : r) sum += x;
  }
  // M/M/1 at rho 0.5: the response is Exp with mean 0.2 s; 12,800 stratified samples.
  CHECK(sum / (64 * rounds) == Approx(0.2).epsilon(0.01));
  CHECK(local.size() == 1);
  CHECK(local[0] == r);  // one visit, no response transfer: local = response
}
