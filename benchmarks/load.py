"""20 concurrent clients asking through the web app's API (gradio_client) for a bounded time, the
app in its own process (`jiyao ui`) as users run it. Prints answers, failures and latency.
Run: .venv/bin/python benchmarks/load.py [--clients 20] [--seconds 30]"""
from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")

from ui.browser import free_port  # noqa: E402

QUESTIONS = ["2020年全国发生了多少起事故？", "江苏化工园区压减到多少个？", "How many accidents happened in 2020?",
             "河南组织了多少个督导组？", "交通运输部去年改造了多少座危桥？"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=30.0)
    args = parser.parse_args()
    from gradio_client import Client

    home = Path(tempfile.mkdtemp(prefix="jiyao-load-"))
    port = free_port()
    env = {**os.environ, "JIYAO_HOME": str(home), "JIYAO_UI_AUTH": "load:test-pass"}
    server = subprocess.Popen([sys.executable, "-m", "agent", "ui", "--port", str(port)], cwd=ROOT, env=env,
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    url = f"http://127.0.0.1:{port}/"
    try:
        for line in server.stdout:  # wait until it serves (first start indexes the sample)
            if "Running on" in line:
                break
        Client(url, auth=("load", "test-pass"), verbose=False).predict(QUESTIONS[0], "extractive", api_name="/ask")
        latencies, failures, lock = [], [], threading.Lock()
        stop = time.time() + args.seconds

        def client(i: int) -> None:
            c = Client(url, auth=("load", "test-pass"), verbose=False)
            n = 0
            while time.time() < stop:
                t0 = time.perf_counter()
                try:
                    ok = bool(c.predict(QUESTIONS[(i + n) % len(QUESTIONS)], "extractive", api_name="/ask")["answer"])
                except Exception:  # noqa: BLE001 - counted
                    ok = False
                with lock:
                    (latencies if ok else failures).append(time.perf_counter() - t0)
                n += 1

        threads = [threading.Thread(target=client, args=(i,)) for i in range(args.clients)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        ordered = sorted(latencies)
        print(f"{args.clients} clients, {args.seconds:.0f} s: {len(latencies)} answered, {len(failures)} failed; "
              f"{len(latencies) / args.seconds:.1f} answers/s; latency p50 {statistics.median(ordered):.2f} s, "
              f"p95 {ordered[int(0.95 * len(ordered))]:.2f} s, max {ordered[-1]:.2f} s")
    finally:
        server.terminate()
        server.wait(timeout=30)
        shutil.rmtree(home, ignore_errors=True)


if __name__ == "__main__":
    main()
