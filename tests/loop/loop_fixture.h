// A private libuv loop per test with a watchdog: a test that would hang
// fails instead, and the loop must close cleanly (no handle leaked).
#pragma once

#include <doctest/doctest.h>
#include <uv.h>

#include "agent/io/timer.h"

namespace lw::test {

class LoopFixture {
  public:
    explicit LoopFixture(std::uint64_t watchdog_ms = 5000) {
        uv_loop_init(&loop_);
        watchdog_ = std::make_unique<io::Timer>(&loop_);
        watchdog_->start(watchdog_ms, 0, [this] {
            timed_out_ = true;
            uv_stop(&loop_);
        });
    }
    ~LoopFixture() {
        watchdog_.reset();
        uv_run(&loop_, UV_RUN_DEFAULT); // let closed handles go
        CHECK_MESSAGE(uv_loop_close(&loop_) == 0, "a libuv handle was leaked");
    }

    uv_loop_t* loop() noexcept { return &loop_; }
    /// Runs until stop() or the watchdog; fails the test on the watchdog.
    void run() {
        uv_run(&loop_, UV_RUN_DEFAULT);
        CHECK_MESSAGE(!timed_out_, "the watchdog fired: the test did not finish");
    }
    void stop() noexcept { uv_stop(&loop_); }

  private:
    uv_loop_t loop_{};
    std::unique_ptr<io::Timer> watchdog_;
    bool timed_out_ = false;
};

} // namespace lw::test
