#!/usr/bin/env bash
# Builds an apache/kafka-compatible image without a registry: a Debian bookworm root from Debian's packages
# (debootstrap) with Debian's Java 17 runtime, the Kafka broker's jars from Maven Central (the version of the
# project's parent pom, the one the embedded broker runs) and an entry point that behaves as the official image's
# (/etc/kafka/docker/run). Once per machine: an image already there is kept. Needs root, debootstrap, Maven and a
# running Docker engine.
#   docker/kafka/build-image.sh [IMAGE]     (default local/kafka:<the project's Kafka version>)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
version="$(sed -n 's:.*<kafka.version>\(.*\)</kafka.version>.*:\1:p' "$here/../../pom.xml")"
image="${1:-local/kafka:$version}"
. "$here/../debian-root.sh"
keep_present
start=$(date +%s)
debian_root openjdk-17-jre-headless
echo "image $image: Kafka $version's jars from Maven… ($(( $(date +%s) - start )) s)"
# quiet unless it fails (Maven reports errors on stdout)
if ! out="$(mvn -q -B -f "$here/pom.xml" dependency:copy-dependencies -DincludeScope=runtime \
    -DoutputDirectory="$root/opt/kafka/libs" 2>&1)"; then
  echo "$out" >&2
  exit 1
fi
rm -rf "$root"/usr/share/doc/* "$root"/usr/share/man/*
# the official image's user and directories
chroot "$root" useradd --create-home --shell /bin/bash appuser
install -D -m 755 "$here/run" "$root/etc/kafka/docker/run"
install -D -m 644 "$here/single-node.properties" "$root/opt/kafka/config/single-node.properties"
mkdir -p "$root/var/lib/kafka/data"
chroot "$root" chown -R appuser:appuser /opt/kafka/config /var/lib/kafka /etc/kafka
import_root 'CMD ["/etc/kafka/docker/run"]' 'USER appuser' 'EXPOSE 9092'
