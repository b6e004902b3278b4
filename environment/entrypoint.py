"""Entrypoint of the ECG-LLM finetuning image: runs Axolotl on the workspace's inputs and writes the outputs the
workspace polls (the container contract in environment/README.md).

Reads (read-only)  /input/config.json      the finetuning spec (for the log and the adapter's base model)
                   /input/axolotl.yaml     the trainer configuration generated from the spec
                   /input/train-chat.jsonl, /input/val-chat.jsonl
Writes             /output/status.json     {state, step, totalSteps, epoch, message, updatedAt}, rewritten atomically
                   /output/metrics.jsonl   one line per logging step / evaluation: step, epoch, loss, learningRate, evalLoss
                   /output/train.log       the trainer's stdout and stderr
                   /output/adapter/        adapter_config.json, adapter_model.safetensors, adapter.gguf
                   /output/artifacts.json  every adapter file with its sha256 and size, and the software versions

The folders can be moved with ECG_LLM_INPUT_DIR / ECG_LLM_OUTPUT_DIR. The Hugging Face token (HF_TOKEN) is
read from the environment by huggingface_hub and never written anywhere. SIGTERM (scancel, docker stop,
Kubernetes deletion) stops the trainer and leaves status `cancelled`.
"""
import ast
import hashlib
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time

INPUT = os.environ.get("ECG_LLM_INPUT_DIR", "/input")
OUTPUT = os.environ.get("ECG_LLM_OUTPUT_DIR", "/output")
LLAMA_CPP = os.environ.get("ECG_LLM_LLAMA_CPP", "/opt/llama.cpp")
ADAPTER_FILES = ("adapter_config.json", "adapter_model.safetensors")

state = {"state": "queued", "step": 0, "totalSteps": 0, "epoch": 0.0}
child = None
cancelled = False


def write_atomic(name, text):
    target = os.path.join(OUTPUT, name)
    temporary = f"{target}.tmp-{os.getpid()}"
    with open(temporary, "w", encoding="utf-8") as handle:
        handle.write(text)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(temporary, target)


def status(**fields):
    state.update(fields)
    state["updatedAt"] = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
    write_atomic("status.json", json.dumps(state) + "\n")


def log(line):
    text = f"{time.strftime('%Y-%m-%dT%H:%M:%SZ', time.gmtime())} entrypoint: {line}\n"
    with open(os.path.join(OUTPUT, "train.log"), "a", encoding="utf-8") as handle:
        handle.write(text)
    sys.stdout.write(text)
    sys.stdout.flush()


def sha256(path):
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def on_sigterm(_signum, _frame):
    global cancelled
    cancelled = True
    if child is not None and child.poll() is None:
        child.send_signal(signal.SIGTERM)


# Hugging Face Trainer prints each log as a Python dict, e.g. {'loss': 1.23, 'grad_norm': 0.4,
# 'learning_rate': 0.0002, 'epoch': 0.05} or {'eval_loss': 1.4, ..., 'epoch': 0.1}.
LOG_DICT = re.compile(r"\{'(?:loss|eval_loss)'[^{}]*\}")
PROGRESS = re.compile(r"\|\s*(\d+)/(\d+)\s*\[")


def metric_from(text, logging_steps, eval_steps, counters):
    try:
        values = ast.literal_eval(text)
    except (ValueError, SyntaxError):
        return None
    if not isinstance(values, dict):
        return None
    if "loss" in values:
        counters["train"] += 1
        step = state["step"] or counters["train"] * logging_steps
        metric = {"step": int(step), "epoch": float(values.get("epoch", 0.0)), "loss": float(values["loss"])}
        if "learning_rate" in values:
            metric["learningRate"] = float(values["learning_rate"])
        if "grad_norm" in values:
            metric["gradNorm"] = float(values["grad_norm"])
        return metric
    if "eval_loss" in values:
        counters["eval"] += 1
        step = state["step"] or counters["eval"] * eval_steps
        return {"step": int(step), "epoch": float(values.get("epoch", 0.0)), "evalLoss": float(values["eval_loss"])}
    return None


