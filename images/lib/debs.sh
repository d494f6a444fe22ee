# Sourced by the image builds: fetch pinned Debian packages into a cache directory, once.
# The caller sets DEBS (the cache directory). `fetch_deb PACKAGE VERSION` prints the .deb's path: the
# pinned version, else (loudly) the current candidate, so an old pin never breaks a build silently.

warn() { printf '\n\033[1;31m*** WARNING: %s ***\033[0m\n\n' "$*" >&2; }

apt_updated=0
apt_update_once() { [[ $apt_updated == 1 ]] || { apt-get update -qq; apt_updated=1; }; }
download() { (cd "$DEBS" && apt-get download -qq "$1=$2" 2>/dev/null); }
cached() {
  local f
  for f in "$DEBS/${1}_${2//:/%3a}_"{amd64,all}.deb; do [[ -f $f ]] && echo "$f" && return; done
  return 0
}

fetch_deb() {
  local pkg=$1 ver=$2
  if [[ -z $(cached "$pkg" "$ver") ]] && ! download "$pkg" "$ver" && ! { apt_update_once && download "$pkg" "$ver"; }; then
    ver=$(apt-cache policy "$pkg" | awk '/Candidate:/ {print $2}')
    warn "$pkg $2 is no longer on the mirror; using the candidate $ver — update the pin"
    [[ -n $(cached "$pkg" "$ver") ]] || download "$pkg" "$ver" || { echo "cannot download $pkg $ver" >&2; return 1; }
  fi
  cached "$pkg" "$ver"
}

# merge_usr DIR: move /lib, /lib64, /bin and /sbin under /usr, as Debian's merged-/usr installs them.
merge_usr() {
  local d
  for d in lib lib64 bin sbin; do
    if [[ -d $1/$d && ! -L $1/$d ]]; then
      mkdir -p "$1/usr/$d" && cp -a "$1/$d/." "$1/usr/$d/" && rm -rf "${1:?}/$d"
    fi
  done
}
