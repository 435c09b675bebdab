#!/usr/bin/env bash
# Installs the Debian packages the test suite drives (run as root). Quiet and quick when all are present.
set -euo pipefail
# command → Debian package
declare -A NEED=(
  [nmap]=nmap [ip]=iproute2 [tcpdump]=tcpdump [snmpget]=snmp [dig]=dnsutils
  [avahi-browse]=avahi-utils [openssl]=openssl [ping]=iputils-ping [arping]=iputils-arping [curl]=curl
  [systemd-analyze]=systemd [snmpd]=snmpd
  [chromium]=chromium
)
missing=()
for cmd in "${!NEED[@]}"; do
  command -v "$cmd" >/dev/null 2>&1 || missing+=("${NEED[$cmd]}")
done
# Debian keeps PostgreSQL's binaries off PATH, under its major version.
compgen -G '/usr/lib/postgresql/*/bin/initdb' >/dev/null || missing+=(postgresql)
if ((${#missing[@]})); then
  if [ "$(id -u)" != 0 ]; then
    echo "install-deps: missing ${missing[*]}; run as root (sudo) to install them" >&2
    exit 1
  fi
  export DEBIAN_FRONTEND=noninteractive
  # The tests run their own throwaway clusters: no system cluster or service for Debian to create.
  mkdir -p /etc/postgresql-common/createcluster.d
  echo 'create_main_cluster = false' >/etc/postgresql-common/createcluster.d/lanaudit.conf
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  echo "install-deps: installed ${missing[*]}"
fi
