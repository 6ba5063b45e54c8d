#!/usr/bin/env bash
# Installs, from Debian 12's own archive, what lanwarden needs to build and
# test on the host.  Safe to run again: packages already present are skipped.
#
#   scripts/install-deps.sh            build dependencies only
#   scripts/install-deps.sh --demo     plus what scripts/demo.sh runs
#   scripts/install-deps.sh --test     plus the test tools and real peers
#   scripts/install-deps.sh --cross    plus cross compilers and qemu (see
#                                      toolchains/install-cross.sh)
set -euo pipefail

build_pkgs=(
    cmake ninja-build g++ pkg-config
    libuv1-dev libmbedtls-dev libc-ares-dev
    nlohmann-json3-dev doctest-dev
)
demo_pkgs=(python3 iproute2 samba)
test_pkgs=(
    clang libclang-rt-14-dev llvm
    python3 iproute2 procps
    tshark samba samba-common-bin smbclient nbtscan
    dnsmasq-base postfix openssl
    valgrind
)

want=("${build_pkgs[@]}")
cross=0
for arg in "$@"; do
    case "$arg" in
    --demo) want+=("${demo_pkgs[@]}") ;;
    --test) want+=("${test_pkgs[@]}") ;;
    --cross) cross=1 ;;
    *) echo "install-deps: unknown option '$arg'" >&2; exit 2 ;;
    esac
done

if [ "$(id -u)" -ne 0 ]; then
    echo "install-deps: run as root (apt-get needs it)" >&2
    exit 2
fi

missing=()
for p in "${want[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed'; then
        missing+=("$p")
    fi
done

export DEBIAN_FRONTEND=noninteractive
if [ "${#missing[@]}" -gt 0 ]; then
    echo "install-deps: installing ${missing[*]}"
    # Postfix and wireshark-common ask questions at install time; answer them
    # so that an unattended run never blocks.  The tests start their own
    # Postfix instances; the system one stays a "No configuration" install.
    echo "postfix postfix/main_mailer_type select No configuration" | debconf-set-selections
    echo "wireshark-common wireshark-common/install-setuid boolean false" | debconf-set-selections
    # Installing samba would start the machine's own smbd and nmbd, and
    # nmbd would announce this machine on the real LAN.  The tests and the
    # demo start their own nmbd inside network namespaces, so keep the
    # packaged services from starting (policy-rc.d, see invoke-rc.d(8)) and
    # leave them disabled.
    samba_new=0
    for p in "${missing[@]}"; do
        [ "$p" = samba ] && samba_new=1
    done
    policy=/usr/sbin/policy-rc.d
    if [ "$samba_new" -eq 1 ] && [ ! -e "$policy" ]; then
        printf '#!/bin/sh\n# scripts/install-deps.sh: start no service while installing\nexit 101\n' >"$policy"
        chmod 755 "$policy"
        trap 'rm -f "$policy"' EXIT
    fi
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
    if [ "$samba_new" -eq 1 ] && [ -d /run/systemd/system ]; then
        systemctl disable --now --quiet smbd nmbd samba-ad-dc 2>/dev/null || true
        echo "install-deps: samba's own services stay disabled" \
            "(systemctl enable --now smbd nmbd to use them)"
    fi
fi

if [ "$cross" -eq 1 ]; then
    "$(dirname "$0")/../toolchains/install-cross.sh"
fi
