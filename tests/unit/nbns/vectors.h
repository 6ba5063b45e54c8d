// Name service packets shared by the nbns tests, as hex.  Layouts follow
// the reference table (netbios.md §1.2) and Samba 4.17's packets seen in
// the lab; addresses are from 192.0.2.0/24.
#pragma once

namespace lw::test::nbns {

// NAS01<20>, ALPHA<00> and *<00> (NUL padded), first-level encoded.
#define LW_NAME_NAS01_20 "20 454f45424644444144424341434143414341434143414341434143414341434100 "
#define LW_NAME_ALPHA_00 "20 4542454d4641454945424341434143414341434143414341434143414341414100 "
#define LW_NAME_STAR_00 "20 434b41414141414141414141414141414141414141414141414141414141414100 "

/// Broadcast name query for NAS01<20>, trn 0x1a2b: 50 bytes.
inline constexpr const char* kBroadcastQuery = "1a2b 0110 0001 0000 0000 0000 " //
    LW_NAME_NAS01_20 "0020 0001";

/// Samba's positive answer: NAS01<20> is 192.0.2.5, B-node unique,
/// TTL 259200: 62 bytes.
inline constexpr const char* kPositiveResponse = "1a2b 8580 0000 0001 0000 0000 " //
    LW_NAME_NAS01_20 "0020 0001 0003f480 0006 0000 c0000205";

/// Samba's broadcast registration of ALPHA<00> for 192.0.2.11, TTL 0, the
/// additional record named by the pointer C0 0C: 68 bytes.
inline constexpr const char* kSambaRegistration = "0042 2910 0001 0000 0000 0001 " //
    LW_NAME_ALPHA_00 "0020 0001 "                                                   //
                     "c00c 0020 0001 00000000 0006 0000 c000020b";

/// Samba's broadcast registration of the group SPRINGFIELD<1E> by
/// 192.0.2.11 (NB_FLAGS 0x8000), trn 0x4870, TTL 0: frame 5 of
/// tests/data/captures/nmbd-election.pcap, 68 bytes.
inline constexpr const char* kSambaGroupRegistration =
    "4870 2910 0001 0000 0000 0001 "                                         //
    "20 464446414643454a454f45484547454a4546454d45454341434143414341424f00 " //
    "0020 0001 "                                                             //
    "c00c 0020 0001 00000000 0006 8000 c000020b";

/// Node status request for *<00>, flags 0x0000, trn 0x0007: 50 bytes.
inline constexpr const char* kNodeStatusRequest = "0007 0000 0001 0000 0000 0000 " //
    LW_NAME_STAR_00 "0021 0001";

/// Samba LMB BRAVO's node status answer, 7 names, zeroed statistics:
/// 229 bytes (netbios.md §1.6).
inline constexpr const char* kSambaNodeStatus =
    "0007 8400 0000 0001 0000 0000 " LW_NAME_STAR_00 "0021 0001 00000000 00ad "
    "07 "
    "425241564f2020202020202020202000 0400 " // BRAVO<00> unique
    "425241564f2020202020202020202003 0400 " // BRAVO<03> unique
    "425241564f2020202020202020202020 0400 " // BRAVO<20> unique
    "01025f5f4d5342524f5753455f5f0201 8400 " // __MSBROWSE__<01> group
    "4c414247525020202020202020202000 8400 " // LABGRP<00> group
    "4c41424752502020202020202020201d 0400 " // LABGRP<1D> unique: the LMB
    "4c41424752502020202020202020201e 8400 " // LABGRP<1E> group
    "000000000000 00 00 0000 0000 0000 0000 0000 0000 00000000 00000000 "
    "0000 0000 0000 0000 0000 0000 0000 0000 0000";

} // namespace lw::test::nbns
