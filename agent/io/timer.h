// A libuv timer that calls a std::function.  Destroying it stops it.
#pragma once

#include <cstdint>
#include <functional>

#include "agent/io/uv_handle.h"

namespace lw::io {

class Timer {
  public:
    explicit Timer(uv_loop_t* loop);

    /// Calls fn after `after_ms`, then every `repeat_ms` if that is not 0.
    /// Starting a started timer re-arms it.  fn may destroy the timer.
    void start(std::uint64_t after_ms, std::uint64_t repeat_ms, std::function<void()> fn);
    void stop() noexcept;
    bool active() const noexcept;

  private:
    static void on_timer(uv_timer_t* t) noexcept;

    UvHandle<uv_timer_t> timer_;
    std::function<void()> fn_;
};

} // namespace lw::io
