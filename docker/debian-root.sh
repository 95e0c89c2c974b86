# Sourced by the image builds under docker/: a Debian bookworm root from Debian's packages (debootstrap), filled
# inside a chroot and imported as an image, without a registry. The caller sets "image" and "start" (date +%s).

# Ends the build when the image is there already: once per machine.
keep_present() {
  if docker image inspect "$image" >/dev/null 2>&1; then
    echo "image $image: present, kept"
    exit 0
  fi
}

# Makes "root", a minimal bookworm with PACKAGES installed (no service started), removed again when the build ends.
debian_root() {
  local mirror="${DEBIAN_MIRROR:-http://deb.debian.org/debian}"
  root="$(mktemp -d -t cdclake-image-root.XXXXXX)"
  trap 'umount "$root/proc" 2>/dev/null || true; rm -rf "$root"' EXIT
  echo "image $image: debootstrap bookworm from $mirror… ($(( $(date +%s) - start )) s)"
  debootstrap --variant=minbase bookworm "$root" "$mirror" >/dev/null
  echo "image $image: installing $*… ($(( $(date +%s) - start )) s)"
  printf '#!/bin/sh\nexit 101\n' > "$root/usr/sbin/policy-rc.d"
  chmod +x "$root/usr/sbin/policy-rc.d"
  mount -t proc proc "$root/proc"
  chroot "$root" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >/dev/null 2>&1
  chroot "$root" apt-get clean
  umount "$root/proc"
  rm -f "$root/usr/sbin/policy-rc.d"
  rm -rf "$root"/var/lib/apt/lists/*
}

# Imports "root" as the image; the arguments are docker import's --change instructions.
import_root() {
  local changes=()
  for change in "$@"; do
    changes+=(--change "$change")
  done
  echo "image $image: importing… ($(( $(date +%s) - start )) s)"
  tar -C "$root" -c . | docker import "${changes[@]}" - "$image" >/dev/null
  echo "image $image: built in $(( $(date +%s) - start )) s ($(docker image inspect -f '{{.Size}}' "$image") bytes)"
}
