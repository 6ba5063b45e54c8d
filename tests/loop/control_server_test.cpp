#include "agent/io/control_server.h"

#include <doctest/doctest.h>
#include <string>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include "tests/loop/loop_fixture.h"

using lw::io::ControlServer;
using nlohmann::json;

namespace {

std::string temp_socket_path() {
    char dir[] = "/tmp/lw-control-XXXXXX";
    REQUIRE(mkdtemp(dir) != nullptr);
    return std::string(dir) + "/lanwarden.sock";
}

// A client on the same loop as the server: connects, sends one line,
// reads until the server closes.  (Not control_request() on a thread or
// in a child process: qemu-user crashes creating either on MIPS, and these
// tests also run under qemu-mipsel.  control_request() is exercised by
// the CLI and network tests.)
json ask(lw::test::LoopFixture& f, const std::string& path, const json& request,
         std::string& error) {
    struct Client {
        lw::io::UvHandle<uv_pipe_t> pipe;
        uv_connect_t connect{};
        uv_write_t write{};
        std::string out;
        std::string in;
        std::string error;
        lw::test::LoopFixture* fixture = nullptr;
    } c;
    c.out = request.dump() + "\n";
    c.fixture = &f;
    uv_pipe_init(f.loop(), c.pipe.get(), 0);
    c.pipe.mark_initialised();
    c.pipe.get()->data = &c;
    c.connect.data = &c;
    uv_pipe_connect(&c.connect, c.pipe.get(), path.c_str(), [](uv_connect_t* req, int status) {
        auto* cl = static_cast<Client*>(req->data);
        if (status != 0) {
            cl->error = uv_strerror(status);
            cl->fixture->stop();
            return;
        }
        uv_buf_t buf = uv_buf_init(cl->out.data(), static_cast<unsigned>(cl->out.size()));
        auto* stream = reinterpret_cast<uv_stream_t*>(cl->pipe.get());
        uv_write(&cl->write, stream, &buf, 1, [](uv_write_t*, int) {});
        uv_read_start(
            stream,
            [](uv_handle_t*, size_t, uv_buf_t* b) {
                static char chunk[4096];
                *b = uv_buf_init(chunk, sizeof chunk);
            },
            [](uv_stream_t* s, ssize_t n, const uv_buf_t* b) {
                auto* cl2 = static_cast<Client*>(s->data);
                if (n > 0) {
                    cl2->in.append(b->base, static_cast<std::size_t>(n));
                    return;
                }
                if (n < 0) {
                    uv_read_stop(s);
                    cl2->fixture->stop();
                }
            });
    });
    f.run();
    if (!c.error.empty()) {
        error = c.error;
        return json();
    }
    return json::parse(c.in, nullptr, false);
}

} // namespace

TEST_SUITE("io.control_server") {

    TEST_CASE("a request line gets the handler's answer") {
        lw::test::LoopFixture f;
        std::string path = temp_socket_path();
        int calls = 0;
        ControlServer server(f.loop(), [&](const json& req) {
            ++calls;
            return json{{"echo", req.value("method", "")}};
        });
        std::string error;
        REQUIRE_MESSAGE(server.listen(path, error), error);

        struct stat st {};
        REQUIRE(stat(path.c_str(), &st) == 0);
        CHECK((st.st_mode & 0777) == 0660);

        json answer = ask(f, path, {{"method", "status"}}, error);
        CHECK_MESSAGE(error.empty(), error);
        CHECK(answer == json{{"echo", "status"}});
        CHECK(calls == 1);
    }

    TEST_CASE("a second daemon on the same socket is refused, a stale file is replaced") {
        lw::test::LoopFixture f;
        std::string path = temp_socket_path();
        std::string error;
        {
            ControlServer first(f.loop(), [](const json&) { return json::object(); });
            REQUIRE(first.listen(path, error));
            ControlServer second(f.loop(), [](const json&) { return json::object(); });
            CHECK_FALSE(second.listen(path, error));
            CHECK(error == "another lanwarden is already running on " + path);
        }
        // A crash leaves the socket file behind: make one nobody listens on.
        int fd = socket(AF_UNIX, SOCK_STREAM, 0);
        sockaddr_un sa{};
        sa.sun_family = AF_UNIX;
        std::snprintf(sa.sun_path, sizeof sa.sun_path, "%s", path.c_str());
        REQUIRE(bind(fd, reinterpret_cast<sockaddr*>(&sa), sizeof sa) == 0);
        close(fd);
        ControlServer third(f.loop(), [](const json&) { return json{{"ok", true}}; });
        error.clear();
        CHECK_MESSAGE(third.listen(path, error), error);
        json answer = ask(f, path, {{"method", "x"}}, error);
        CHECK(answer == json{{"ok", true}});
    }

    TEST_CASE("a request that is not JSON gets an error answer, not a crash") {
        lw::test::LoopFixture f;
        std::string path = temp_socket_path();
        ControlServer server(f.loop(), [](const json&) { return json::object(); });
        std::string error;
        REQUIRE(server.listen(path, error));
        json answer = ask(f, path, json::array({1, 2}), error);
        CHECK(answer == json{{"error", "request is not a JSON object"}});
        CHECK(server.counters().bad_requests == 1);
    }

    TEST_CASE("asking when no daemon runs says so") {
        json answer;
        std::string error;
        CHECK_FALSE(lw::io::control_request("/nonexistent/lanwarden.sock", {{"method", "status"}},
                                            answer, error, 500));
        CHECK(error.find("is the daemon running?") != std::string::npos);
    }
}
