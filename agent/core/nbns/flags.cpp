#include "agent/core/nbns/flags.h"

namespace lw::nbns {

std::string opcode_name(Opcode op) {
    switch (op) {
    case Opcode::Query: return "query";
    case Opcode::Registration: return "registration";
    case Opcode::Release: return "release";
    case Opcode::Wack: return "wack";
    case Opcode::Refresh: return "refresh";
    case Opcode::RefreshAlt: return "refresh";
    case Opcode::MultiHomedRegistration: return "multi_homed_registration";
    }
    return "opcode_" + std::to_string(static_cast<unsigned>(op));
}

std::string rcode_name(Rcode rc) {
    switch (rc) {
    case Rcode::Ok: return "ok";
    case Rcode::FmtErr: return "fmt_err";
    case Rcode::SrvErr: return "srv_err";
    case Rcode::NamErr: return "nam_err";
    case Rcode::ImpErr: return "imp_err";
    case Rcode::RfsErr: return "rfs_err";
    case Rcode::ActErr: return "act_err";
    case Rcode::CftErr: return "cft_err";
    }
    return "rcode_" + std::to_string(static_cast<unsigned>(rc));
}

const char* node_type_name(NodeType type) noexcept {
    switch (type) {
    case NodeType::B: return "b";
    case NodeType::P: return "p";
    case NodeType::M: return "m";
    case NodeType::H: return "h";
    }
    return "?";
}

} // namespace lw::nbns
