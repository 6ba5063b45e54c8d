#include "agent/io/timer.h"

#include "platform/linux/log.h"

namespace lw::io {

Timer::Timer(uv_loop_t* loop) {
    uv_timer_init(loop, timer_.get());
    timer_.mark_initialised();
    timer_.get()->data = this;
}

void Timer::start(std::uint64_t after_ms, std::uint64_t repeat_ms, std::function<void()> fn) {
    fn_ = std::move(fn);
    uv_timer_start(timer_.get(), on_timer, after_ms, repeat_ms);
}

void Timer::stop() noexcept {
    uv_timer_stop(timer_.get());
}

bool Timer::active() const noexcept {
    return uv_is_active(timer_.handle()) != 0;
}

void Timer::on_timer(uv_timer_t* t) noexcept {
    auto* self = static_cast<Timer*>(t->data);
    if (self == nullptr || !self->fn_) {
        return;
    }
    try {
        // A copy, so that the callback may destroy this timer (and with it
        // fn_) while it runs.
        auto fn = self->fn_;
        fn();
    } catch (const std::exception& e) {
        // No exception may cross a libuv callback.
        platform::logf(platform::Level::Error, "timer.exception what=\"%s\"", e.what());
    }
}

} // namespace lw::io
