"""The batch on a Dask cluster: `newsdeal batch` for dumps that outgrow one machine.

    python3 -m newsdeal.dask INPUT... -o OUTDIR --model MODEL.json [--scheduler tcp://host:8786]

The inputs (files, or folders of them) are cut into partitions: a whole file
each, except JSONL files (.jsonl, .ndjson) larger than --partition-bytes, which
are cut into byte ranges that start and end on line boundaries (a range keeps
the file's own line numbers, so ids and messages are those `newsdeal batch`
gives). Compressed files and WARC files are whole partitions: a gzip or zstd
stream cannot be entered in the middle, and a WARC record's number and byte
offset, which its error messages name, are only known by reading from the start.

Each partition is one task: the worker runs it through its Pipeline (one per
worker process, built on first use and kept) and writes OUTDIR/part-NNNNN.jsonl
(NNNNN the partition's index, in input order) to a temporary file first, then
renames it into place, so a part is there whole or not at all. A worker that dies
mid-partition leaves at most a temporary file; Dask runs the task again
elsewhere and the rename makes the retry idempotent: every input article is one
line in exactly one part, and `cat OUTDIR/part-*.jsonl` is byte for byte what
`newsdeal batch` writes for the same inputs. The partitions' models are merged
on the workers, pairwise up a tree, with Model.merge, into MODEL.json (as
`newsdeal batch --model` writes it).

Without --scheduler a LocalCluster of --workers processes is started.
Paths are made absolute before they are sent (a worker's working folder is not
the client's): records name inputs by absolute path, and on a real cluster
every worker must see the inputs and OUTDIR at the same paths (shared storage).

Exit status: 0 every article gave a record, 1 some gave error records (the
summary counts them by stage), 2 usage error, 3 the job failed (a task raised,
say a full disk; parts written so far stay, MODEL.json is not written).
"""

import argparse
import glob
import os
import re
import socket
import sys
import threading
import uuid
from dataclasses import dataclass

import newsdeal
from newsdeal import _newsdeal

PART_PATTERN = "part-{:05d}.jsonl"
DEFAULT_PARTITION_BYTES = 64 << 20
MERGE_FAN_IN = 8
_GZIP_MAGIC = b"\x1f\x8b"
_ZSTD_MAGIC = b"\x28\xb5\x2f\xfd"


class UsageError(Exception):
    pass


@dataclass(frozen=True)
class Partition:
    index: int
    path: str
    start: int = None  # None: the whole input
    end: int = None

    def describe(self):
        if self.start is None:
            return self.path
        return f"{self.path} bytes {self.start}-{self.end}"


@dataclass(frozen=True)
class Settings:
    """What every worker's Pipeline is built from (the options of `newsdeal batch`)."""

    rules: tuple = ()
    gazetteers: tuple = ()
    with_text: bool = False
    max_article_bytes: int = newsdeal.DEFAULT_MAX_ARTICLE_BYTES
    threads: int = 1  # C++ threads per partition task


# --- planning (on the client) ---------------------------------------------------

def _splittable_jsonl(path):
    """Whether a file is read as JSONL by its name and is not compressed: only
    then can a byte range of it be read on its own (the reader takes .jsonl and
    .ndjson names as JSONL without looking; compression goes by magic bytes)."""
    if not path.lower().endswith((".jsonl", ".ndjson")) or not os.path.isfile(path):
        return False
    with open(path, "rb") as f:
        head = f.read(4)
    return not (head.startswith(_GZIP_MAGIC) or head.startswith(_ZSTD_MAGIC))


def line_ranges(path, partition_bytes):
    """[start, end) byte ranges of about partition_bytes, each starting at a line
    start: a cut moves forward to just after the next newline."""
    size = os.path.getsize(path)
    cuts = [0]
    with open(path, "rb") as f:
        target = partition_bytes
        while target < size:
            f.seek(target - 1)
            f.readline()  # to just after the newline at or after target - 1
            cut = f.tell()
            if cut >= size:
                break
            if cut > cuts[-1]:
                cuts.append(cut)
            target = max(cut, target) + partition_bytes
    cuts.append(size)
    return list(zip(cuts[:-1], cuts[1:]))


