# What the scripts need of the machine. Sourced by .ci/run, scripts/test.sh,
# scripts/demo.sh and scripts/install-server.sh.
#
# ensure_null_device WHO [PATH] makes sure PATH (/dev/null by default) is the
# null device. Some machines come up with a regular file there (a process
# running as root renamed a file over it). Then whatever one program throws
# away, the next one reads as its input: cargo's rustc probe, whose input is
# /dev/null, fails with "couldn't read from stdin, as it did not contain valid
# UTF-8" once a build has written binary output "to /dev/null".
# As root (or with sudo that asks no password) it puts the device back and
# says so in one line; otherwise it empties the file and says how to fix it.
ensure_null_device() {
  local who="$1" path="${2:-/dev/null}"
  [ -c "$path" ] && return 0
  local size sudo=""
  # Measured before any redirection to /dev/null: one would empty the file.
  size="$(stat -c %s "$path" 2>&- || echo "?")"
  if [ "$(id -u)" != 0 ] && command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    sudo="sudo -n"
  fi
  local new="$path.new-$$"
  if { [ "$(id -u)" = 0 ] || [ -n "$sudo" ]; } \
    && $sudo mknod -m 666 "$new" c 1 3 2>/dev/null && $sudo mv -f "$new" "$path" 2>/dev/null; then
    echo "$who: $path was a regular file ($size bytes), not the null device: put the null device back" >&2
  else
    $sudo rm -f "$new" 2>/dev/null || true
    local emptied="could not empty it either"
    if : 2>/dev/null >"$path"; then
      emptied="emptied it"
    fi
    echo "$who: $path is a regular file ($size bytes), not the null device, and this user cannot put it back (as root: rm $path && mknod -m 666 $path c 1 3); $emptied, but programs may still read what others throw away" >&2
  fi
}

# ensure_packages WHO PACKAGE... installs with apt-get (as root, or with sudo
# that asks no password) the Debian packages of those named whose command is
# missing, with one line saying which. Where it may not, it says so and
# returns 1: the caller decides whether that is fatal.
ensure_packages() {
  local who="$1" missing=() sudo=""
  shift
  for package in "$@"; do
    command -v "$package" >/dev/null 2>&1 || missing+=("$package")
  done
  [ ${#missing[@]} = 0 ] && return 0
  if [ "$(id -u)" != 0 ]; then
    if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
      sudo="sudo -n"
    else
      echo "$who: ${missing[*]} missing, and this user cannot install them (apt-get install ${missing[*]})" >&2
      return 1
    fi
  fi
  echo "$who: installing ${missing[*]} with apt-get" >&2
  $sudo apt-get update -qq >/dev/null && $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
}
