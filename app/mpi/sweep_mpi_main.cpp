// sqsim-sweep-mpi: `sqsim sweep` across machines. Every rank parses the same arguments and validates the same grid;
// rank r runs the tasks t with t % size == r on its own thread pool; rank 0 gathers the RunRecords (plain doubles)
// with MPI_Gatherv, puts them back in task order and writes the very same outputs as the threaded sweep.
// Built only when CMake finds MPI (Debian: libopenmpi-dev); the sqsim tool never needs it.
#include <mpi.h>

#include <CLI/CLI.hpp>
#include <chrono>
#include <iostream>
#include <thread>
#include <vector>

#include "app/sweep_command.hpp"

namespace {

int run(int argc, char** argv, int rank, int size) {
  CLI::App cli{
      "sqsim-sweep-mpi: sqsim sweep split over MPI ranks (mpirun -np N sqsim-sweep-mpi SCENARIO --vary ...). "
      "Outputs are byte-identical to `sqsim sweep` with the same arguments, whatever N and --threads are. "
      "Exit codes as sqsim sweep."};
  app::SweepOptions o;
  app::add_sweep_options(cli, o);
  try {
    cli.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    if (rank != 0) return e.get_exit_code() == 0 ? 0 : 2;
    const int code = cli.exit(e);
    return code == 0 ? 0 : 2;
  }
  if (rank != 0) o.no_progress = true;
  // Every rank validates the same grid the same way, so bad input fails everywhere at once, without messages.
  const auto p = app::prepare_sweep(o);
  if (!p) return 2;
  const unsigned workers = o.threads == 0 ? std::max(1U, std::thread::hardware_concurrency()) : o.threads;
  std::vector<std::size_t> mine;
  for (std::size_t t = static_cast<std::size_t>(rank); t < p->task_count(); t += static_cast<std::size_t>(size))
    mine.push_back(t);
  const auto t0 = std::chrono::steady_clock::now();
  app::ProgressPrinter progress(o, mine.size(), "sweep (rank 0's share)");
  std::vector<sweep::RunRecord> records;
  try {
    records = sweep::run_tasks(p->spec, p->points, mine, workers,
                               [&](std::size_t done, std::size_t total) { progress(done, total); });
  } catch (const sweep::SweepError& e) {
    std::cerr << "sqsim-sweep-mpi: rank " << rank << ": error: " << e.what() << "\n";
    MPI_Abort(MPI_COMM_WORLD, 1);
  }
  const std::size_t slos = sweep::verdict_count(p->points);
  const std::size_t width = sweep::RunRecord::width(slos);
  std::vector<double> flat;
  flat.reserve(records.size() * width);
  for (const auto& r : records) {
    const auto x = r.to_doubles();
    flat.insert(flat.end(), x.begin(), x.end());
  }
  // Rank r's share is every size-th task from r, so its count is known to all: no size exchange needed.
  std::vector<int> counts(static_cast<std::size_t>(size)), displs(static_cast<std::size_t>(size));
  int offset = 0;
  for (int r = 0; r < size; ++r) {
    const std::size_t n = p->task_count() > static_cast<std::size_t>(r)
                              ? (p->task_count() - static_cast<std::size_t>(r) + static_cast<std::size_t>(size) - 1) /
                                    static_cast<std::size_t>(size)
                              : 0;
    counts[static_cast<std::size_t>(r)] = static_cast<int>(n * width);
    displs[static_cast<std::size_t>(r)] = offset;
    offset += counts[static_cast<std::size_t>(r)];
  }
  std::vector<double> all(rank == 0 ? static_cast<std::size_t>(offset) : 0);
  MPI_Gatherv(flat.data(), static_cast<int>(flat.size()), MPI_DOUBLE, all.data(), counts.data(), displs.data(),
              MPI_DOUBLE, 0, MPI_COMM_WORLD);
  if (rank != 0) return 0;
  std::vector<sweep::RunRecord> ordered(p->task_count());
  for (std::size_t t = 0; t < p->task_count(); ++t) {
    const std::size_t r = t % static_cast<std::size_t>(size), k = t / static_cast<std::size_t>(size);
    ordered[t] = sweep::RunRecord::from_doubles(all.data() + displs[r] + k * width, slos);
  }
  const double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  return app::finish_sweep(o, *p, ordered, wall, workers * static_cast<unsigned>(size));
}

}  // namespace

int main(int argc, char** argv) {
  MPI_Init(&argc, &argv);
  int rank = 0, size = 1;
  MPI_Comm_rank(MPI_COMM_WORLD, &rank);
  MPI_Comm_size(MPI_COMM_WORLD, &size);
  int code = run(argc, argv, rank, size);
  // Rank 0 decides the exit code (the others did not aggregate); all ranks return it.
  MPI_Bcast(&code, 1, MPI_INT, 0, MPI_COMM_WORLD);
  MPI_Finalize();
  return code;
}
