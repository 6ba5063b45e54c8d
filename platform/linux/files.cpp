#include "platform/linux/files.h"

#include <cerrno>
#include <fcntl.h>
#include <unistd.h>

namespace lw::platform {

bool read_file_limited(const std::string& path, std::size_t limit, std::string& out) {
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        return false;
    }
    out.clear();
    char buf[8192];
    for (;;) {
        const ssize_t n = ::read(fd, buf, sizeof buf);
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n <= 0) {
            const int saved = n < 0 ? errno : 0;
            ::close(fd);
            errno = saved;
            return n == 0;
        }
        out.append(buf, static_cast<std::size_t>(n));
        if (out.size() > limit) {
            ::close(fd);
            errno = EFBIG;
            return false;
        }
    }
}

} // namespace lw::platform
