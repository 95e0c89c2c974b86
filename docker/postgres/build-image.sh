#!/usr/bin/env bash
# Builds a PostgreSQL 15 image without a registry: a Debian bookworm root from Debian's packages (debootstrap),
# PostgreSQL 15 installed in it, and an entry point that behaves as the official image's. Once per machine: an
# image already there is kept. Needs root, debootstrap and a running Docker engine.
#   docker/postgres/build-image.sh [IMAGE]     (default local/postgres:15)
set -euo pipefail
image="${1:-local/postgres:15}"
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
. "$here/../debian-root.sh"
keep_present
start=$(date +%s)
debian_root postgresql-15
rm -rf "$root"/var/lib/postgresql/15
install -m 755 "$here/docker-entrypoint.sh" "$root/usr/local/bin/docker-entrypoint.sh"
mkdir -p "$root/docker-entrypoint-initdb.d"
import_root 'ENTRYPOINT ["/usr/local/bin/docker-entrypoint.sh"]' 'CMD ["postgres"]' 'EXPOSE 5432' \
  'ENV PGDATA=/var/lib/postgresql/data'
