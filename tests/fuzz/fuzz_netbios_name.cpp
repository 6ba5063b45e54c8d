// Fuzzes the NetBIOS name decoder: pointers, labels, scopes.  A name that
// decodes must re-encode and decode to the same name.
#include <array>
#include <cstddef>
#include <cstdint>
#include <cstdlib>

#include "agent/core/netbios/name.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    lw::wire::Reader in({data, size});
    // Start the name at the first byte's offset so that backward pointers
    // into the input are exercised too.
    if (size > 0) {
        in.seek(data[0] % size);
    }
    auto name = lw::netbios::read_name(in);
    if (!name.ok()) {
        return 0;
    }
    (void)name->printable();
    std::array<std::uint8_t, 300> buf{};
    lw::wire::Writer out(buf);
    lw::netbios::write_name(out, *name);
    lw::wire::Reader again(out.written());
    auto back = lw::netbios::read_name(again);
    if (out.failed() || !back.ok() || !(*back == *name)) {
        std::abort();
    }
    return 0;
}
