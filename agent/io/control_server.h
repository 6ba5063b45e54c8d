// The control socket: a UNIX stream socket on which `lanwarden status` (and
// the rpcd plugin on OpenWrt) asks the running daemon questions.
//
// Protocol: the client sends one JSON object on one line, e.g.
// {"method":"status"}; the server answers with one JSON object on one line
// and closes the connection.  Requests are limited in size, clients in
// number and in time, so a stuck or hostile local client cannot hold the
// daemon.
#pragma once

#include <cstddef>
#include <functional>
#include <list>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>

#include "agent/io/timer.h"
#include "agent/io/uv_handle.h"

namespace lw::io {

class ControlServer {
  public:
    using Handler = std::function<nlohmann::json(const nlohmann::json& request)>;

    static constexpr std::size_t kMaxRequest = 64 * 1024;
    static constexpr std::size_t kMaxClients = 16;
    static constexpr std::uint64_t kClientTimeoutMs = 5000;

    ControlServer(uv_loop_t* loop, Handler handler);
    ~ControlServer();
    ControlServer(const ControlServer&) = delete;
    ControlServer& operator=(const ControlServer&) = delete;

    /// Listens on `path` with mode 0660.  Fails, with `error` naming the
    /// path, when another daemon answers there; a stale socket file left by
    /// a crash is removed.
    bool listen(const std::string& path, std::string& error);

    struct Counters {
        std::size_t clients = 0;
        std::size_t refused = 0; ///< over kMaxClients
        std::size_t bad_requests = 0;
    };
    const Counters& counters() const noexcept { return counters_; }

  private:
    struct Client;
    static void on_connection(uv_stream_t* server, int status) noexcept;
    void accept_one();
    void finish(Client* c, const nlohmann::json& answer);
    void drop(Client* c);

    uv_loop_t* loop_;
    Handler handler_;
    UvHandle<uv_pipe_t> pipe_;
    std::string path_;
    std::list<std::unique_ptr<Client>> clients_;
    Counters counters_;
};

/// Sends one request to a daemon's control socket and returns its answer;
/// blocks for at most timeout_ms.  For the CLI, not for the loop.
bool control_request(const std::string& path, const nlohmann::json& request, nlohmann::json& answer,
                     std::string& error, int timeout_ms = 5000);

} // namespace lw::io