def plan_partitions(inputs, partition_bytes=DEFAULT_PARTITION_BYTES):
    """The partitions of the inputs, in input order, as `newsdeal batch` reads them
    (folders expanded to their article files, sorted)."""
    if partition_bytes < 1:
        raise UsageError("--partition-bytes must be at least 1")
    parts = []
    for given in inputs:
        if given == "-":
            raise UsageError("stdin (-) cannot be sent to workers: give files")
        for path in _newsdeal.expand_input(os.path.abspath(given)):
            if _splittable_jsonl(path) and os.path.getsize(path) > partition_bytes:
                for start, end in line_ranges(path, partition_bytes):
                    parts.append(Partition(len(parts), path, start, end))
            else:
                # Any other file, or a path that does not exist: read whole,
                # as newsdeal batch reads it (a missing path is one error record).
                parts.append(Partition(len(parts), path))
    return parts


# --- tasks (on the workers) -----------------------------------------------------

_PIPELINES = {}
_PIPELINES_LOCK = threading.Lock()


def worker_pipeline(settings):
    """This process's Pipeline for these settings, built once (loading the rules
    and gazetteers costs a few hundred milliseconds) and shared by the worker's
    threads."""
    with _PIPELINES_LOCK:
        p = _PIPELINES.get(settings)
        if p is None:
            p = newsdeal.Pipeline(list(settings.rules), list(settings.gazetteers), with_text=settings.with_text,
                                  max_article_bytes=settings.max_article_bytes)
            _PIPELINES[settings] = p
        return p


def count_lines(part):
    """Lines in a range (it ends on a line boundary, so its newlines)."""
    return _newsdeal.count_newlines(part.path, part.start, part.end)


def next_first_line(first_line, lines):
    return first_line + lines


def run_partition(part, first_line, outdir, settings):
    """Writes the partition's part file and returns its counts and model (JSON)."""
    final = os.path.join(outdir, PART_PATTERN.format(part.index))
    # Unique per attempt: a retry never writes into the file of an attempt that
    # may still be running on a worker the scheduler gave up on.
    tmp = f"{final}.tmp-{socket.gethostname()}-{os.getpid()}-{uuid.uuid4().hex[:8]}"
    pipeline = worker_pipeline(settings)
    try:
        model, records, errors, by_stage, text_bytes = pipeline._p.run_partition(
            part.path, part.start, part.end, first_line, tmp, settings.threads)
        os.replace(tmp, final)
    except BaseException:
        try:
            os.remove(tmp)
        except OSError:
            pass
        raise
    return {"index": part.index, "records": records, "errors": errors, "errors_by_stage": dict(by_stage),
            "text_bytes": text_bytes, "model": model}


def partition_stats(result):
    return {k: v for k, v in result.items() if k != "model"}


def merge_models(*items):
    """One model (JSON text) from partition results and models."""
    merged = newsdeal.Model()
    for item in items:
        merged.merge(newsdeal.Model.from_dict(item["model"] if isinstance(item, dict) else item))
    return merged.to_json()


# --- the job (on the client) ----------------------------------------------------

def clear_outdir(outdir):
    """Removes the parts (and temporary files) of an earlier run: the parts of
    this run must be all there is."""
    for path in glob.glob(os.path.join(glob.escape(outdir), "part-*.jsonl*")):
        if re.fullmatch(r"part-\d+\.jsonl(\.tmp-.*)?", os.path.basename(path)):
            os.remove(path)


def remove_leftover_tmp(outdir):
    """Temporary files of attempts whose worker died: their partitions were
    written by the retry."""
    for path in glob.glob(os.path.join(glob.escape(outdir), "part-*.jsonl.tmp-*")):
        try:
            os.remove(path)
        except OSError:
            pass


