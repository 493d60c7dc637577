"""Runs a module written for the earlier Python platform under this platform's module contract.

The module folder (the working directory) holds src/run.py defining run(params, outputs_dir). This
adapter reads the request (PLATFORM_REQUEST_FILE), calls run() with the request's inputs and the
outputs folder, and writes what run() returned as the result file (PLATFORM_RESULT_FILE). The
platform checks that result as it checks any module's: an unknown reason or a file outside the
outputs folder still fails the run. An exception in the module is printed to stderr (stderr.log),
written as a FAILED result and ends the process with exit code 1 (module_failed).
"""

import importlib.util
import json
import os
import pathlib
import sys
import traceback

ENTRY = os.path.join("src", "run.py")


class OutputsDir(pathlib.PosixPath):
    """The outputs folder as a path that also joins like a string: modules written for either form run."""

    def __add__(self, other):
        return str(self) + other

    def __radd__(self, other):
        return other + str(self)


def load_module():
    source = os.path.join(os.getcwd(), "src")
    sys.path.insert(0, source)
    spec = importlib.util.spec_from_file_location("run", os.path.join(source, "run.py"))
    module = importlib.util.module_from_spec(spec)
    sys.modules["run"] = module
    spec.loader.exec_module(module)
    if not callable(getattr(module, "run", None)):
        raise TypeError(ENTRY + " defines no function run(params, outputs_dir)")
    return module.run


def relative_file(entry, outputs_dir):
    """A returned path as the platform wants it: relative to the outputs folder when it lies inside.
    Anything else is passed on unchanged, so the platform's own check rejects it."""
    path = os.fspath(entry)
    if not isinstance(path, str) or not os.path.isabs(path):
        return path
    inside = os.path.relpath(os.path.realpath(path), os.path.realpath(outputs_dir))
    if inside == os.curdir or inside == os.pardir or inside.startswith(os.pardir + os.sep):
        return path
    return inside


def result_of(returned, outputs_dir):
    if not isinstance(returned, dict):
        raise TypeError("run() returned %s, not a dict with files, status and reason_slug" % type(returned).__name__)
    slug = returned.get("reason_slug") or None
    status = returned.get("status")
    if status is None:
        status = "FAILED" if slug else "COMPLETED"
    files = returned.get("files") or []
    if isinstance(files, (str, os.PathLike)) or not hasattr(files, "__iter__"):
        raise TypeError("run() returned files as %s, not a list" % type(files).__name__)
    return {
        "status": str(status).upper(),
        "reason_slug": slug,
        "files": [relative_file(f, outputs_dir) for f in files],
    }


def write_result(result):
    with open(os.environ["PLATFORM_RESULT_FILE"], "w", encoding="utf-8") as out:
        json.dump(result, out)


def main():
    try:
        with open(os.environ["PLATFORM_REQUEST_FILE"], encoding="utf-8") as request_file:
            request = json.load(request_file)
        outputs_dir = os.environ["PLATFORM_OUTPUTS_DIR"]
        run = load_module()
        returned = run(request.get("inputs") or {}, OutputsDir(outputs_dir))
        result = result_of(returned, outputs_dir)
    except BaseException as error:  # the module's own SystemExit and KeyboardInterrupt included
        traceback.print_exc()
        sys.stderr.write("python_module_adapter: the module failed: %s: %s\n" % (type(error).__name__, error))
        sys.stderr.flush()
        write_result({"status": "FAILED", "reason_slug": None, "files": []})
        return 1
    write_result(result)
    return 0


if __name__ == "__main__":
    sys.exit(main())
