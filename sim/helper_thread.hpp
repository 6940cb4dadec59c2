// One worker thread that runs jobs in the order they were handed to it, for work that can go on beside a simulation.
// A Simulation has one for sim::DrawAhead's blocks of draws, however many streams draw ahead; a streamed metrics.csv
// (reports::MetricsCsvStream) has its own for formatting, so formatting never delays a draw the run waits for. Each is
// started with its first job. When no thread can be had, a job runs at once on the caller's thread, with the same
// result.
#pragma once

#include <condition_variable>
#include <deque>
#include <functional>
#include <future>
#include <mutex>
#include <thread>

namespace sim {

class HelperThread {
 public:
  HelperThread() = default;
  HelperThread(const HelperThread&) = delete;
  HelperThread& operator=(const HelperThread&) = delete;
  // Runs the jobs already handed over, then stops.
  ~HelperThread();

  // Hands `job` over; the future is ready once it has run. The job must not throw.
  std::future<void> run(std::function<void()> job);

 private:
  void work();

  std::mutex mutex_;
  std::condition_variable wake_;
  std::deque<std::packaged_task<void()>> jobs_;
  bool stopping_ = false;
  bool failed_ = false;  // no thread could be started: jobs run on the caller's thread
  std::thread thread_;
};

}  // namespace sim
