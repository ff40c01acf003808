"""A worker process killed in the middle of a partition: Dask runs the task again
on another worker and the output is still exactly one line per article, the same
as `newsdeal batch` gives (parts are renamed into place whole, so the killed
attempt leaves nothing in them)."""
import glob
import os
import sys
import threading
import time

import cloudpickle
from distributed import Client, LocalCluster, WorkerPlugin

from _dump import check_job, write_jsonl_dump
from conftest import run_dask

# Workers cannot import this test module: send the plugin below by value.
cloudpickle.register_pickle_by_value(sys.modules[__name__])

VICTIM = 1  # the partition whose worker is killed


class KillDuringPartition(WorkerPlugin):
    """Kills its worker process (os._exit, as a crash or the OOM killer would)
    once the first attempt at partition VICTIM has written part of its
    temporary file. The marker file makes it happen once per test."""

    name = "kill-during-partition"

    def __init__(self, outdir, marker):
        self.outdir, self.marker = str(outdir), str(marker)

    def setup(self, worker):
        self.worker = worker

    def transition(self, key, start, finish, **kwargs):
        if finish != "executing" or not str(key).startswith(f"newsdeal-part-{VICTIM:05d}-"):
            return
        try:
            fd = os.open(self.marker, os.O_CREAT | os.O_EXCL | os.O_WRONLY)
        except FileExistsError:
            return  # killed once already: this is the retry
        os.close(fd)
        threading.Thread(target=self._kill, daemon=True).start()

    def _kill(self):
        final = os.path.join(self.outdir, f"part-{VICTIM:05d}.jsonl")
        while True:
            tmp = [p for p in glob.glob(final + ".tmp-*") if os.path.getsize(p) > 0]
            if tmp or os.path.exists(final):
                with open(self.marker, "w") as f:
                    f.write("mid-partition" if tmp and not os.path.exists(final) else "after-partition")
                os._exit(1)
            time.sleep(0.001)


def test_killed_worker_gives_the_same_output(tmp_path, reference):
    dump = tmp_path / "dump.jsonl"
    write_jsonl_dump(dump, 3000, seed=21)
    ref_lines, ref_model = reference([dump])
    out, model, marker = tmp_path / "out", tmp_path / "model.json", tmp_path / "killed"
    os.makedirs(out)

    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None,
                      silence_logs=50) as cluster, Client(cluster) as client:
        client.register_worker_plugin(KillDuringPartition(out, marker))
        # Partitions of about 700 articles: the part is written in chunks of 256,
        # so the kill lands while the first attempt is still writing.
        p = run_dask(dump, "-o", out, "--model", model, "--scheduler", cluster.scheduler_address,
                     "--partition-bytes", "256k")
        stderr = p.stderr.decode(errors="replace")
        assert p.returncode == 1, stderr
        assert marker.exists(), "no worker was killed"
        print("worker killed:", marker.read_text())
        assert len(client.scheduler_info()["workers"]) >= 1
    parts = check_job(out, model, ref_lines, ref_model, dump)
    assert parts > VICTIM
