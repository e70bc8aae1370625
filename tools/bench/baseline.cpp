// The benchmark's baseline: a bare SimGrid program that performs, per request, the same activities as
// vsfsim's data plane (src/sim/dataplane/requests.cpp) on the same platform shape, with none of vsfsim's logic:
// no grid model, no lifecycle, no farm manager or policy, no deadlines, drops or metrics beyond a
// count and a mean. The time vsfsim spends beyond this program's is the cost of being vsfsim.
//
// Same as vsfsim, for a scenario of one VSF whose tiers use round_robin dispatch and warm CPUs:
//  - engine: CM02 network model without cross traffic; energy plugin on, same host wattage properties;
//  - platform: a full root zone holding a star zone per switch (one VLAN, one SAN) with a FATPIPE
//    backplane; per CPU a host (speed, cores) with a split-duplex NIC link, and an HBA host with a SAN
//    link; the array's host, port link and disk; the Internet host behind the uplink; control hosts;
//  - traffic: a generator on the Internet host draws exponential inter-arrivals and starts one actor
//    per request (32 KiB stack); with --pool, request actors are reused as vsfsim reuses them (an idle
//    actor waits on its semaphore for the next request; one that did SAN I/O retires after 32
//    requests, because SimGrid 3.32 keeps finished I/Os in the actor's activity list);
//  - request: Internet -> LB message, LB work, then per tier: take a core of the next server in
//    round-robin order (FCFS hand-off through a pooled semaphore), receive the request message, execute
//    the work (exponential or constant), read the SAN bytes (disk read and SAN transfer together),
//    free the core, call the next tier `calls` times, send the response; LB -> Internet response;
//  - end: everything is killed at the duration; requests in flight are not counted.
// The scenario is read with vsfsim's loader (so both programs run the very same parameters and the
// same --set overrides); loading is plain C++ and takes milliseconds.
//
// Usage: vsfsim_baseline SCENARIO [--pool] [--seed N] [--set POINTER=VALUE]...
// Prints one line: requests=<arrivals> served=<completed> mean_response_ms=<mean>.
#include <simgrid/plugins/energy.h>

#include <cmath>
#include <cstdio>
#include <deque>
#include <exception>
#include <memory>
#include <random>
#include <simgrid/s4u.hpp>
#include <stdexcept>
#include <string>
#include <vector>

#include "scenario/loader.hpp"
#include "util/errors.hpp"

namespace sg4 = simgrid::s4u;
using Dir = sg4::LinkInRoute::Direction;

namespace {

constexpr unsigned kRequestStackKiB = 32;  // Actor::set_stacksize counts KiB
constexpr int kIoRequestsPerWorker = 32;

struct Server {
  sg4::Host* host = nullptr;
  sg4::Host* hba = nullptr;
  int cores = 1;
  int busy = 0;
  std::deque<sg4::SemaphorePtr> waiting;  // FIFO of requests waiting for a core
};

struct Tier {
  const vsf::RoleBlueprint* role = nullptr;
  int calls = 1;
  std::vector<Server> servers;
  size_t next = 0;  // round robin
};

struct Worker {
  sg4::SemaphorePtr wake;
  double t0 = 0;
  int io_requests = 0;
};

struct Model {
  sg4::Host* internet = nullptr;
  sg4::Host* lb = nullptr;
  const vsf::RoleBlueprint* lb_role = nullptr;
  sg4::Host* array = nullptr;
  sg4::Disk* disk = nullptr;
  std::deque<Tier> tiers;
  std::mt19937_64 work_rng;
  std::vector<sg4::SemaphorePtr> sem_pool;
  bool pool = false;
  bool san_io = false;
  std::vector<std::unique_ptr<Worker>> workers;
  std::vector<Worker*> idle, spare;
  double end_s = 0;
  unsigned long requests = 0, served = 0;
  double response_sum = 0;

