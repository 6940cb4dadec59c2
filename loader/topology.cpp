#include "loader/topology.hpp"

#include <algorithm>
#include <boost/graph/adjacency_list.hpp>
#include <boost/graph/breadth_first_search.hpp>
#include <boost/graph/graphviz.hpp>
#include <boost/graph/strong_components.hpp>
#include <map>
#include <set>

namespace scenarios {

namespace {

enum class NodeKind { Producer, Invoker, Queue, Mapping, Function, Topic };

struct Node {
  NodeKind kind;
  std::string name;
  std::string path;  // JSON path in the scenario
  bool dlq = false;  // a queue some redrive policy targets
};

enum class EdgeKind { Send, Poll, Invoke, DeadLetter, Redrive, OnFailure, Publish, Fanout };

struct Edge {
  EdgeKind kind;
};

using Graph = boost::adjacency_list<boost::vecS, boost::vecS, boost::bidirectionalS, Node, Edge>;
using Vertex = Graph::vertex_descriptor;

std::string index(const char* array, std::size_t i) {
  return std::string("$.") + array + "[" + std::to_string(i) + "]";
}

struct Built {
  Graph g;
  std::map<std::string, Vertex> queues, functions, topics;
};

Built build(const model::ScenarioSpec& s) {
  Built b;
  Graph& g = b.g;
  // Vertices in spec order, so findings and DOT output are stable.
  for (std::size_t i = 0; i < s.queues.size(); ++i)
    b.queues[s.queues[i].name] = boost::add_vertex(Node{NodeKind::Queue, s.queues[i].name, index("queues", i)}, g);
  for (std::size_t i = 0; i < s.functions.size(); ++i)
    b.functions[s.functions[i].name] =
        boost::add_vertex(Node{NodeKind::Function, s.functions[i].name, index("functions", i)}, g);
  for (std::size_t i = 0; i < s.topics.size(); ++i)
    b.topics[s.topics[i].name] = boost::add_vertex(Node{NodeKind::Topic, s.topics[i].name, index("topics", i)}, g);
  const auto q = [&](const std::string& n) { return b.queues.at(n); };
  const auto f = [&](const std::string& n) { return b.functions.at(n); };
  for (const auto& qs : s.queues) {
    if (!qs.redrive_policy) continue;
    g[q(qs.redrive_policy->dead_letter_target)].dlq = true;
    // SQS: after maxReceiveCount receives a message moves to the dead-letter queue.
    boost::add_edge(q(qs.name), q(qs.redrive_policy->dead_letter_target), Edge{EdgeKind::DeadLetter}, g);
  }
  for (std::size_t i = 0; i < s.event_source_mappings.size(); ++i) {
    const auto& m = s.event_source_mappings[i];
    const Vertex v =
        boost::add_vertex(Node{NodeKind::Mapping, m.queue + " -> " + m.function, index("event_source_mappings", i)}, g);
    if (m.enabled) {
      boost::add_edge(q(m.queue), v, Edge{EdgeKind::Poll}, g);
      boost::add_edge(v, f(m.function), Edge{EdgeKind::Invoke}, g);
    }
  }
  for (std::size_t i = 0; i < s.producers.size(); ++i) {
    const Vertex v = boost::add_vertex(Node{NodeKind::Producer, s.producers[i].name, index("producers", i)}, g);
    boost::add_edge(v, q(s.producers[i].queue), Edge{EdgeKind::Send}, g);
  }
  for (std::size_t i = 0; i < s.invokers.size(); ++i) {
    const auto& inv = s.invokers[i];
    const Vertex v = boost::add_vertex(Node{NodeKind::Invoker, inv.name, index("invokers", i)}, g);
    boost::add_edge(v, f(inv.function), Edge{EdgeKind::Invoke}, g);
    // Lambda: an asynchronous invocation that fails all its attempts goes to the on-failure destination.
    if (!inv.on_failure_destination.empty())
      boost::add_edge(f(inv.function), q(inv.on_failure_destination), Edge{EdgeKind::OnFailure}, g);
  }
  // Downstream stages: a function publishes to queues, or to SNS topics that fan out to their subscribed queues.
  for (const auto& t : s.topics)
    for (const auto& sub : t.subscriptions) boost::add_edge(b.topics.at(t.name), q(sub), Edge{EdgeKind::Fanout}, g);
  for (const auto& fs : s.functions)
    for (const auto& target : fs.publishes_to)
      boost::add_edge(f(fs.name), b.topics.contains(target) ? b.topics.at(target) : q(target), Edge{EdgeKind::Publish},
                      g);
  for (const auto& r : s.redrives) {
    // A DLQ redrive sends messages back to a destination, or to each message's own source queue.
    if (!r.destination.empty()) {
      boost::add_edge(q(r.source), q(r.destination), Edge{EdgeKind::Redrive}, g);
    } else {
      for (const auto& qs : s.queues)
        if (qs.redrive_policy && qs.redrive_policy->dead_letter_target == r.source)
          boost::add_edge(q(r.source), q(qs.name), Edge{EdgeKind::Redrive}, g);
    }
  }
  return b;
}

bool has_out(const Graph& g, Vertex v, EdgeKind kind) {
  for (auto [e, end] = boost::out_edges(v, g); e != end; ++e)
    if (g[*e].kind == kind) return true;
  return false;
}
bool has_in(const Graph& g, Vertex v, EdgeKind kind) {
  for (auto [e, end] = boost::in_edges(v, g); e != end; ++e)
    if (g[*e].kind == kind) return true;
  return false;
}

}  // namespace

std::vector<TopologyFinding> check_topology(const model::ScenarioSpec& spec) {
  std::vector<TopologyFinding> out;
  Built b = build(spec);
  Graph& g = b.g;

  // A redrive-policy chain that comes back to itself: every queue in it hands failed messages on to the next, and
  // none is a final dead-letter queue (SQS accepts this configuration; messages then circulate until they expire).
  {
    using DlqGraph = boost::adjacency_list<boost::vecS, boost::vecS, boost::directedS>;
    DlqGraph d(spec.queues.size());
    std::map<std::string, std::size_t> qi;
    for (std::size_t i = 0; i < spec.queues.size(); ++i) qi[spec.queues[i].name] = i;
    for (std::size_t i = 0; i < spec.queues.size(); ++i)
      if (spec.queues[i].redrive_policy)
        boost::add_edge(i, qi.at(spec.queues[i].redrive_policy->dead_letter_target), d);
    std::vector<std::size_t> comp(spec.queues.size());
    boost::strong_components(d, boost::make_iterator_property_map(comp.begin(), boost::get(boost::vertex_index, d)));
    std::map<std::size_t, std::vector<std::size_t>> members;
    for (std::size_t i = 0; i < comp.size(); ++i) members[comp[i]].push_back(i);
    std::set<std::size_t> reported;
    for (std::size_t i = 0; i < spec.queues.size(); ++i) {
      const auto& m = members[comp[i]];
      const bool self_loop =
          spec.queues[i].redrive_policy && spec.queues[i].redrive_policy->dead_letter_target == spec.queues[i].name;
      if ((m.size() < 2 && !self_loop) || !reported.insert(comp[i]).second) continue;
      std::string names;
      for (const std::size_t k : m) names += (names.empty() ? "" : " -> ") + spec.queues[k].name;
      out.push_back({true, index("queues", i) + ".redrive_policy",
                     "redrive policies form a loop with no way out (" + names +
                         "): failed messages never reach a final dead-letter queue; point the last one at a queue "
                         "with no redrive policy"});
    }
  }

  for (std::size_t i = 0; i < spec.queues.size(); ++i) {
    const Vertex v = b.queues.at(spec.queues[i].name);
    const bool fed = has_in(g, v, EdgeKind::Send) || has_in(g, v, EdgeKind::DeadLetter) ||
                     has_in(g, v, EdgeKind::Redrive) || has_in(g, v, EdgeKind::OnFailure) ||
                     has_in(g, v, EdgeKind::Publish) || has_in(g, v, EdgeKind::Fanout);
    const bool consumed = has_out(g, v, EdgeKind::Poll) || has_out(g, v, EdgeKind::Redrive);
    if (!fed)
      out.push_back({false, index("queues", i),
                     "nothing sends to queue \"" + spec.queues[i].name +
                         "\" (no producer, redrive policy, redrive or destination)"});
    if (fed && !consumed && !g[v].dlq &&
        (has_in(g, v, EdgeKind::Send) || has_in(g, v, EdgeKind::Publish) || has_in(g, v, EdgeKind::Fanout)))
      out.push_back({false, index("queues", i),
                     "queue \"" + spec.queues[i].name +
                         "\" has producers but no event source mapping or redrive consumes it: its messages wait "
                         "until the retention period deletes them"});
  }
  for (std::size_t i = 0; i < spec.functions.size(); ++i) {
    const Vertex v = b.functions.at(spec.functions[i].name);
    if (!has_in(g, v, EdgeKind::Invoke))
      out.push_back({false, index("functions", i),
                     "function \"" + spec.functions[i].name +
                         "\" has no trigger (no enabled event source mapping or "
                         "invoker): it never runs"});
  }
  // Parts no workload reaches: breadth-first from every producer and invoker.
  std::vector<boost::default_color_type> colour(boost::num_vertices(g), boost::white_color);
  auto colours = boost::make_iterator_property_map(colour.begin(), boost::get(boost::vertex_index, g));
  bool any_source = false;
  for (auto [v, end] = boost::vertices(g); v != end; ++v) {
    const NodeKind k = g[*v].kind;
    if ((k == NodeKind::Producer || k == NodeKind::Invoker) && colour[*v] == boost::white_color) {
      any_source = true;
      boost::breadth_first_visit(g, *v, boost::visitor(boost::default_bfs_visitor()).color_map(colours));
    }
  }
  if (!any_source && boost::num_vertices(g) > 0)
    out.push_back({false, "$", "no producer or invoker: nothing happens in this scenario"});
  for (std::size_t i = 0; i < spec.event_source_mappings.size(); ++i) {
    const auto& m = spec.event_source_mappings[i];
    if (any_source && colour[b.queues.at(m.queue)] == boost::white_color)
      out.push_back({false, index("event_source_mappings", i),
                     "no workload reaches queue \"" + m.queue + "\": this event source mapping never invokes \"" +
                         m.function + "\""});
  }
  return out;
}

void write_topology_dot(const model::ScenarioSpec& spec, std::ostream& out) {
  const Built b = build(spec);
  const Graph& g = b.g;
  const auto vertex_writer = [&](std::ostream& o, Vertex v) {
    const Node& n = g[v];
    std::string label, shape;
    switch (n.kind) {
      case NodeKind::Producer:
        label = "producer\\n" + n.name;
        shape = "parallelogram";
        break;
      case NodeKind::Invoker:
        label = "invoker\\n" + n.name;
        shape = "parallelogram";
        break;
      case NodeKind::Queue:
        label = (n.dlq ? "SQS DLQ\\n" : "SQS queue\\n") + n.name;
        shape = "cylinder";
        break;
      case NodeKind::Mapping:
        label = "event source mapping";
        shape = "ellipse";
        break;
      case NodeKind::Function:
        label = "Lambda\\n" + n.name;
        shape = "box";
        break;
      case NodeKind::Topic:
        label = "SNS topic\\n" + n.name;
        shape = "hexagon";
        break;
    }
    o << "[label=" << boost::escape_dot_string(label) << ", shape=" << shape << "]";
  };
  const auto edge_writer = [&](std::ostream& o, Graph::edge_descriptor e) {
    static constexpr const char* kLabels[] = {"SendMessage", "ReceiveMessage", "Invoke",  "maxReceiveCount",
                                              "redrive",     "on failure",     "publish", "SNS fan-out"};
    o << "[label=" << boost::escape_dot_string(std::string(kLabels[static_cast<int>(g[e].kind)]));
    if (g[e].kind == EdgeKind::DeadLetter || g[e].kind == EdgeKind::OnFailure) o << ", style=dashed";
    o << "]";
  };
  const auto graph_writer = [&](std::ostream& o) {
    o << "label=" << boost::escape_dot_string(spec.name) << ";\nrankdir=LR;\n";
  };
  boost::write_graphviz(out, g, vertex_writer, edge_writer, graph_writer);
}

}  // namespace scenarios
