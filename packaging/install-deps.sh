#!/usr/bin/env bash
# Installs the Debian 12 packages Touchpoint builds, tests and runs with.
# Idempotent: when every package is already installed it returns without touching apt.
set -euo pipefail
packages=(
  build-essential cmake pkg-config
  libsdl2-dev libimgui-dev libsqlite3-dev libcurl4-openssl-dev
  nlohmann-json3-dev doctest-dev libcpp-httplib-dev libqrencode-dev
  libssl-dev libsodium-dev libicu-dev libstb-dev fonts-dejavu-core openssl
  postgresql libpq-dev haproxy
  xvfb xdotool x11-apps
  libcli11-dev libtomlplusplus-dev libsystemd-dev
  chromium cage systemd dpkg-dev fakeroot
)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi
echo "Installing: ${missing[*]}"
sudo_cmd=""
[ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
export DEBIAN_FRONTEND=noninteractive
$sudo_cmd apt-get update -qq
$sudo_cmd apt-get install -y -qq --no-install-recommends "${missing[@]}"