  double uniform() { return static_cast<double>(work_rng() >> 11) * 0x1.0p-53; }
  double work(const vsf::RoleBlueprint& role) {
    if (role.work_flops <= 0) return 0;
    switch (role.work_distribution) {
      case vsf::WorkDistribution::Constant:
        return role.work_flops;
      case vsf::WorkDistribution::Exponential:
        return -std::log1p(-uniform()) * role.work_flops;
    }
    throw std::logic_error("work distribution of no known kind");
  }
};

void transfer(sg4::Host* from, sg4::Host* to, double bytes) {
  if (bytes > 0) sg4::Comm::sendto(from, to, static_cast<uint64_t>(bytes));
}

void execute(sg4::Host* host, double flops) {
  if (flops > 0) sg4::Exec::init()->set_flops_amount(flops)->set_host(host)->wait();
}

void visit(Model& m, size_t k, sg4::Host* caller) {
  Tier& t = m.tiers[k];
  Server& s = t.servers[t.next++ % t.servers.size()];
  if (s.busy < s.cores) {
    ++s.busy;
  } else {
    sg4::SemaphorePtr sem;
    if (m.sem_pool.empty()) {
      sem = sg4::Semaphore::create(0);
    } else {
      sem = std::move(m.sem_pool.back());
      m.sem_pool.pop_back();
    }
    s.waiting.push_back(sem);
    sem->acquire();  // the releasing request hands its core over: busy is unchanged
    m.sem_pool.push_back(std::move(sem));
  }
  transfer(caller, s.host, t.role->request_bytes);
  execute(s.host, m.work(*t.role));
  if (t.role->san_bytes > 0) {
    auto io = m.disk->read_async(static_cast<sg_size_t>(t.role->san_bytes));
    auto comm = sg4::Comm::sendto_async(m.array, s.hba, static_cast<uint64_t>(t.role->san_bytes));
    io->wait();
    comm->wait();
  }
  if (s.waiting.empty()) {
    --s.busy;
  } else {
    sg4::SemaphorePtr next = std::move(s.waiting.front());
    s.waiting.pop_front();
    next->release();
  }
  if (k + 1 < m.tiers.size())
    for (int i = 0; i < m.tiers[k + 1].calls; ++i) visit(m, k + 1, s.host);
  transfer(s.host, caller, t.role->response_bytes);
}

void request(Model* m, double t0) {
  const vsf::RoleBlueprint& first = *m->tiers[0].role;
  transfer(m->internet, m->lb, first.request_bytes);
  execute(m->lb, m->work(*m->lb_role));
  visit(*m, 0, m->lb);
  transfer(m->lb, m->internet, first.response_bytes);
  ++m->served;
  m->response_sum += sg4::Engine::get_clock() - t0;
}

void worker_loop(Model* m, Worker* self) {
  self->io_requests = 0;
  for (;;) {
    request(m, self->t0);
    if (m->san_io && ++self->io_requests >= kIoRequestsPerWorker) {
      m->spare.push_back(self);
      return;
    }
    m->idle.push_back(self);
    self->wake->acquire();
  }
}

void start_request(Model* m, double t) {
  if (!m->pool) {
    sg4::Actor::init("request", m->internet)->set_stacksize(kRequestStackKiB)->start([m, t] { request(m, t); });
    return;
  }
  Worker* k;
  if (!m->idle.empty()) {
    k = m->idle.back();
    m->idle.pop_back();
    k->t0 = t;
    k->wake->release();
    return;
  }
  if (!m->spare.empty()) {
    k = m->spare.back();
    m->spare.pop_back();
  } else {
    m->workers.push_back(std::make_unique<Worker>());
    k = m->workers.back().get();
    k->wake = sg4::Semaphore::create(0);
  }
  k->t0 = t;
  sg4::Actor::init("request", m->internet)->set_stacksize(kRequestStackKiB)->start([m, k] { worker_loop(m, k); });
}

void generator(Model* m, double rate, uint64_t seed) {
  std::mt19937_64 rng(seed);
  double t = 0;
  for (;;) {
    t += -std::log1p(-static_cast<double>(rng() >> 11) * 0x1.0p-53) / rate;
    if (t >= m->end_s) return;
    sg4::this_actor::sleep_until(t);
    ++m->requests;
    start_request(m, t);
  }
}

struct SwitchZone {
  sg4::NetZone* zone;
  sg4::Link* backplane;
};

SwitchZone make_switch(sg4::NetZone* root, const std::string& name, const vsf::SwitchProfile& spec) {
  auto* zone = sg4::create_star_zone(name);
  zone->set_parent(root);
  auto* bp = zone->create_link(name + ":backplane", spec.port_bandwidth_Bps)
                 ->set_sharing_policy(sg4::Link::SharingPolicy::FATPIPE)
                 ->set_latency(0)
                 ->seal();
  zone->create_router(name + ":core");
  return {zone, bp};
}

sg4::Host* attach_host(const SwitchZone& sw, const std::string& name, double speed, int cores, double idle_w,
                       double peak_w, double off_w, const std::string& link_name, double bw, double latency) {
  auto* host = sw.zone->create_host(name, speed)
                   ->set_core_count(cores)
                   ->set_property("wattage_per_state",
                                  std::to_string(idle_w) + ":" + std::to_string(idle_w) + ":" + std::to_string(peak_w))
                   ->set_property("wattage_off", std::to_string(off_w))
                   ->seal();
  auto* link = sw.zone->create_split_duplex_link(link_name, bw)->set_latency(latency)->seal();
  sw.zone->add_route(host->get_netpoint(), nullptr, nullptr, nullptr, {{link, Dir::UP}, {sw.backplane, Dir::NONE}},
                     true);
  return host;
}

// The platform of a one-switch grid, with exactly the CPUs the VSF uses (bench-3tier.json has no idle
// CPUs), and the model's tiers bound to their hosts: LB on the first CPU, then each tier's in order.
void build(const vsf::Scenario& sc, Model& m) {
  sg_host_energy_plugin_init();
  const vsf::VsfSpec& vsf = sc.vsfs.at(0);
  const auto& vlan = sc.grid.vlan_switches.spec;
  const auto& san = sc.grid.san_switches.spec;
  auto* root = sg4::create_full_zone("grid");
  SwitchZone lan = make_switch(root, "vlan0", vlan);
  SwitchZone sanz = make_switch(root, "san0", san);
  const vsf::HardwareProfile& hw = sc.models.hardware.at(sc.grid.cpus.at(0).profile);

  int cpu = 0;
  auto next_cpu = [&](Server& s) {
    std::string name = "cpu-" + std::to_string(cpu++);
    s.host = attach_host(lan, name, hw.speed_flops, hw.cores, hw.idle_w, hw.peak_w, hw.off_w, "nic:" + name,
                         vlan.port_bandwidth_Bps, vlan.port_latency_s);
    s.hba =
        attach_host(sanz, "hba:" + name, 1e9, 1, 0, 0, 0, "san:" + name, san.port_bandwidth_Bps, san.port_latency_s);
    s.cores = hw.cores;
  };
  Server lb;
  next_cpu(lb);
  m.lb = lb.host;
  m.lb_role = &sc.models.roles.at(vsf.lb.role);
  for (const vsf::Tier& spec : vsf.tiers) {
    Tier& t = m.tiers.emplace_back();
    t.role = &sc.models.roles.at(spec.role);
    if (t.role->san_bytes > 0) m.san_io = true;
    t.calls = spec.calls;
    t.servers.resize(static_cast<size_t>(spec.initial));
    for (Server& s : t.servers) next_cpu(s);
  }
  const vsf::StorageArray& array = sc.grid.storage.at(0);
  m.array = attach_host(sanz, "array:" + array.name, 1e9, 1, 0, 0, 0, "ports:" + array.name,
                        san.port_bandwidth_Bps * array.ports, san.port_latency_s);
  m.disk = m.array->create_disk("disk:" + array.name, array.read_Bps, array.write_Bps)->seal();
  auto* uplink_host = attach_host(lan, "net:internet", 1e9, 1, 0, 0, 0, "uplink", sc.grid.uplink.bandwidth_Bps,
                                  sc.grid.uplink.latency_s);
  m.internet = uplink_host;
  for (int i = 0; i < std::max(1, sc.grid.control_plane.hosts); ++i)
    attach_host(lan, "control:cp" + std::to_string(i), 1e9, 1, 0, 0, 0, "nic:control:cp" + std::to_string(i),
                vlan.port_bandwidth_Bps, vlan.port_latency_s);
  lan.zone->seal();
  sanz.zone->seal();
  root->seal();
}

// The traffic must be one constant component: the baseline draws plain exponential inter-arrivals.
double constant_rate(const vsf::Scenario& sc) {
  const auto& traffic = sc.vsfs.at(0).traffic;
  if (traffic.size() != 1 || traffic[0].kind != vsf::TrafficKind::Constant)
    throw std::runtime_error("the baseline needs one VSF with one constant traffic component");
  return traffic[0].rate;
}

}  // namespace

