#!/usr/bin/env bash
# Multi-seed runner behind the table in docs/pruning.md: trains the dense model per seed, then
# prunes it with every method at every sparsity under the same data, seeds and epoch counts.
# Usage: docs/pruning-table.sh PITK MODEL OUTDIR "SEEDS" "SPARSITIES"
#   e.g. docs/pruning-table.sh ./pitk lenet5 runs/table "1 2 3" "50% 80%"
# Environment: EPOCHS (dense training, default 2), FINETUNE (default 1), LIMIT (training images, default 30000).
set -euo pipefail
pitk=$1 model=$2 out=$3 seeds=$4 sparsities=$5
epochs=${EPOCHS:-2} finetune=${FINETUNE:-1} limit=${LIMIT:-30000}
common=(--train-limit "$limit" --threads 1)
for seed in $seeds; do
  dense=$out/$model/s$seed/dense
  [ -f "$dense/manifest.json" ] || "$pitk" train --model "$model" --pooling avg --epochs "$epochs" --seed "$seed" --out "$dense" "${common[@]}" > "$dense.log" 2>&1 || { mkdir -p "$dense"; "$pitk" train --model "$model" --pooling avg --epochs "$epochs" --seed "$seed" --out "$dense" "${common[@]}" > "$dense.log" 2>&1; }
  for s in $sparsities; do
    tag=${s%\%}
    run() { # name, then pitk prune options
      local name=$1; shift
      local dir=$out/$model/s$seed/$name-$tag
      [ -f "$dir/manifest.json" ] && return 0
      "$pitk" prune --checkpoint "$dense" --sparsity "$s" --seed "$seed" --finetune-epochs "$finetune" --out "$dir" "${common[@]}" "$@" > "$dir.log" 2>&1 || echo "failed: $dir (see $dir.log)"
    }
    run channel-magnitude --structure channel --criterion magnitude --norm 1
    run channel-taylor --structure channel --criterion taylor
    run unstructured-magnitude --structure unstructured --criterion magnitude
    run snip --structure unstructured --criterion snip
    run imp-weight-rewind --structure unstructured --criterion magnitude --schedule imp --rounds 2 --rewind-epoch 1
    run imp-lr-rewind --structure unstructured --criterion magnitude --schedule imp --rounds 2 --rewind-epoch 1 --lr-rewind
  done
done
