#include "agent/io/control_server.h"

#include <cerrno>
#include <cstring>
#include <poll.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include "platform/linux/log.h"

namespace lw::io {

struct ControlServer::Client {
    Client(ControlServer* s, uv_loop_t* loop) : server(s), timer(loop) {}

    ControlServer* server;
    UvHandle<uv_pipe_t> pipe;
    Timer timer;
    std::string request;
    bool answered = false;
};

namespace {

// A write request that owns its bytes; see UdpEndpoint for why the
// callback touches nothing else.
struct WriteRequest {
    uv_write_t req;
    std::string bytes;
};

bool fill_address(const std::string& path, sockaddr_un& sa, std::string& error) {
    if (path.size() >= sizeof sa.sun_path) {
        error = "control socket path too long: " + path;
        return false;
    }
    sa.sun_family = AF_UNIX;
    std::memcpy(sa.sun_path, path.c_str(), path.size() + 1);
    return true;
}

/// Connects to a UNIX socket with a deadline; returns the fd or -1.
int connect_unix(const std::string& path, int timeout_ms, std::string& error) {
    sockaddr_un sa{};
    if (!fill_address(path, sa, error)) {
        return -1;
    }
    int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0) {
        error = std::string("socket: ") + std::strerror(errno);
        return -1;
    }
    timeval tv{timeout_ms / 1000, (timeout_ms % 1000) * 1000};
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
    if (connect(fd, reinterpret_cast<sockaddr*>(&sa), sizeof sa) != 0) {
        error = "cannot connect to " + path + ": " + std::strerror(errno);
        close(fd);
        return -1;
    }
    return fd;
}

} // namespace

ControlServer::ControlServer(uv_loop_t* loop, Handler handler)
    : loop_(loop), handler_(std::move(handler)) {
    uv_pipe_init(loop, pipe_.get(), 0);
    pipe_.mark_initialised();
    pipe_.get()->data = this;
}

ControlServer::~ControlServer() {
    clients_.clear();
    pipe_.close();
    if (!path_.empty()) {
        unlink(path_.c_str());
    }
}

bool ControlServer::listen(const std::string& path, std::string& error) {
    // A socket file that answers belongs to a running daemon; one that does
    // not is left over from a crash and may go.
    std::string probe_error;
    int probe = connect_unix(path, 500, probe_error);
    if (probe >= 0) {
        close(probe);
        error = "another lanwarden is already running on " + path;
        return false;
    }
    struct stat st {};
    if (lstat(path.c_str(), &st) == 0) {
        if (!S_ISSOCK(st.st_mode)) {
            error = path + " exists and is not a socket; not removing it";
            return false;
        }
        unlink(path.c_str());
    }

    mode_t old = umask(0117); // 0660 from the start, no window for others
    int rc = uv_pipe_bind(pipe_.get(), path.c_str());
    umask(old);
    if (rc != 0) {
        error = "cannot listen on " + path + ": " + uv_strerror(rc);
        return false;
    }
    path_ = path;
    rc = uv_listen(reinterpret_cast<uv_stream_t*>(pipe_.get()), 8, on_connection);
    if (rc != 0) {
        error = "cannot listen on " + path + ": " + uv_strerror(rc);
        return false;
    }
    chmod(path.c_str(), 0660);
    return true;
}

void ControlServer::on_connection(uv_stream_t* server, int status) noexcept {
    auto* self = static_cast<ControlServer*>(server->data);
    if (self == nullptr || status != 0) {
        return;
    }
    try {
        self->accept_one();
    } catch (const std::exception& e) {
        platform::logf(platform::Level::Error, "control.exception what=\"%s\"", e.what());
    }
}

