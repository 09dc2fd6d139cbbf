#!/usr/bin/env bash
# Everything Slipway needs on a fresh Debian/Ubuntu machine, done once and skipped when present.
#   scripts/setup.sh app    what `npm start` needs: Node packages and the built app
#   scripts/setup.sh test   also the system tools the tests use for real (Chromium, Docker, Podman, a registry, git, QEMU)
set -euo pipefail
cd "$(dirname "$0")/.."
purpose="${1:-app}"

say() { printf '\033[1m[setup]\033[0m %s\n' "$*"; }

# Electron's binary cannot always be downloaded (and CI never needs it): the headless host serves the same app.
export ELECTRON_SKIP_BINARY_DOWNLOAD=1

if [ "$purpose" = "test" ]; then
  # fonts-wqy-microhei: Chinese glyphs for the zh-CN browser tests and screenshots (Chromium has none of its own).
  packages=(chromium fonts-wqy-microhei git docker.io docker-registry podman busybox-static qemu-user-static binfmt-support apache2-utils openssl iproute2 ca-certificates)
  missing=()
  for p in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  if [ "${#missing[@]}" -gt 0 ]; then
    if [ "$(id -u)" -eq 0 ]; then
      say "installing ${missing[*]}"
      apt-get update -qq
      DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
    elif command -v sudo >/dev/null; then
      say "installing ${missing[*]} (sudo)"
      sudo apt-get update -qq
      sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
    else
      say "missing system packages: ${missing[*]} — install them with apt-get as root"; exit 1
    fi
  fi
fi

# npm 11 reads package.json's allowScripts (only better-sqlite3, esbuild and protobufjs run install
# scripts); an older npm would run every package's scripts, so bring npm up to 11 first.
npm_major=$(npm --version | cut -d. -f1)
if [ "$npm_major" -lt 11 ]; then
  say "upgrading npm $(npm --version) to 11"
  npm install -g npm@11 --no-audit --no-fund >/dev/null
fi

stamp=node_modules/.slipway-lock-hash
want=$(sha256sum package-lock.json package.json | sha256sum | cut -d' ' -f1)-$(node -p 'process.versions.modules')
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
  say "installing Node packages (npm ci; better-sqlite3 compiles from source, about 2 minutes)"
  npm ci --no-audit --no-fund --loglevel=error
  echo "$want" > "$stamp"
fi

# better-sqlite3 must match the Node that runs the tests and the headless host.
if ! node -e "new (require('better-sqlite3'))(':memory:').close()" 2>/dev/null; then
  say "rebuilding better-sqlite3 for Node $(node --version)"
  npm rebuild better-sqlite3 --loglevel=error
fi

say "building the app"
npx --no-install electron-vite build --logLevel warn >/dev/null
