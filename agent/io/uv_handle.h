// RAII ownership of libuv handles.
//
// UvHandle<T> owns one heap-allocated uv handle.  Its destructor calls
// uv_close(); the close callback frees the memory.  Once uv_close() has run,
// libuv calls none of the handle's other callbacks, so the owner of a
// UvHandle may be destroyed right after it: nothing dangles.  This is the
// only place where uv handles are allocated.
#pragma once

#include <memory>
#include <uv.h>

namespace lw::io {

/// From a pointer libuv hands back (a uv_handle_t*, or a request) to the
/// object it was allocated as.  Through void*, because the target may need
/// a stricter alignment than the pointer's type promises (-Wcast-align on
/// MIPS and ARM), which it has, having been allocated as To.
template <class To, class From>
To* from_uv(From* p) noexcept {
    return static_cast<To*>(static_cast<void*>(p));
}

template <class T> class UvHandle {
  public:
    UvHandle() : h_(std::make_unique<T>()) {}
    ~UvHandle() { close(); }

    UvHandle(const UvHandle&) = delete;
    UvHandle& operator=(const UvHandle&) = delete;
    UvHandle(UvHandle&&) noexcept = default;
    UvHandle& operator=(UvHandle&& other) noexcept {
        if (this != &other) {
            close();
            h_ = std::move(other.h_);
        }
        return *this;
    }

    T* get() const noexcept { return h_.get(); }
    uv_handle_t* handle() const noexcept { return reinterpret_cast<uv_handle_t*>(h_.get()); }
    /// True between a successful uv_*_init() and close().
    bool initialised() const noexcept { return h_ && initialised_; }
    /// Call after uv_*_init() succeeded, so that close() knows to uv_close.
    void mark_initialised() noexcept { initialised_ = true; }

    /// Closes now; the memory is freed by libuv's close callback.
    void close() noexcept {
        if (!h_) {
            return;
        }
        if (!initialised_) {
            h_.reset();
            return;
        }
        initialised_ = false;
        T* raw = h_.release();
        raw->data = nullptr;
        uv_close(reinterpret_cast<uv_handle_t*>(raw),
                 [](uv_handle_t* h) { delete from_uv<T>(h); });
    }

  private:
    std::unique_ptr<T> h_;
    bool initialised_ = false;
};

/// Runs the loop until every closed handle has been freed, then closes it.
/// For shutdown and for tests that must end without leaks.
inline int drain_and_close(uv_loop_t* loop) noexcept {
    uv_run(loop, UV_RUN_DEFAULT);
    return uv_loop_close(loop);
}

} // namespace lw::io
