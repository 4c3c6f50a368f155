#!/usr/bin/env bash
# Installs what build-site needs on a fresh Debian or Ubuntu machine with Swift, then builds build-site.
# Idempotent: packages already installed are left alone. Run as root or with sudo available.
#
#   ./setup.sh            install the Debian packages, then `swift build -c release --product build-site`
#   ./setup.sh --no-build install only
set -euo pipefail
cd "$(dirname "$0")"

packages=(
  libcmark-gfm-dev libcmark-gfm-extensions-dev   # the Markdown parser (linked by the CCmarkGFM module)
  katex libjs-katex                              # KaTeX for node (pulls in nodejs), its CSS and fonts
  node-highlight.js                              # highlights code blocks at build time, in the KaTeX workers
  pkg-config                                     # lets SwiftPM find cmark-gfm
  chromium                                       # the screenshot tests look at the pages in a real browser
  cmark-gfm                                      # the baseline in the performance benchmark
  valgrind                                       # scripts/check-leaks.sh (run by CI)
)

missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
if ((${#missing[@]})); then
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  echo "setup: installing ${missing[*]}"
  $sudo apt-get update -q
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q --no-install-recommends "${missing[@]}"
else
  echo "setup: all Debian packages present"
fi

if [ "${1:-}" != "--no-build" ]; then
  # The command itself, optimized; it carries its theme, so the binary can be copied anywhere.
  swift build -c release --product build-site
  echo "setup: built $(pwd)/.build/release/build-site"
fi
