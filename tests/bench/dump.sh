# Sourced by the whole-program benchmarks (run_batch, cachesim, alternate): the
# generated dump they run over. Needs ROOT and BENCH (the build's bench folder).
#
#   path="$(dump 20)"   # build/bench/dump-20mb.jsonl, made once
#
# A seeded bilingual dump of MB megabytes from gen_dump.py: the paragraphs of the
# corpus articles, and of the seed and dev articles of ../shared when present,
# recombined; 0.1% bad lines. Made again when the generator or the corpus changes.
dump() {
  local path="$BENCH/dump-$1mb.jsonl" shared="$ROOT/../shared"
  local sources=(--from "$ROOT/corpus")
  [ -f "$shared/seed/qimuai-3902.txt" ] && sources+=(--from "$shared/seed/qimuai-3902.txt")
  [ -f "$shared/dev/articles.jsonl" ] && sources+=(--from "$shared/dev/articles.jsonl")
  if [ ! -f "$path" ] || [ "$ROOT/tests/bench/gen_dump.py" -nt "$path" ] || [ -n "$(find "$ROOT/corpus" -newer "$path" -print -quit)" ]; then
    python3 "$ROOT/tests/bench/gen_dump.py" --mb "$1" --seed 1 --bad 0.001 "${sources[@]}" -o "$path" >&2
  fi
  echo "$path"
}
