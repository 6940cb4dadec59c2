#!/usr/bin/env bash
# Installs the Debian packages sqsim builds with. Idempotent: installs only what is missing, so it is cheap to rerun.
set -euo pipefail
packages=(
  build-essential cmake ninja-build pkg-config clang-format
  libboost-dev libboost-graph-dev nlohmann-json3-dev libfmt-dev libcli11-dev libeigen3-dev
  libgtest-dev libgmock-dev libyaml-cpp-dev libsimdjson-dev
)
# Optional extras, any combination:
#   --browser  headless Chromium and Python, for the report.html rendering test (CI passes it)
#   --fuzz     Clang and libFuzzer's runtime, for scripts/fuzz.sh
#   --mpi      OpenMPI, for sqsim-sweep-mpi and its mpirun test (CI passes it; the sqsim tool never needs it)
#   --gui      Dear ImGui, GLFW, OpenGL, Xvfb and the DejaVu font, for `sqsim gui` and its screenshot test (CI passes it)
#   --parallel GNU parallel, for the sweep slices test (sqsim sweep --shard; CI passes it)
for arg in "$@"; do
  case "$arg" in
    --browser) packages+=(chromium python3) ;;
    --fuzz) packages+=(clang libclang-rt-14-dev) ;;
    --mpi) packages+=(libopenmpi-dev openmpi-bin) ;;
    --gui) packages+=(libimgui-dev libglfw3-dev libgl-dev libgl1-mesa-dri libglx-mesa0 xvfb xauth fonts-dejavu-core) ;;
    --parallel) packages+=(parallel) ;;
    *) echo "setup: unknown option $arg (expected --browser, --fuzz, --mpi, --gui or --parallel)" >&2; exit 2 ;;
  esac
done
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi
echo "setup: installing ${missing[*]}" >&2
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
