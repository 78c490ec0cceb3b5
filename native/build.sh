#!/usr/bin/env bash
# Builds native/build/caffe-ref, a small reference runner (train / time) linked against the
# SAME libcaffe.so and headers that the Maven preset jars ship (org.bytedeco:caffe 1.0-1.5.8),
# so that Java-vs-native comparisons run identical Caffe code.
#
#   native/build.sh            build (extracts the jars once into native/build/deps/)
#   native/build.sh --deps     only extract the jars (used by bench/ for the OpenBLAS SGEMM probe)
#
# Needs: g++, unzip (or python3), libboost-dev headers (installed with apt-get when missing, as root).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
build="$here/build"
deps="$build/deps"
m2="${M2_REPO:-$HOME/.m2/repository}/org/bytedeco"
presets="1.5.8"

# name  jar-relative-path-in-m2
jars=(
  "caffe    caffe/1.0-$presets/caffe-1.0-$presets-linux-x86_64.jar"
  "openblas openblas/0.3.21-$presets/openblas-0.3.21-$presets-linux-x86_64.jar"
  "hdf5     hdf5/1.12.2-$presets/hdf5-1.12.2-$presets-linux-x86_64.jar"
  "opencv   opencv/4.6.0-$presets/opencv-4.6.0-$presets-linux-x86_64.jar"
)

log() { echo "native/build.sh: $*" >&2; }

missing_jar() {
  local entry name rel
  for entry in "${jars[@]}"; do
    read -r name rel <<<"$entry"
    [ -f "$m2/$rel" ] || return 0
  done
  return 1
}

if missing_jar; then
  log "preset jars not in ${m2%/org/bytedeco}; resolving them with Maven (one time)"
  (cd "$root" && mvn -B -q dependency:resolve) >&2
  if missing_jar; then
    log "error: preset jars still missing under $m2 after 'mvn dependency:resolve'"; exit 1
  fi
fi

extract() { # jar dest
  if command -v unzip >/dev/null 2>&1; then
    unzip -q -o "$1" -d "$2"
  else
    python3 -m zipfile -e "$1" "$2"
  fi
}

mkdir -p "$deps"
for entry in "${jars[@]}"; do
  read -r name rel <<<"$entry"
  jar="$m2/$rel"
  stamp="$deps/$name.stamp"
  if [ ! -f "$stamp" ] || [ "$jar" -nt "$stamp" ]; then
    log "extracting $(basename "$jar")"
    tmp="$deps/.$name.tmp"
    rm -rf "$tmp" "$deps/$name"
    mkdir -p "$tmp"
    extract "$jar" "$tmp"
    mv "$tmp/org/bytedeco/$name/linux-x86_64" "$deps/$name"
    rm -rf "$tmp"
    echo "$jar" >"$stamp"
  fi
done
[ "${1:-}" = "--deps" ] && exit 0

if [ ! -f /usr/include/boost/shared_ptr.hpp ]; then
  log "Boost headers missing; installing Debian's libboost-dev"
  if [ "$(id -u)" != 0 ]; then log "error: run as root or install libboost-dev first"; exit 1; fi
  apt-get install -y -q libboost-dev >&2 || { apt-get update -q >&2 && apt-get install -y -q libboost-dev >&2; }
fi

libdirs=("$deps/caffe" "$deps/openblas" "$deps/hdf5" "$deps/opencv")
rpath="$(IFS=,; echo "${libdirs[*]}" | sed 's/,/:/g')"
rpath_link=()
for d in "${libdirs[@]}"; do rpath_link+=("-Wl,-rpath-link,$d"); done

# caffe-ref: the reference runner
out="$build/caffe-ref"
src=("$here"/src/*.cpp)
newest_src="$(ls -t "${src[@]}" "$here"/src/*.hpp "$0" 2>/dev/null | head -1)"
if [ -x "$out" ] && [ "$out" -nt "$newest_src" ]; then
  log "up to date: $out"
else
  log "compiling $out"
  # The preset's libcaffe is CPU-only and built with the pre-C++11 libstdc++ ABI; glog, gflags
  # and protobuf 3.7 are linked into it and exported, so their headers come from the same jar.
  g++ -std=c++14 -O2 -Wall -D_GLIBCXX_USE_CXX11_ABI=0 -DCPU_ONLY \
    -isystem "$deps/caffe/include" -isystem "$deps/openblas/include" \
    "${src[@]}" -o "$out.tmp" \
    "$deps/caffe/libcaffe.so.1.0.0" "${rpath_link[@]}" \
    -Wl,--disable-new-dtags,-rpath,"$rpath" -lpthread
  mv "$out.tmp" "$out"
  log "built $out"
fi

# libcaffe-ref-jni.so: caffe-ref's timed step for a JVM that already loaded the preset's libcaffe
# (BridgeBench --interleave). No RPATH: it must bind to the libcaffe the JVM loaded, by soname.
lib="$build/libcaffe-ref-jni.so"
jni_src="$here/jni/step_jni.cpp"
javac_bin="$(command -v javac || true)"
jdk="${JAVA_HOME:-}"
if [ -z "$jdk" ] && [ -n "$javac_bin" ]; then jdk="$(dirname "$(dirname "$(readlink -f "$javac_bin")")")"; fi
if [ -z "$jdk" ] || [ ! -f "$jdk/include/jni.h" ]; then
  log "no JDK headers (jni.h) found: skipping $lib"
elif [ -f "$lib" ] && [ "$lib" -nt "$jni_src" ] && [ "$lib" -nt "$here/src/loss.hpp" ] && [ "$lib" -nt "$0" ]; then
  log "up to date: $lib"
else
  log "compiling $lib"
  g++ -std=c++14 -O2 -Wall -shared -fPIC -D_GLIBCXX_USE_CXX11_ABI=0 -DCPU_ONLY \
    -isystem "$deps/caffe/include" -isystem "$deps/openblas/include" \
    -isystem "$jdk/include" -isystem "$jdk/include/linux" -I "$here/src" \
    "$jni_src" -o "$lib.tmp" "$deps/caffe/libcaffe.so.1.0.0" "${rpath_link[@]}" -ldl
  mv "$lib.tmp" "$lib"
  log "built $lib"
fi
