#!/usr/bin/env bash
# Installs Debian's cross compilers for the router targets, qemu-user to run
# their binaries on this host, and the multiarch -dev packages of libuv,
# mbedTLS and c-ares where Debian has them (armhf, arm64, mipsel).  Debian 12
# has no big-endian mips port, so that target builds the core only, which
# needs no third-party library.  Run as root; safe to run again.
set -euo pipefail

if [ "$(id -u)" -ne 0 ]; then
    echo "install-cross: run as root (apt-get needs it)" >&2
    exit 2
fi

multiarch=(armhf arm64 mipsel)
pkgs=(
    g++-arm-linux-gnueabihf g++-aarch64-linux-gnu
    g++-mipsel-linux-gnu g++-mips-linux-gnu
    qemu-user-static binutils-mipsel-linux-gnu
)
for a in "${multiarch[@]}"; do
    pkgs+=("libuv1-dev:$a" "libmbedtls-dev:$a" "libc-ares-dev:$a")
done

added=0
for a in "${multiarch[@]}"; do
    if ! dpkg --print-foreign-architectures | grep -qx "$a"; then
        dpkg --add-architecture "$a"
        added=1
    fi
done

missing=()
for p in "${pkgs[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed'; then
        missing+=("$p")
    fi
done
[ "${#missing[@]}" -eq 0 ] && exit 0

export DEBIAN_FRONTEND=noninteractive
echo "install-cross: installing ${missing[*]}"
if [ "$added" -eq 1 ] || [ ! -e /var/lib/apt/lists/partial ]; then
    apt-get update -qq
fi
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
