"""Prints the versions of the packages the finetuning depends on, as JSON (used by entrypoint.py and to fill
image.lock.json: docker run --rm --entrypoint python IMAGE /opt/ecg-llm/record-versions.py)."""
import json
import os
import platform
import subprocess
from importlib import metadata

PACKAGES = ["axolotl", "torch", "transformers", "peft", "bitsandbytes", "accelerate", "trl", "gguf"]


def versions():
    found = {"python": platform.python_version()}
    for name in PACKAGES:
        try:
            found[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            found[name] = "not installed"
    llama_cpp = os.environ.get("ECG_LLM_LLAMA_CPP", "/opt/llama.cpp")
    try:
        found["llama.cpp"] = subprocess.run(["git", "-C", llama_cpp, "describe", "--tags"], capture_output=True, text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        found["llama.cpp"] = os.environ.get("LLAMA_CPP_TAG", "see Dockerfile")
    return found


if __name__ == "__main__":
    print(json.dumps(versions(), indent=2, sort_keys=True))
