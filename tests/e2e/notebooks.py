#!/usr/bin/python3
"""The notebooks of notebooks/ run: each executes with Debian's nbclient, no cell raises, within its time
budget, and at least one cell draws an image; the stored notebooks carry no outputs.

Run from the repository root: /usr/bin/python3 tests/e2e/notebooks.py PATH/TO/vsfsim [NOTEBOOK...]
The notebooks find the binary through $VSFSIM and write their results under $VSFSIM_NOTEBOOK_OUT (a
temporary folder here). The kernel is Debian's python3 kernelspec (python3-ipykernel); without one, a
kernelspec is installed into a temporary prefix. With $NOTEBOOK_IMAGES set to a folder, every image
output is also saved there as <notebook>-<cell>-<k>.png, to look at.
"""
import base64
import glob
import os
import subprocess
import sys
import tempfile
import time

import nbformat
from jupyter_client.kernelspec import KernelSpecManager
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
NOTEBOOKS = os.path.join(ROOT, "notebooks")
CELL_TIMEOUT_S = 300
BUDGET_S = 120  # each notebook's wall time on a loaded 2-core machine (the notebooks say how they keep to it)
failures = []


def fail(msg):
    failures.append(msg)
    print("FAIL:", msg, file=sys.stderr)


def check_stored(path, nb):
    """A notebook in the repository holds code and prose only: outputs belong to whoever runs it."""
    name = os.path.basename(path)
    if nb.nbformat != 4:
        fail(f"{name}: nbformat {nb.nbformat}, expected 4")
    code = [c for c in nb.cells if c.cell_type == "code"]
    if not code or not any(c.cell_type == "markdown" for c in nb.cells):
        fail(f"{name}: needs both prose and code cells")
    for i, c in enumerate(code):
        if c.get("outputs") or c.get("execution_count") is not None:
            fail(f"{name}: code cell {i} is stored with outputs or an execution count")


def ensure_kernel(tmp):
    if "python3" in KernelSpecManager().find_kernel_specs():
        return
    prefix = os.path.join(tmp, "kernel")
    subprocess.run(["/usr/bin/python3", "-m", "ipykernel", "install", "--prefix", prefix], check=True,
                   capture_output=True)
    os.environ["JUPYTER_PATH"] = os.path.join(prefix, "share", "jupyter")


def run_notebook(path, nb, images):
    name = os.path.basename(path)
    client = NotebookClient(nb, timeout=CELL_TIMEOUT_S, kernel_name="python3",
                            resources={"metadata": {"path": NOTEBOOKS}})
    t0 = time.monotonic()
    try:
        client.execute()
    except CellExecutionError as e:
        fail(f"{name}: a cell raised:\n{str(e)[-3000:]}")
        return
    wall = time.monotonic() - t0
    print(f"{name}: executed in {wall:.1f} s")
    if wall > BUDGET_S:
        fail(f"{name}: took {wall:.0f} s, over its budget of {BUDGET_S} s")
    pngs = 0
    for i, cell in enumerate(nb.cells):
        for out in cell.get("outputs", []):
            if out.get("output_type") == "error":
                fail(f"{name}: cell {i} has an error output: {out.get('ename')}")
            png = out.get("data", {}).get("image/png")
            if png:
                pngs += 1
                if images:
                    with open(os.path.join(images, f"{name[:-6]}-{i:02d}-{pngs}.png"), "wb") as f:
                        f.write(base64.b64decode(png))
            text = "".join(out.get("text", "")) if out.get("output_type") == "stream" else ""
            if out.get("name") == "stderr" and "Warning" in text:
                fail(f"{name}: cell {i} warns: {text.strip()[:300]}")
    if pngs == 0:
        fail(f"{name}: no cell drew an image")
    print(f"{name}: {pngs} images")


def main():
    binary = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, "build", "vsfsim"))
    paths = sys.argv[2:] or sorted(glob.glob(os.path.join(NOTEBOOKS, "*.ipynb")))
    if len(paths) < 3 and not sys.argv[2:]:
        fail(f"expected at least three notebooks in notebooks/, found {len(paths)}")
    images = os.environ.get("NOTEBOOK_IMAGES")
    with tempfile.TemporaryDirectory(prefix="vsfsim-notebooks-") as tmp:
        ensure_kernel(tmp)
        os.environ["VSFSIM"] = binary
        os.environ["VSFSIM_NOTEBOOK_OUT"] = os.path.join(tmp, "out")
        os.environ["MPLBACKEND"] = "module://matplotlib_inline.backend_inline"
        os.environ["PYDEVD_DISABLE_FILE_VALIDATION"] = "1"  # ipykernel 6.17 on Python 3.11: debugger chatter
        for path in paths:
            nb = nbformat.read(path, as_version=4)
            check_stored(path, nb)
            run_notebook(path, nb, images)
    if failures:
        print(f"{len(failures)} failures", file=sys.stderr)
        sys.exit(1)
    print("notebooks: ok")


main()