int main(int argc, char** argv) {
  vsf::LoadOptions options;
  std::string file;
  bool pool = false;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if (a == "--pool") {
      pool = true;
    } else if (a == "--set" && i + 1 < argc) {
      options.sets.push_back(argv[++i]);
    } else if (a == "--seed" && i + 1 < argc) {
      options.seed = std::stoull(argv[++i]);
    } else if (file.empty() && a.rfind("--", 0) != 0) {
      file = a;
    } else {
      std::fprintf(stderr, "usage: %s SCENARIO [--pool] [--seed N] [--set POINTER=VALUE]...\n", argv[0]);
      return 2;
    }
  }
  if (file.empty()) {
    std::fprintf(stderr, "usage: %s SCENARIO [--pool] [--seed N] [--set POINTER=VALUE]...\n", argv[0]);
    return 2;
  }
  try {
    const vsf::Scenario sc = vsf::load_scenario(file, options).scenario;
    for (const auto& t : sc.vsfs.at(0).tiers)
      if (t.dispatch != vsf::Dispatch::RoundRobin)
        throw std::runtime_error("the baseline implements round_robin dispatch only");
    const double rate = constant_rate(sc);

    std::vector<std::string> args = {"vsfsim_baseline", "--cfg=network/model:CM02", "--cfg=network/crosstraffic:0",
                                     "--log=xbt_cfg.thresh:warning", "--log=host_energy.thresh:warning"};
    std::vector<char*> cargs;
    for (auto& s : args) cargs.push_back(s.data());
    int cargc = static_cast<int>(cargs.size());
    sg4::Engine engine(&cargc, cargs.data());

    Model m;
    m.pool = pool;
    m.end_s = sc.duration_s;
    m.work_rng.seed(sc.seed * 2 + 1);
    build(sc, m);
    sg4::Actor::create("traffic", m.internet, [&m, rate, &sc] { generator(&m, rate, sc.seed); });
    sg4::Actor::create("clock", m.internet, [&m] {
      sg4::this_actor::sleep_until(m.end_s);
      sg4::Actor::kill_all();
    });
    engine.run();
    std::printf("requests=%lu served=%lu mean_response_ms=%.3f\n", m.requests, m.served,
                m.served > 0 ? 1e3 * m.response_sum / static_cast<double>(m.served) : 0.0);
  } catch (const vsf::InputError& e) {
    std::fprintf(stderr, "%s", e.diagnostics().format().c_str());
    return 2;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "error: %s\n", e.what());
    return 1;
  }
  return 0;
}
