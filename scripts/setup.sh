# Shared by scripts/demo and scripts/test: installs what is missing, configures
# and builds. Source it; it sets BUILD_DIR. Quiet when everything is already there.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BUILD_DIR="${BUILD_DIR:-$ROOT/build}"

NEWSDEAL_PACKAGES=(
  g++ cmake ninja-build pkg-config ccache python3 python3-jsonschema python3-jieba
  libicu-dev libre2-dev libcpp-httplib-dev libpugixml-dev catch2 nlohmann-json3-dev
  libtbb-dev libcli11-dev libsimdjson-dev libmimalloc-dev zlib1g-dev libzstd-dev libbrotli-dev libgumbo-dev libssl-dev libbenchmark-dev
  pybind11-dev python3-dev python3-pytest python3-distributed graphviz
)
# Installed when possible, never required: the report's browser tests skip without them.
NEWSDEAL_OPTIONAL_PACKAGES=(chromium fonts-noto-cjk)

install_missing() {
  local missing=()
  for p in "${NEWSDEAL_PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  echo "newsdeal: installing ${missing[*]}" >&2
  local sudo=""
  [ "$(id -u)" -ne 0 ] && sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

install_optional() {
  local missing=()
  for p in "${NEWSDEAL_OPTIONAL_PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  local sudo=""
  [ "$(id -u)" -ne 0 ] && sudo="sudo"
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null 2>&1 ||
    echo "newsdeal: could not install ${missing[*]} (optional: the browser tests of the report will skip)" >&2
}

configure_and_build() {
  local extra=()
  command -v ccache >/dev/null && extra+=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
  # Sanitized: -Og with line tables only. ASan advises -O1 for speed; -Og runs the suite
  # about as fast and compiles in about 60% of the time (instrumented templates are
  # most of a sanitized build), which keeps CI (both builds) well inside its time.
  [ "${SANITIZE:-0}" = 1 ] && extra+=(-DNEWSDEAL_SANITIZE=ON "-DCMAKE_CXX_FLAGS_RELWITHDEBINFO=-Og -g1 -DNDEBUG")
  if [ ! -f "$BUILD_DIR/build.ninja" ]; then
    cmake -S "$ROOT" -B "$BUILD_DIR" -G Ninja "${extra[@]}" >/dev/null
  fi
  # Progress lines are noise; the log is shown whole when the build fails.
  if ! cmake --build "$BUILD_DIR" -- -j"$(nproc)" >"$BUILD_DIR/build.log" 2>&1; then
    cat "$BUILD_DIR/build.log" >&2
    echo "newsdeal: build failed (log: $BUILD_DIR/build.log)" >&2
    return 1
  fi
  grep -E "warning:" "$BUILD_DIR/build.log" >&2 || true
}

install_missing
install_optional
configure_and_build
