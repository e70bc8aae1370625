// Graphviz DOT of the fabric: one node per vertex (in vertex order, so the output is deterministic),
// coloured by the VSF it belongs to now — CPUs by owner, ports and interfaces by their VLAN/zone,
// volumes by zone — with a legend. Trunks are bold, control paths dashed.
#include <sstream>

#include "grid/grid_impl.hpp"

namespace vsf::grid {

using detail::Cable;
using detail::Kind;
using detail::Vertex;

namespace {

// Tableau-like palette without grey and black, which mean idle and control plane.
constexpr const char* kPalette[] = {"#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd",
                                    "#8c564b", "#e377c2", "#bcbd22", "#17becf", "#aec7e8"};
constexpr int kPaletteSize = sizeof(kPalette) / sizeof(kPalette[0]);
constexpr const char* kIdleColour = "grey";
constexpr const char* kControlColour = "black";
constexpr const char* kPublicColour = "gold";
constexpr const char* kNeutralColour = "white";

std::string quote(const std::string& s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') out += '\\';
    if (c == '\n') {
      out += "\\n";
      continue;
    }
    out += c;
  }
  return out + "\"";
}

const char* colour_of(int id) {
  if (id == kIdle) return kIdleColour;
  if (id == kControlPlane) return kControlColour;
  if (id == kPublic) return kPublicColour;
  if (id >= 0) return kPalette[id % kPaletteSize];
  return kNeutralColour;  // a storage-facing port carrying every zone
}

const char* shape_of(Kind k) {
  switch (k) {
    case Kind::Cpu:
    case Kind::ControlHost:
      return "box";
    case Kind::VlanSwitch:
    case Kind::SanSwitch:
      return "box3d";
    case Kind::Array:
    case Kind::Volume:
      return "cylinder";
    case Kind::Uplink:
      return "doubleoctagon";
    case Kind::VlanPort:
    case Kind::SanPort:
    case Kind::ControlPort:
      return "circle";
    default:
      return "ellipse";
  }
}

std::string vsf_label(const std::vector<std::string>& vsf_names, int vsf) {
  if (vsf >= 0 && vsf < static_cast<int>(vsf_names.size())) return vsf_names[vsf];
  return "vsf" + std::to_string(vsf);
}

}  // namespace

int GridModel::Impl::dot_colour_id(Vertex v) const {
  const detail::Node& n = g[v];
  switch (n.kind) {
    case Kind::Cpu:
      return owner[n.index];
    case Kind::Nic:
    case Kind::Hba: {  // the VLAN/zone of the port it is cabled to
      for (auto [e, end] = boost::out_edges(v, g); e != end; ++e) {
        if (g[*e].kind == Cable::Data) return g[boost::target(*e, g)].label;
      }
      return kIdle;
    }
    case Kind::VlanPort:
    case Kind::SanPort:
    case Kind::Volume:
    case Kind::ControlHost:
    case Kind::Array:
    case Kind::Uplink:
      return n.label;
    case Kind::ControlPort:
      return kControlPlane;
    default:
      return detail::kAnyZone;
  }
}

void GridModel::Impl::write_dot_nodes(std::ostream& os, const std::vector<std::string>& vsf_names) const {
  const size_t n = boost::num_vertices(g);
  for (Vertex v = 0; v < n; ++v) {
    const detail::Node& node = g[v];
    const int id = dot_colour_id(v);
    std::string label = name_of(v);
    if ((node.kind == Kind::Cpu || node.kind == Kind::Volume) && id >= 0) label += "\n" + vsf_label(vsf_names, id);
    os << "  n" << v << " [label=" << quote(label) << ", shape=" << shape_of(node.kind) << ", fillcolor=\""
       << colour_of(id) << "\"";
    if (id == kControlPlane) os << ", fontcolor=\"white\"";
    if (node.kind == Kind::VlanPort || node.kind == Kind::SanPort || node.kind == Kind::ControlPort) {
      os << ", width=0.2, fixedsize=true, fontsize=6";
    }
    os << "];\n";
  }
}

void GridModel::Impl::write_dot_edges(std::ostream& os) const {
  for (auto [e, end] = boost::edges(g); e != end; ++e) {
    os << "  n" << boost::source(*e, g) << " -- n" << boost::target(*e, g);
    switch (g[*e].kind) {
      case Cable::Trunk:
        if (g[*e].wan >= 0) {  // a WAN link between two sites
          os << " [penwidth=3, style=bold, color=\"blue\", label=" << quote("wan:" + wan[g[*e].wan].name) << "]";
        } else {
          os << " [penwidth=3]";
        }
        break;
      case Cable::Control:
        os << " [style=dashed, color=\"" << kControlColour << "\"]";
        break;
      default:
        break;
    }
    os << ";\n";
  }
}

void GridModel::Impl::write_dot_legend(std::ostream& os, const std::vector<std::string>& vsf_names) const {
  os << "  subgraph cluster_legend {\n    label=\"legend\";\n";
  int k = 0;
  for (const auto& entry : volumes) {
    os << "    legend" << k++ << " [shape=box, label=" << quote(vsf_label(vsf_names, entry.first)) << ", fillcolor=\""
       << colour_of(entry.first) << "\"];\n";
  }
  os << "    legend_idle [shape=box, label=\"idle pool\", fillcolor=\"" << kIdleColour << "\"];\n"
     << "    legend_public [shape=box, label=\"public VLAN\", fillcolor=\"" << kPublicColour << "\"];\n"
     << "    legend_control [shape=box, label=\"control plane\", fillcolor=\"" << kControlColour
     << "\", fontcolor=\"white\"];\n"
     << "  }\n}\n";
}

std::string GridModel::to_dot(const std::vector<std::string>& vsf_names) const {
  std::ostringstream os;
  os << "graph fabric {\n"
     << "  graph [rankdir=LR, fontname=\"Helvetica\"];\n"
     << "  node [style=filled, fontname=\"Helvetica\", fontsize=10];\n";
  impl_->write_dot_nodes(os, vsf_names);
  impl_->write_dot_edges(os);
  impl_->write_dot_legend(os, vsf_names);
  return os.str();
}

}  // namespace vsf::grid
