#!/usr/bin/env python3
"""Drives a real tslab kernel through jupyter_client the way JupyterLab's Interrupt button does, for
test/notebooks/interrupt.test.ts.

Usage: interrupt-kernel.py WORKING_DIRECTORY RUNS_DIRECTORY CELL_1 CELL_2 CELL_3

Starts the `tslab` kernel in WORKING_DIRECTORY, executes CELL_1 without waiting for it, waits until a synthesis
run under RUNS_DIRECTORY has journalled at least one generated unit (the stage is mid-way), then interrupts the
kernel (KernelManager.interrupt_kernel: SIGINT to the kernel process, tslab's interrupt_mode "signal"), collects
CELL_1's reply, executes CELL_2, waits 4 s, executes CELL_3, and prints one JSON object with each cell's
status and text output and whether the kernel is alive at the end.
"""
import glob
import json
import os
import sys
import time

from jupyter_client.manager import start_new_kernel


def collect(client, msg_id, timeout):
    """The reply status and every text the cell printed or displayed (stream, result, error)."""
    texts = []
    deadline = time.time() + timeout
    while True:
        message = client.get_iopub_msg(timeout=max(1, deadline - time.time()))
        if message["parent_header"].get("msg_id") != msg_id:
            continue
        kind, content = message["msg_type"], message["content"]
        if kind == "stream":
            texts.append(content["text"])
        elif kind in ("execute_result", "display_data"):
            texts.append(content["data"].get("text/plain", ""))
        elif kind == "error":
            texts.append("%s: %s" % (content["ename"], content["evalue"]))
        elif kind == "status" and content["execution_state"] == "idle":
            break
    while True:
        reply = client.get_shell_msg(timeout=max(1, deadline - time.time()))
        if reply["parent_header"].get("msg_id") == msg_id:
            break
    return {"status": reply["content"].get("status", "(none: %s)" % reply["msg_type"]), "text": "".join(texts)}


def journalled_units(runs_directory):
    total = 0
    for path in glob.glob(os.path.join(runs_directory, "synthesis-*", "unit-results.jsonl*")):
        with open(path, encoding="utf-8") as stream:
            total += sum(1 for line in stream if line.strip())
    return total


def main():
    working_directory, runs_directory, first, second, third = sys.argv[1:6]
    manager, client = start_new_kernel(kernel_name="tslab", cwd=working_directory, startup_timeout=120)
    result = {}
    try:
        first_id = client.execute(first)
        deadline = time.time() + 240
        while journalled_units(runs_directory) < 1:
            if time.time() > deadline:
                raise SystemExit("the synthesis stage did not start within 240 s")
            time.sleep(0.2)
        result["unitsAtInterrupt"] = journalled_units(runs_directory)
        manager.interrupt_kernel()
        result["first"] = collect(client, first_id, 60)
        # After a failed cell tslab drops the requests that reach it within 200 ms (its execute queue is reset);
        # a person clicks the next cell later than that.
        time.sleep(1)
        result["second"] = collect(client, client.execute(second), 60)
        time.sleep(4)
        result["third"] = collect(client, client.execute(third), 60)
        result["alive"] = manager.is_alive()
    finally:
        client.stop_channels()
        manager.shutdown_kernel(now=True)
    print(json.dumps(result))


if __name__ == "__main__":
    main()