def train(spec):
    global child
    training = spec["training"]
    counters = {"train": 0, "eval": 0}
    command = ["axolotl", "train", os.path.join(INPUT, "axolotl.yaml")]
    log("running " + " ".join(command))
    status(state="running")
    with open(os.path.join(OUTPUT, "train.log"), "a", encoding="utf-8") as train_log, open(os.path.join(OUTPUT, "metrics.jsonl"), "a", encoding="utf-8") as metrics:
        child = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, bufsize=1, cwd=OUTPUT)
        for line in child.stdout:
            train_log.write(line)
            train_log.flush()
            sys.stdout.write(line)
            for match in PROGRESS.finditer(line):
                step, total = int(match.group(1)), int(match.group(2))
                if total >= state["totalSteps"]:
                    state["step"], state["totalSteps"] = step, total
            for match in LOG_DICT.finditer(line):
                metric = metric_from(match.group(0), training["loggingSteps"], training["evalSteps"], counters)
                if metric is not None:
                    metrics.write(json.dumps(metric) + "\n")
                    metrics.flush()
                    status(epoch=metric["epoch"])
        return child.wait()


def final_adapter_folder():
    """Axolotl saves the final adapter in output_dir; fall back to the newest checkpoint."""
    trainer = os.path.join(OUTPUT, "trainer")
    if all(os.path.exists(os.path.join(trainer, name)) for name in ADAPTER_FILES):
        return trainer
    checkpoints = sorted((entry for entry in os.listdir(trainer) if entry.startswith("checkpoint-")), key=lambda name: int(name.split("-")[1]))
    for checkpoint in reversed(checkpoints):
        folder = os.path.join(trainer, checkpoint)
        if all(os.path.exists(os.path.join(folder, name)) for name in ADAPTER_FILES):
            return folder
    raise FileNotFoundError(f"no adapter ({', '.join(ADAPTER_FILES)}) under {trainer}")


def convert_to_gguf(adapter, base_model):
    from huggingface_hub import snapshot_download

    # The base model's config is already in the Hugging Face cache (the trainer downloaded it).
    base = snapshot_download(base_model, allow_patterns=["config.json", "tokenizer*", "*.json"], local_files_only=True)
    target = os.path.join(adapter, "adapter.gguf")
    command = [sys.executable, os.path.join(LLAMA_CPP, "convert_lora_to_gguf.py"), "--outfile", target, "--outtype", "f16", "--base", base, adapter]
    log("converting the adapter to GGUF: " + " ".join(command))
    result = subprocess.run(command, capture_output=True, text=True)
    with open(os.path.join(OUTPUT, "train.log"), "a", encoding="utf-8") as train_log:
        train_log.write(result.stdout + result.stderr)
    if result.returncode != 0:
        raise RuntimeError(f"convert_lora_to_gguf.py exited with {result.returncode}: {result.stderr.strip()[-2000:]}")
    return target


def main():
    os.makedirs(os.path.join(OUTPUT, "adapter"), exist_ok=True)
    signal.signal(signal.SIGTERM, on_sigterm)
    with open(os.path.join(INPUT, "config.json"), encoding="utf-8") as handle:
        spec = json.load(handle)
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    from importlib import import_module

    versions = import_module("record-versions").versions()
    log(f"base model {spec['baseModel']}, preset {spec['preset']}, r={spec['lora']['r']}, alpha={spec['lora']['alpha']}; versions {json.dumps(versions, sort_keys=True)}")
    status(state="queued")
    try:
        code = train(spec)
    except Exception as error:  # noqa: BLE001 - any failure must end in status.json
        log(f"error: {error}")
        status(state="failed", message=str(error))
        return 1
    if cancelled:
        log("cancelled (SIGTERM)")
        status(state="cancelled")
        return 143
    if code != 0:
        log(f"error: axolotl exited with code {code}")
        status(state="failed", message=f"axolotl exited with code {code}")
        return code
    try:
        source = final_adapter_folder()
        adapter = os.path.join(OUTPUT, "adapter")
        for name in ADAPTER_FILES:
            shutil.copy2(os.path.join(source, name), os.path.join(adapter, name))
        convert_to_gguf(adapter, spec["baseModel"])
        files = []
        for name in sorted(os.listdir(adapter)):
            path = os.path.join(adapter, name)
            if os.path.isfile(path):
                files.append({"path": f"adapter/{name}", "sha256": sha256(path), "bytes": os.path.getsize(path)})
        write_atomic("artifacts.json", json.dumps({"files": files, "trainer": "axolotl", "versions": versions}, indent=2) + "\n")
    except Exception as error:  # noqa: BLE001
        log(f"error: {error}")
        status(state="failed", message=str(error))
        return 1
    log("finished")
    status(state="succeeded")
    return 0


if __name__ == "__main__":
    sys.exit(main())
