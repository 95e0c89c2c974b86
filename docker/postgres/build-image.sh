#!/usr/bin/env bash
# Builds a PostgreSQL 15 image without a registry: a Debian bookworm root from Debian's packages (debootstrap),
# PostgreSQL 15 installed in it, and an entry point that behaves as the official image's. Once per machine: an
# image already there is kept. Needs root, debootstrap and a running Docker engine.
#   docker/postgres/build-image.sh [IMAGE]     (default local/postgres:15)
set -euo pipefail
image="${1:-local/postgres:15}"
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
if docker image inspect "$image" >/dev/null 2>&1; then
  echo "image $image: present, kept"
  exit 0
fi
mirror="${DEBIAN_MIRROR:-http://deb.debian.org/debian}"
root="$(mktemp -d -t cdclake-postgres-root.XXXXXX)"
cleanup() { umount "$root/proc" 2>/dev/null || true; rm -rf "$root"; }
trap cleanup EXIT
start=$(date +%s)
echo "image $image: debootstrap bookworm from $mirror…"
debootstrap --variant=minbase bookworm "$root" "$mirror" >/dev/null
echo "image $image: installing postgresql-15… ($(( $(date +%s) - start )) s)"
# no service may start inside the chroot
printf '#!/bin/sh\nexit 101\n' > "$root/usr/sbin/policy-rc.d"
chmod +x "$root/usr/sbin/policy-rc.d"
mount -t proc proc "$root/proc"
chroot "$root" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends postgresql-15 >/dev/null 2>&1
chroot "$root" apt-get clean
umount "$root/proc"
rm -f "$root/usr/sbin/policy-rc.d"
rm -rf "$root"/var/lib/apt/lists/* "$root"/var/lib/postgresql/15
install -m 755 "$here/docker-entrypoint.sh" "$root/usr/local/bin/docker-entrypoint.sh"
mkdir -p "$root/docker-entrypoint-initdb.d"
echo "image $image: importing… ($(( $(date +%s) - start )) s)"
tar -C "$root" -c . | docker import \
  --change 'ENTRYPOINT ["/usr/local/bin/docker-entrypoint.sh"]' \
  --change 'CMD ["postgres"]' \
  --change 'EXPOSE 5432' \
  --change 'ENV PGDATA=/var/lib/postgresql/data' \
  - "$image" >/dev/null
echo "image $image: built in $(( $(date +%s) - start )) s ($(docker image inspect -f '{{.Size}}' "$image") bytes)"
