#include "sim/helper_thread.hpp"

#include <system_error>
#include <utility>

namespace sim {

HelperThread::~HelperThread() {
  {
    const std::lock_guard<std::mutex> lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_one();
  if (thread_.joinable()) thread_.join();
}

std::future<void> HelperThread::run(std::function<void()> job) {
  std::packaged_task<void()> task(std::move(job));
  std::future<void> done = task.get_future();
  {
    std::unique_lock<std::mutex> lock(mutex_);
    if (!thread_.joinable() && !failed_) {
      try {
        thread_ = std::thread([this] { work(); });
      } catch (const std::system_error&) {
        failed_ = true;  // the machine has no thread to give (ulimit -u, memory): run here instead
      }
    }
    if (failed_) {
      lock.unlock();
      task();
      return done;
    }
    jobs_.push_back(std::move(task));
  }
  wake_.notify_one();
  return done;
}

void HelperThread::work() {
  for (;;) {
    std::packaged_task<void()> task;
    {
      std::unique_lock<std::mutex> lock(mutex_);
      wake_.wait(lock, [this] { return stopping_ || !jobs_.empty(); });
      if (jobs_.empty()) return;  // stopping, and every job handed over has run
      task = std::move(jobs_.front());
      jobs_.pop_front();
    }
    task();
  }
}

}  // namespace sim