void ControlServer::accept_one() {
    auto client = std::make_unique<Client>(this, loop_);
    uv_pipe_init(loop_, client->pipe.get(), 0);
    client->pipe.mark_initialised();
    auto* stream = reinterpret_cast<uv_stream_t*>(client->pipe.get());
    if (uv_accept(reinterpret_cast<uv_stream_t*>(pipe_.get()), stream) != 0) {
        return;
    }
    if (clients_.size() >= kMaxClients) {
        ++counters_.refused;
        return; // closing the accepted pipe refuses the client
    }
    Client* c = client.get();
    c->pipe.get()->data = c;
    clients_.push_back(std::move(client));
    ++counters_.clients;

    c->timer.start(kClientTimeoutMs, 0, [this, c] { drop(c); });
    uv_read_start(
        stream,
        [](uv_handle_t*, size_t, uv_buf_t* buf) {
            static char chunk[4096]; // the loop is single-threaded
            *buf = uv_buf_init(chunk, sizeof chunk);
        },
        [](uv_stream_t* s, ssize_t n, const uv_buf_t* buf) {
            auto* cl = static_cast<Client*>(s->data);
            if (cl == nullptr) {
                return;
            }
            ControlServer* server = cl->server;
            if (n < 0) {
                server->drop(cl);
                return;
            }
            cl->request.append(buf->base, static_cast<size_t>(n));
            std::size_t nl = cl->request.find('\n');
            if (nl == std::string::npos) {
                if (cl->request.size() > kMaxRequest) {
                    ++server->counters_.bad_requests;
                    server->finish(cl, {{"error", "request too large"}});
                }
                return;
            }
            nlohmann::json request = nlohmann::json::parse(cl->request.substr(0, nl), nullptr,
                                                           /*allow_exceptions=*/false);
            if (request.is_discarded() || !request.is_object()) {
                ++server->counters_.bad_requests;
                server->finish(cl, {{"error", "request is not a JSON object"}});
                return;
            }
            nlohmann::json answer;
            try {
                answer = server->handler_(request);
            } catch (const std::exception& e) {
                answer = {{"error", std::string("internal error: ") + e.what()}};
            }
            server->finish(cl, answer);
        });
}

void ControlServer::finish(Client* c, const nlohmann::json& answer) {
    if (c->answered) {
        return;
    }
    c->answered = true;
    uv_read_stop(reinterpret_cast<uv_stream_t*>(c->pipe.get()));
    auto req = std::make_unique<WriteRequest>();
    req->bytes = answer.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
    uv_buf_t buf = uv_buf_init(req->bytes.data(), static_cast<unsigned>(req->bytes.size()));
    req->req.data = c;
    int rc = uv_write(&req->req, reinterpret_cast<uv_stream_t*>(c->pipe.get()), &buf, 1,
                      [](uv_write_t* w, int status) {
                          std::unique_ptr<WriteRequest> owned(from_uv<WriteRequest>(w));
                          // On ECANCELED the client is already gone.
                          if (status == UV_ECANCELED || w->data == nullptr) {
                              return;
                          }
                          auto* cl = static_cast<Client*>(w->data);
                          cl->server->drop(cl);
                      });
    if (rc != 0) {
        drop(c);
        return;
    }
    req.release();
}

void ControlServer::drop(Client* c) {
    for (auto it = clients_.begin(); it != clients_.end(); ++it) {
        if (it->get() == c) {
            clients_.erase(it); // closes the pipe and the timer
            return;
        }
    }
}

bool control_request(const std::string& path, const nlohmann::json& request, nlohmann::json& answer,
                     std::string& error, int timeout_ms) {
    int fd = connect_unix(path, timeout_ms, error);
    if (fd < 0) {
        if (errno == ENOENT || errno == ECONNREFUSED) {
            error += " (is the daemon running? start it with 'lanwarden run')";
        }
        return false;
    }
    std::string line = request.dump() + "\n";
    if (send(fd, line.data(), line.size(), MSG_NOSIGNAL) != static_cast<ssize_t>(line.size())) {
        error = "cannot send to " + path + ": " + std::strerror(errno);
        close(fd);
        return false;
    }
    std::string reply;
    char buf[8192];
    for (;;) {
        ssize_t n = recv(fd, buf, sizeof buf, 0);
        if (n > 0) {
            reply.append(buf, static_cast<size_t>(n));
            continue;
        }
        if (n < 0) {
            error = "no answer from " + path + ": " + std::strerror(errno);
            close(fd);
            return false;
        }
        break;
    }
    close(fd);
    answer = nlohmann::json::parse(reply, nullptr, false);
    if (answer.is_discarded()) {
        error = "the daemon's answer on " + path + " is not JSON";
        return false;
    }
    return true;
}

} // namespace lw::io
