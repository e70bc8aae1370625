// The trunks between the switches of a kind: how a site's switches are cabled (a chain of VLAN switches,
// a full mesh of SAN switches) and the switch paths over them (GridModel::switch_path). The platform routes
// over the same trunks (src/sim/engine/platform.cpp), taking the same BFS.
#include <deque>
#include <utility>
#include <vector>

#include "grid/grid_impl.hpp"

namespace vsf::grid {

using detail::Cable;

void GridModel::Impl::add_trunk(bool san, int a, int b, int wan_index) {
  auto& sw = san ? san_switches : vlan_switches;
  auto& idx = san ? san_index : vlan_index;
  boost::add_edge(sw[a], sw[b], detail::Link{Cable::Trunk, wan_index}, g);
  idx[a].trunks.push_back(sw[b]);
  idx[b].trunks.push_back(sw[a]);
  (san ? san_trunk_list : vlan_trunk_list).emplace_back(a, b);
  (san ? san_trunk_wan : vlan_trunk_wan).push_back(wan_index);
}

// VLAN switches as a chain: it connects every port of every VLAN, and in flow fidelity nothing contends on
// the LAN. SAN switches as a full mesh (patent: "multiple SAN switches are interconnected to form a mesh"):
// a boot image crosses at most one trunk, the one between its array's switch and its CPU's, so a boot
// storm is spread over k(k-1)/2 trunks rather than funnelled through the middle of a chain (at 100,000 CPUs
// and 20 SAN switches the chain's middle trunks held boots for 20 minutes), and SimGrid's max-min system
// splits into one part per array switch instead of one that every transfer's end solves again.
void GridModel::Impl::cable_switches(bool san, int first, int end) {
  if (!san) {
    for (int k = first; k + 1 < end; ++k) add_trunk(false, k, k + 1, -1);
    return;
  }
  for (int a = first; a < end; ++a)
    for (int b = a + 1; b < end; ++b) add_trunk(true, a, b, -1);
}

// Per kind and per switch a: the parent of every switch on a BFS from a over the trunks in list order, so
// switch_path (the platform's routes, the fault code's cut paths) is a walk, not a search per call.
void GridModel::Impl::find_paths() {
  auto bfs_all = [](int n, const std::vector<std::pair<int, int>>& trunks) {
    std::vector<std::vector<int>> adj(static_cast<size_t>(n));
    for (const auto& [x, y] : trunks) {
      adj[x].push_back(y);
      adj[y].push_back(x);
    }
    std::vector<std::vector<int>> parent(static_cast<size_t>(n), std::vector<int>(static_cast<size_t>(n), -1));
    for (int a = 0; a < n; ++a) {
      std::vector<int>& p = parent[a];
      std::deque<int> queue{a};
      p[a] = a;
      while (!queue.empty()) {
        const int u = queue.front();
        queue.pop_front();
        for (int v : adj[u])
          if (p[v] < 0) {
            p[v] = u;
            queue.push_back(v);
          }
      }
    }
    return parent;
  };
  vlan_parent = bfs_all(static_cast<int>(vlan_switches.size()), vlan_trunk_list);
  san_parent = bfs_all(static_cast<int>(san_switches.size()), san_trunk_list);
}

std::vector<int> GridModel::switch_path(bool san, int a, int b) const {
  const auto& parent = (san ? impl_->san_parent : impl_->vlan_parent).at(static_cast<size_t>(a));
  if (parent.at(static_cast<size_t>(b)) < 0) return {a};  // not connected (the grid model never does this)
  std::vector<int> path;
  for (int v = b; v != a; v = parent[v]) path.push_back(v);
  path.push_back(a);
  return path;
}

}  // namespace vsf::grid
