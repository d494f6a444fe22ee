#!/usr/bin/env bash
# Builds the bootable image's kernel and initramfs without Docker:
#   _out/vmlinuz-amd64, _out/initramfs-amd64.xz (zstd inside, as Talos since 1.8), _out/image-files.txt
# Inputs: the Debian packages pinned in images/packages.txt (fetched into _out/cache/), the host's
# Node.js binary, the agent bundled for the image (with its V8 code cache), and images/init/init.c.
# Environment: ZSTD_LEVEL (default 9; `make image` uses 19, with a long window, for the size figure);
# PACKAGES (default images/packages.txt); IMAGE_OUT (default _out).
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
OUT=${IMAGE_OUT:-$ROOT/_out}
CACHE=$OUT/cache
DEBS=$CACHE/debs
STAGE=$CACHE/stage
ZSTD_LEVEL=${ZSTD_LEVEL:-9}
mkdir -p "$DEBS"

need() { command -v "$1" >/dev/null || { apt-get update -qq && apt-get install -y --no-install-recommends "$2"; }; }
need zstd zstd
need gcc gcc
[[ -f /usr/lib/x86_64-linux-gnu/libc.a ]] || { apt-get update -qq && apt-get install -y libc6-dev; }

# ---- 1. Fetch the pinned packages (once; the cache survives between builds). -------------------
# shellcheck source=lib/debs.sh
source "$ROOT/images/lib/debs.sh"

SELECTED=() # the .deb files this build uses, in packages.txt order
fetch() { SELECTED+=("$(fetch_deb "$1" "$2")"); }

KERNEL_PKG=
while read -r first rest; do
  [[ -z $first || $first == \#* ]] && continue
  if [[ $first == kernel ]]; then
    # kernel <meta package> <version> <concrete package>: when the concrete package is gone, the
    # meta package's current dependency is used instead.
    read -r meta ver concrete <<<"$rest"
    if [[ -z $(cached "$concrete" "$ver") ]] && ! download "$concrete" "$ver" &&
      ! { apt_update_once && download "$concrete" "$ver"; }; then
      concrete=$(apt-cache depends "$meta" | awk '/Depends: linux-image-/ {print $2; exit}')
      ver=$(apt-cache policy "$concrete" | awk '/Candidate:/ {print $2}')
      warn "the kernel pinned in images/packages.txt is gone; using $concrete $ver — update the pin"
    fi
    fetch "$concrete" "$ver"
    KERNEL_PKG=$concrete
  else
    fetch "$first" "$rest"
  fi
done <"${PACKAGES:-$ROOT/images/packages.txt}"
[[ -n $KERNEL_PKG ]] || { echo "images/packages.txt names no kernel" >&2; exit 1; }

# ---- 2. Extract them into one staging tree (merged /usr, as Debian installs it). ----------------
rm -rf "$STAGE" && mkdir -p "$STAGE"
for deb in "${SELECTED[@]}"; do dpkg -x "$deb" "$STAGE"; done
merge_usr "$STAGE"
KVER=${KERNEL_PKG#linux-image-}
[[ -d $STAGE/usr/lib/modules/$KVER ]] || { echo "no modules for kernel $KVER" >&2; exit 1; }
echo "kernel $KERNEL_PKG ($KVER), ${#SELECTED[@]} packages"

# ---- 3. The init, static. ---------------------------------------------------------------------
mkdir -p "$OUT"
gcc -static -Os -Wall -Wextra -Werror -o "$CACHE/init" "$ROOT/images/init/init.c"
strip "$CACHE/init"

# ---- 3b. GRUB's boot images for the installer, from the pinned GRUB module directories. ---------
rm -rf "$CACHE/grub"
(cd "$ROOT" && npx tsx images/grub-assets.ts --lib "$STAGE/usr/lib/grub" --out "$CACHE/grub")

# ---- 4. The agent: one CommonJS bundle, its loader, and V8's code cache of it. -------------------
# The cache is recorded by `talos-ts preload` (every module of a metal boot loaded, one maintenance-mode
# Version answered on a loopback address) with the Node binary the image carries: a cache only fits
# the V8 that made it.
AGENT=$CACHE/agent
(cd "$ROOT" && node scripts/build.mjs --image "$AGENT")
TALOS_TS_RECORD_CODE_CACHE=1 node "$AGENT/start.cjs" preload

# ---- 5. Assemble the root file system, the cpio archive and the file list. ---------------------
cp "$STAGE/boot/vmlinuz-$KVER" "$OUT/vmlinuz-amd64"
node "$ROOT/images/assemble.mjs" \
  --stage "$STAGE" --kver "$KVER" --init "$CACHE/init" --node "$(command -v node)" \
  --dist "$AGENT" --modules "$ROOT/images/modules.txt" --rootfs "$CACHE/rootfs" \
  --cpio "$CACHE/initramfs.cpio" --list "$OUT/image-files.txt" --grub "$CACHE/grub"

zstd_args=(-"$ZSTD_LEVEL" -T0 -q -f)
[[ $ZSTD_LEVEL -ge 19 ]] && zstd_args+=(--long=27 --ultra)
# The kernel's zstd decompressor needs a window it can allocate: cap it (--long=27 is 128 MiB).
zstd "${zstd_args[@]}" --check "$CACHE/initramfs.cpio" -o "$OUT/initramfs-amd64.xz.tmp"
mv -f "$OUT/initramfs-amd64.xz.tmp" "$OUT/initramfs-amd64.xz"

size() { numfmt --to=iec-i --suffix=B --format='%.1f' "$(stat -c %s "$1")"; }
echo "vmlinuz-amd64:       $(size "$OUT/vmlinuz-amd64")"
echo "initramfs (cpio):    $(size "$CACHE/initramfs.cpio")"
echo "initramfs-amd64.xz:  $(size "$OUT/initramfs-amd64.xz") (zstd -$ZSTD_LEVEL)"
echo "file list:           _out/image-files.txt ($(wc -l <"$OUT/image-files.txt") entries)"