def write_atomically(path, text):
    tmp = f"{path}.tmp-{os.getpid()}"
    with open(tmp, "w", encoding="utf-8") as f:
        f.write(text)
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, path)


def run(client, inputs, outdir, model_path, settings=Settings(), partition_bytes=DEFAULT_PARTITION_BYTES):
    """Runs the job on `client`'s cluster; returns the summary (articles, records,
    errors, errors_by_stage, partitions, text_bytes). Raises the exception of a
    task that failed."""
    outdir = os.path.abspath(outdir)
    os.makedirs(outdir, exist_ok=True)
    parts = plan_partitions(inputs, partition_bytes)
    clear_outdir(outdir)
    token = uuid.uuid4().hex[:12]

    # A range's first line number is the lines of the ranges before it in its
    # file: counted on the workers, summed along a chain of tiny tasks.
    results = []
    first_line, prev = 1, None
    for part in parts:
        if part.start is None or part.start == 0:
            first_line = 1
        elif prev is not None:
            lines = client.submit(count_lines, prev, key=f"newsdeal-lines-{prev.index:05d}-{token}")
            first_line = client.submit(next_first_line, first_line, lines,
                                       key=f"newsdeal-first-{part.index:05d}-{token}")
        results.append(client.submit(run_partition, part, first_line, outdir, settings,
                                     key=f"newsdeal-part-{part.index:05d}-{token}"))
        prev = part

    level, depth = list(results), 0
    while len(level) > 1:
        depth += 1
        level = [client.submit(merge_models, *level[i:i + MERGE_FAN_IN],
                               key=f"newsdeal-merge-{depth}-{i // MERGE_FAN_IN:05d}-{token}")
                 for i in range(0, len(level), MERGE_FAN_IN)]
    stats = client.gather([client.submit(partition_stats, r, key=f"newsdeal-stats-{r.key}") for r in results])
    model = level[0].result() if level else newsdeal.Model().to_json()
    if level and isinstance(model, dict):  # one partition: its result itself
        model = model["model"]
    write_atomically(model_path, newsdeal.Model.from_dict(model).to_json())
    remove_leftover_tmp(outdir)

    summary = {"partitions": len(parts), "records": 0, "errors": 0, "errors_by_stage": {}, "text_bytes": 0}
    for s in stats:
        summary["records"] += s["records"]
        summary["errors"] += s["errors"]
        summary["text_bytes"] += s["text_bytes"]
        for stage, n in s["errors_by_stage"].items():
            summary["errors_by_stage"][stage] = summary["errors_by_stage"].get(stage, 0) + n
    summary["articles"] = summary["records"] + summary["errors"]
    return summary


def _size(text):
    m = re.fullmatch(r"\s*(\d+)\s*([kKmMgG]?)i?[bB]?\s*", text)
    if not m:
        raise argparse.ArgumentTypeError(f"not a size: {text!r} (bytes, or with k, M, G)")
    return int(m.group(1)) << {"": 0, "k": 10, "m": 20, "g": 30}[m.group(2).lower()]


