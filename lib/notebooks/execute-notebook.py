#!/usr/bin/env python3
"""Executes one notebook headless with nbclient and reports the outcome as one JSON line on stdout.

Used by `ecg-llm notebooks run` (lib/notebooks/run-notebooks.ts). nbconvert's own --execute reports a failing
tslab cell with an empty error (tslab prints TypeScript compile errors as stream output), so this runner
collects the failing cell's index, source and every output it printed, and still saves the partially
executed notebook for inspection.

Usage: execute-notebook.py INPUT OUTPUT WORKING_DIRECTORY KERNEL_NAME CELL_TIMEOUT_SECONDS
"""
import json
import os
import sys
import tempfile

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError


def cell_text(cell):
    """The failing cell's error (name: value) first, then what it printed (tslab prints compile errors)."""
    errors, streams = [], []
    for output in cell.get("outputs", []):
        kind = output.get("output_type")
        if kind == "stream":
            streams.append(output.get("text", ""))
        elif kind == "error":
            errors.append("%s: %s" % (output.get("ename", ""), output.get("evalue", "")))
    parts = errors + streams
    return "\n".join(part.strip() for part in parts if part and part.strip())


def write_atomic(notebook, path):
    directory = os.path.dirname(os.path.abspath(path))
    os.makedirs(directory, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=directory, prefix=".", suffix=".ipynb.tmp")
    with os.fdopen(handle, "w", encoding="utf-8") as stream:
        nbformat.write(notebook, stream)
        stream.flush()
        os.fsync(stream.fileno())
    os.replace(temporary, path)


def main():
    source, target, working_directory, kernel_name, timeout = sys.argv[1:6]
    notebook = nbformat.read(source, as_version=4)
    state = {"index": None}

    def on_cell_start(cell, cell_index):
        state["index"] = cell_index

    client = NotebookClient(
        notebook,
        kernel_name=kernel_name,
        timeout=int(timeout),
        startup_timeout=120,
        allow_errors=False,
        resources={"metadata": {"path": working_directory}},
        on_cell_start=on_cell_start,
    )
    result = {"status": "ok", "cells": len(notebook.cells)}
    try:
        client.execute()
    except (CellExecutionError, CellTimeoutError, DeadKernelError) as error:
        index = state["index"]
        cell = notebook.cells[index] if index is not None else {}
        message = cell_text(cell) if cell else ""
        if isinstance(error, CellTimeoutError):
            message = ("cell timed out after %s s. " % timeout) + message
        elif isinstance(error, DeadKernelError):
            message = "the kernel died. " + message
        if not message:
            message = str(error).strip().splitlines()[-1] if str(error).strip() else type(error).__name__
        code_cells = [i for i, c in enumerate(notebook.cells) if c.cell_type == "code"]
        result = {
            "status": "error",
            "cellIndex": index,
            "codeCellNumber": (code_cells.index(index) + 1) if index in code_cells else None,
            "cellSource": cell.get("source", "") if cell else "",
            "message": message,
        }
    write_atomic(notebook, target)
    sys.stdout.write(json.dumps(result) + "\n")


if __name__ == "__main__":
    main()
