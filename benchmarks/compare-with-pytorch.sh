#!/usr/bin/env bash
# Times the same GP-UNIT work in the official PyTorch code (../shared/bench/official_perf.py) and in
# gpunit (io.gpunit.benchmarks.OfficialWorkBenchmark), one after the other on this machine with the
# same threads, and reports seconds and peak resident memory of each side and their ratios
# (gpunit / official). The last line is machine-readable:
#   ratios inference_b1=R inference_b8=R train_small_b1=R train_full_b1=R memory_inference_b8=R memory_train_small_b1=R
#
# Usage: benchmarks/compare-with-pytorch.sh [--threads T] [--reps N] [--warmup W] [--only a,b,...]
#   work items: inference_b1 inference_b8 train_small_b1 train_small_b4 train_full_b1
# Needs Debian's python3-torch and python3-torchvision (installed with apt-get when missing, which
# needs root) and a JDK with Maven (the benchmarks jar is built when missing). A side that fails
# (e.g. killed for memory) is reported as "failed" and its ratios as "nan".
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
bench="$root/../shared/bench"
jar="$root/benchmarks/target/benchmarks.jar"
threads=2 reps=3 warmup=1
only="inference_b1,inference_b8,train_small_b1,train_small_b4,train_full_b1"
while [[ $# -gt 0 ]]; do
  case "$1" in
    --threads) threads="$2"; shift 2 ;;
    --reps) reps="$2"; shift 2 ;;
    --warmup) warmup="$2"; shift 2 ;;
    --only) only="$2"; shift 2 ;;
    *) echo "compare-with-pytorch: unknown option $1" >&2; exit 2 ;;
  esac
done
[[ -f "$bench/official_perf.py" ]] || { echo "compare-with-pytorch: no $bench/official_perf.py" >&2; exit 1; }
if ! /usr/bin/python3 -c 'import torch, torchvision' 2>/dev/null; then
  echo "installing Debian's python3-torch and python3-torchvision ..." >&2
  apt-get install -y --no-install-recommends python3-torch python3-torchvision >&2
fi
if [[ ! -f "$jar" ]]; then
  mvn -B -q -ntp -f "$root/pom.xml" -pl benchmarks -am package -DskipTests >&2
fi
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# The translation at batch 1 takes half a second a call, and a JVM's C2 compiler is still compiling
# the replay's Java side over its first few calls, on the same two cores (calls 2-4 took 0.56-0.73 s
# where later ones take ~0.50 s): it gets at least 5 warm-up calls and 7 timed ones, on both sides.
warmup_of() { if [[ "$1" == inference_b1 && "$warmup" -lt 5 ]]; then echo 5; else echo "$warmup"; fi; }
reps_of() { if [[ "$1" == inference_b1 && "$reps" -lt 7 ]]; then echo 7; else echo "$reps"; fi; }

# run NAME SIDE ARGS...: runs one side under /usr/bin/time -v; prints "seconds peak_kib" or "nan nan".
run() {
  local name="$1" side="$2"; shift 2
  local out="$work/$name.$side.out" log="$work/$name.$side.time"
  if [[ "$side" == official ]]; then
    /usr/bin/time -v -o "$log" /usr/bin/python3 "$bench/official_perf.py" --code "$bench/official-gp-unit" \
      --device cpu --threads "$threads" --reps "$(reps_of "$name")" --warmup "$(warmup_of "$name")" "$@" \
      > "$out" 2> "$out.err" || true
  else
    OMP_NUM_THREADS="$threads" MALLOC_ARENA_MAX=2 /usr/bin/time -v -o "$log" \
      java -Xmx4g -Dorg.bytedeco.javacpp.maxbytes=16G -Dorg.bytedeco.javacpp.maxphysicalbytes=20G -cp "$jar" io.gpunit.benchmarks.OfficialWorkBenchmark \
      --reps "$(reps_of "$name")" --warmup "$(warmup_of "$name")" "$@" > "$out" 2> "$out.err" || true
  fi
  local seconds kib
  seconds="$(grep -o '"median_s": *[0-9.eE+-]*' "$out" | tail -1 | sed 's/.*: *//')"
  kib="$(grep 'Maximum resident set size' "$log" 2>/dev/null | awk '{print $NF}')"
  echo "${seconds:-nan} ${kib:-nan}"
}

declare -A args=(
  [inference_b1]="--mode fwd --widths full --batch 1"
  [inference_b8]="--mode fwd --widths full --batch 8"
  [train_small_b1]="--mode train --widths small --batch 1"
  [train_small_b4]="--mode train --widths small --batch 4"
  [train_full_b1]="--mode train --widths full --batch 1"
)
# ratio A B: A / B to two decimals, nan when either is missing; gib KIB: GiB, or "failed".
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (a == "nan" || b == "nan" || b == 0) print "nan"; else printf "%.2f", a / b }'; }
gib() { awk -v k="$1" 'BEGIN { if (k == "nan") print "failed"; else printf "%.2f", k / 1048576 }'; }

declare -A time_ratio mem_ratio
printf '%-16s %12s %12s %12s %12s %8s %8s\n' work official_s official_GiB gpunit_s gpunit_GiB time_x memory_x
for name in ${only//,/ }; do
  [[ -n "${args[$name]:-}" ]] || { echo "compare-with-pytorch: unknown work item $name" >&2; exit 2; }
  read -r os ok <<< "$(run "$name" official ${args[$name]})"
  read -r gs gk <<< "$(run "$name" gpunit ${args[$name]})"
  time_ratio[$name]="$(ratio "$gs" "$os")"
  mem_ratio[$name]="$(ratio "$gk" "$ok")"
  printf '%-16s %12s %12s %12s %12s %8s %8s\n' "$name" "${os/nan/failed}" "$(gib "$ok")" \
    "${gs/nan/failed}" "$(gib "$gk")" "${time_ratio[$name]}" "${mem_ratio[$name]}"
done
echo "ratios inference_b1=${time_ratio[inference_b1]:-nan} inference_b8=${time_ratio[inference_b8]:-nan}" \
  "train_small_b1=${time_ratio[train_small_b1]:-nan} train_full_b1=${time_ratio[train_full_b1]:-nan}" \
  "memory_inference_b8=${mem_ratio[inference_b8]:-nan} memory_train_small_b1=${mem_ratio[train_small_b1]:-nan}"
