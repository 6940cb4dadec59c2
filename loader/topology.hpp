// The scenario as a graph (Boost Graph): producers, invokers, queues, event source mappings, functions, and the edges
// messages travel (send, poll, redrive to a DLQ, DLQ redrive back, on-failure destination). It finds what AWS would
// let you deploy but that loses or strands messages — a queue nobody consumes, a redrive loop with no way out, parts
// nothing reaches — and writes the graph as Graphviz DOT.
#pragma once

#include <ostream>
#include <string>
#include <vector>

#include "model/spec.hpp"

namespace scenarios {

struct TopologyFinding {
  bool error = false;  // false: a warning
  std::string path;    // JSON path of the element concerned
  std::string message;
};

// Findings in a stable order (spec order). Run on a spec whose names all resolve (the loader checks that first).
std::vector<TopologyFinding> check_topology(const model::ScenarioSpec& spec);

// Graphviz DOT: one node per component, labelled in AWS's words, edges labelled with what moves along them.
void write_topology_dot(const model::ScenarioSpec& spec, std::ostream& out);

}  // namespace scenarios