def parse_args(argv):
    ap = argparse.ArgumentParser(
        prog="python3 -m newsdeal.dask",
        description="newsdeal batch on a Dask cluster: one JSONL part per partition in OUTDIR, "
                    "the partitions' models merged into MODEL.json.")
    ap.add_argument("inputs", nargs="+", metavar="INPUT", help="files or folders (as newsdeal batch takes them)")
    ap.add_argument("-o", "--output", required=True, metavar="OUTDIR", help="folder for part-NNNNN.jsonl")
    ap.add_argument("--model", required=True, metavar="MODEL.json", help="the merged compute-allocation model")
    ap.add_argument("--scheduler", metavar="ADDRESS", help="a running scheduler (tcp://host:8786); "
                                                           "without it a LocalCluster is started")
    ap.add_argument("--workers", type=int, default=None,
                    help="worker processes of the LocalCluster (default: one per core)")
    ap.add_argument("--threads", type=int, default=1, help="C++ threads per partition task (default 1)")
    ap.add_argument("--partition-bytes", type=_size, default=DEFAULT_PARTITION_BYTES,
                    help="JSONL files larger than this are cut into ranges of about this size (default 64M)")
    ap.add_argument("--rules", action="append", default=[], metavar="DIR", help="as newsdeal batch --rules")
    ap.add_argument("--gazetteer", action="append", default=[], metavar="FILE",
                    help="as newsdeal batch --gazetteer")
    ap.add_argument("--max-article-bytes", type=_size, default=newsdeal.DEFAULT_MAX_ARTICLE_BYTES)
    ap.add_argument("--with-text", action="store_true", help="add the article text to each record")
    ap.add_argument("-q", "--quiet", action="store_true", help="no summary on stderr")
    return ap.parse_args(argv)


def _local_cluster(workers):
    import logging

    from distributed import LocalCluster

    # Worker processes import newsdeal themselves: give them the folder this
    # package was imported from, whatever put it on this process's path.
    here = os.path.dirname(os.path.dirname(os.path.abspath(newsdeal.__file__)))
    paths = os.environ.get("PYTHONPATH", "").split(os.pathsep)
    if here not in paths:
        os.environ["PYTHONPATH"] = os.pathsep.join([here] + [p for p in paths if p])
    return LocalCluster(n_workers=workers or os.cpu_count() or 1, threads_per_worker=1, processes=True,
                        dashboard_address=None, silence_logs=logging.ERROR)


def main(argv=None):
    try:
        args = parse_args(sys.argv[1:] if argv is None else argv)
    except SystemExit as e:
        return 2 if e.code else 0
    if args.threads < 0 or (args.workers is not None and args.workers < 1):
        print("newsdeal.dask: --threads must be 0 (every core) or more, --workers 1 or more", file=sys.stderr)
        return 2
    settings = Settings(rules=tuple(os.path.abspath(r) for r in args.rules),
                        gazetteers=tuple(os.path.abspath(g) for g in args.gazetteer),
                        with_text=args.with_text, max_article_bytes=args.max_article_bytes, threads=args.threads)
    try:
        # Bad rules fail here, once, with file:line, not on every worker.
        newsdeal.Pipeline(list(settings.rules), list(settings.gazetteers))
    except newsdeal.LoadError as e:
        print(f"newsdeal.dask: {e.message}", file=sys.stderr)
        return 2

    from distributed import Client

    cluster = None
    try:
        if args.scheduler:
            client = Client(args.scheduler)
        else:
            cluster = _local_cluster(args.workers)
            client = Client(cluster)
        with client:
            summary = run(client, args.inputs, args.output, args.model, settings, args.partition_bytes)
    except UsageError as e:
        print(f"newsdeal.dask: {e}", file=sys.stderr)
        return 2
    except Exception as e:  # a task failed: say which and why
        print(f"newsdeal.dask: the job failed: {type(e).__name__}: {e}", file=sys.stderr)
        return 3
    finally:
        if cluster is not None:
            cluster.close()

    if not args.quiet:
        by_stage = ", ".join(f"{k} {v}" for k, v in sorted(summary["errors_by_stage"].items()))
        print(f"newsdeal.dask: {summary['articles']} articles: {summary['records']} records, "
              f"{summary['errors']} errors{f' ({by_stage})' if by_stage else ''}; "
              f"{summary['text_bytes'] / 1e6:.1f} MB in {summary['partitions']} partitions; "
              f"written to {os.path.abspath(args.output)}, model to {args.model}", file=sys.stderr)
    return 1 if summary["errors"] else 0


if __name__ == "__main__":
    # Run under the package's own name, so the tasks pickle as references to
    # newsdeal.dask (which workers import), not as copies of __main__.
    from newsdeal.dask import main as _main

    sys.exit(_main())
