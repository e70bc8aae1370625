#!/usr/bin/python3
"""vsfsim report in a real browser: reports of a short quickstart run, a failover run and a small sweep are
rendered by headless Chromium; each must load with no console message, every <img> must decode
(naturalWidth > 0) and the screenshot must not be blank (many distinct colours). The checks are first
shown to fail on a deliberately broken page (an undecodable image, a script error) and a blank one.
Also: the report is self-contained (no http(s) reference), DIR that is no results directory is refused
with exit 2 and nothing written, and -o writes where it is told.

Usage: report.py path/to/vsfsim (run from the repository root). Needs chromium, python3-matplotlib and
python3-pandas (tools/install-deps).
"""
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402  (imread decodes the screenshots)

VSFSIM = os.path.abspath(sys.argv[1])
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
REPO = os.getcwd()
failures = []


def check(ok, what):
    print(("ok   " if ok else "FAIL ") + what)
    if not ok:
        failures.append(what)


def run(args, **kw):
    return subprocess.run([VSFSIM] + args, capture_output=True, text=True, timeout=120, **kw)


# Runs before anything of the page: records script errors, console.error/warn calls and resources that fail
# to load (capture phase: those events do not bubble); at load, checks every image and writes the verdict
# into the DOM, where --dump-dom returns it.
PROBE = """<script>
(function () {
  var problems = [];
  ["error", "warn"].forEach(function (level) {
    var orig = console[level];
    console[level] = function () { problems.push(level + ": " + Array.from(arguments).join(" ")); orig.apply(console, arguments); };
  });
  window.addEventListener("error", function (e) {
    var t = e.target;
    problems.push(t && t !== window ? "resource failed: " + (t.src || t.href || t.tagName).slice(0, 80) : "script error: " + e.message);
  }, true);
  window.addEventListener("load", function () {
    var imgs = Array.from(document.images);
    var bad = imgs.filter(function (i) { return !i.complete || i.naturalWidth === 0; }).map(function (i) { return i.alt; });
    var out = document.createElement("pre");
    out.id = "report-check";
    out.textContent = JSON.stringify({images: imgs.length, undecoded: bad, problems: problems});
    document.body.appendChild(out);
  });
})();
</script>"""


def chromium(args, url):
    return subprocess.run([CHROMIUM, "--headless=new", "--no-sandbox", "--disable-gpu", "--no-first-run",
                           "--disable-extensions", "--hide-scrollbars", "--enable-logging=stderr", "--v=0",
                           "--virtual-time-budget=5000"] + args + [url],
                          capture_output=True, text=True, timeout=90)


def browser_problems(html_path, tmp):
    """What is wrong with the page in Chromium: [] when it loaded cleanly and every image decoded."""
    text = open(html_path, encoding="utf-8").read()
    probed = os.path.join(tmp, "probed-" + os.path.basename(html_path))
    with open(probed, "w", encoding="utf-8") as f:
        f.write(re.sub(r"<head>", "<head>" + PROBE.replace("\\", "\\\\"), text, count=1) if "<head>" in text
                else PROBE + text)
    res = chromium(["--dump-dom"], "file://" + probed)
    problems = []
    m = re.search(r'<pre id="report-check">(.*?)</pre>', res.stdout, re.S)
    if not m:
        return [f"no verdict in the dumped DOM (chromium exit {res.returncode}): {res.stderr[-300:]}"]
    verdict = json.loads(m.group(1).replace("&quot;", '"').replace("&lt;", "<").replace("&gt;", ">")
                         .replace("&amp;", "&"))
    if verdict["images"] == 0:
        problems.append("no image at all")
    problems += [f"image not decoded: {alt}" for alt in verdict["undecoded"]]
    problems += verdict["problems"]
    # Messages Chromium itself logs to the console (blocked loads, CSP, ...) reach only its log.
    problems += [line for line in res.stderr.splitlines() if ":CONSOLE" in line]
    return problems


def screenshot_colours(html_path, tmp, name):
    """Distinct colours in a 1280x2400 screenshot of the page (a blank page has 1)."""
    shot = os.path.join(tmp, name + ".png")
    res = chromium([f"--screenshot={shot}", "--window-size=1280,2400"], "file://" + os.path.abspath(html_path))
    if not os.path.exists(shot):
        return 0, f"no screenshot (chromium exit {res.returncode}): {res.stderr[-300:]}"
    pixels = (plt.imread(shot)[:, :, :3] * 255).astype("uint8").reshape(-1, 3)
    colours = len({tuple(p) for p in pixels[::7]})
    return colours, shot


def check_page(label, html_path, tmp, keep):
    problems = browser_problems(html_path, tmp)
    check(problems == [], f"{label}: loads in Chromium with no console message, every image decoded {problems[:5]}")
    colours, shot = screenshot_colours(html_path, tmp, label)
    check(colours >= 200, f"{label}: screenshot not blank ({colours} distinct colours, {shot})")
    if keep and os.path.exists(shot):
        shutil.copy(shot, os.path.join(keep, os.path.basename(shot)))


def main():
    if CHROMIUM is None:
        print("FAIL chromium is not installed (tools/install-deps)")
        return 1
    keep = os.environ.get("REPORT_SCREENSHOTS")  # a folder to keep the screenshots in, to look at them
    tmp = tempfile.mkdtemp(prefix="vsfsim-report-")
    try:
        # The checks can fail: a broken page and a blank one.
        broken = os.path.join(tmp, "broken.html")
        with open(broken, "w") as f:
            f.write('<!DOCTYPE html><html><head></head><body><p>text</p><img alt="bad" '
                    'src="data:image/png;base64,iVBORw0KGgoAAAA"><script>console.error("boom");'
                    "undefined_function();</script></body></html>")
        problems = browser_problems(broken, tmp)
        check(any("image not decoded" in p for p in problems), f"a broken image is caught {problems}")
        check(any("boom" in p for p in problems), "a console error is caught")
        check(any("undefined_function" in p for p in problems), "a script error is caught")
        blank = os.path.join(tmp, "blank.html")
        with open(blank, "w") as f:
            f.write("<!DOCTYPE html><html><head></head><body></body></html>")
        colours, _ = screenshot_colours(blank, tmp, "blank")
        check(colours < 200, f"a blank page is caught ({colours} distinct colours)")

        q = os.path.join(tmp, "quickstart")
        r = run(["run", "scenarios/quickstart.json", "-o", q, "--set", "/duration=15min", "--no-progress"])
        check(r.returncode == 0, f"quickstart run {r.stderr[-300:]}")
        mf = os.path.join(tmp, "failover")
        r = run(["run", "scenarios/master-failover.json", "-o", mf, "--no-progress"])
        check(r.returncode == 0, f"master-failover run {r.stderr[-300:]}")
        sweep_file = os.path.join(tmp, "small-sweep.json")
        with open(sweep_file, "w") as f:
            json.dump({"name": "report-test", "scenario": os.path.join(REPO, "scenarios/quickstart.json"),
                       "set": {"/fidelity": "flow", "/duration": "30min", "/traffic_scale": 3},
                       "axes": [{"pointer": "/grid/cpus", "values": [10, 14]},
                                {"name": "policy", "pointers": ["/vsfs/0/policy/high"], "values": [0.7, 0.85],
                                 "labels": ["tight", "loose"]}],
                       "replications": 2, "seed": 1,
                       "metrics": [{"name": "denials", "pointer": "/grid/denials/needs"},
                                   {"name": "shop_p95_ms", "pointer": "/vsfs/0/response_ms/p95"}]}, f)
        sw = os.path.join(tmp, "sweep")
        r = run(["sweep", sweep_file, "-o", sw, "-j", "2", "--no-progress"])
        check(r.returncode == 0, f"small sweep {r.stderr[-300:]}")

        for label, d, expected_images in (("quickstart", q, 2 + 3), ("failover", mf, 3 + 3), ("sweep", sw, 2)):
            r = run(["report", d])
            out = os.path.join(d, "report.html")
            check(r.returncode == 0 and os.path.exists(out), f"{label}: vsfsim report DIR writes DIR/report.html "
                                                             f"{r.stderr[-400:]}")
            if not os.path.exists(out):
                continue
            text = open(out, encoding="utf-8").read()
            images = len(re.findall(r"<img ", text))
            check(images == expected_images, f"{label}: {images} figures, expected {expected_images}")
            remote = re.findall(r"""(?:src|href)\s*=\s*["']?(?:https?:)?//""", text)
            check(not remote and "<script" not in text, f"{label}: self-contained (no remote reference, no script)")
            check_page(label, out, tmp, keep)

        elsewhere = os.path.join(tmp, "elsewhere.html")
        r = run(["report", mf, "-o", elsewhere])
        check(r.returncode == 0 and os.path.getsize(elsewhere) > 10000, "-o FILE writes FILE")
        same = os.path.exists(elsewhere) and open(elsewhere, "rb").read() == open(os.path.join(mf, "report.html"),
                                                                                   "rb").read()
        check(same, "the same results give the same bytes (no time stamp, no PNG metadata)")

        # An installed vsfsim, outside its build tree, finds PREFIX/share/vsfsim/report and the loader beside it.
        prefix = os.path.join(tmp, "prefix")
        inst = subprocess.run(["cmake", "--install", os.path.dirname(VSFSIM), "--prefix", prefix],
                              capture_output=True, text=True, timeout=120)
        installed_html = os.path.join(tmp, "installed.html")
        r = subprocess.run([os.path.join(prefix, "bin", "vsfsim"), "report", mf, "-o", installed_html],
                           capture_output=True, text=True, timeout=120)
        check(inst.returncode == 0 and r.returncode == 0 and os.path.exists(installed_html)
              and os.path.exists(os.path.join(prefix, "share/vsfsim/python/vsfsim_results.py")),
              f"the installed vsfsim makes the report with the installed script {inst.stderr[-300:]}{r.stderr[-300:]}")
        r = run(["report", tmp])
        check(r.returncode == 2 and tmp in r.stderr and "summary.json" in r.stderr
              and not os.path.exists(os.path.join(tmp, "report.html")),
              f"a DIR that is no results directory: exit 2, named, nothing written ({r.returncode}: {r.stderr})")
        # Results of another shape: every problem named with its JSON pointer, exit 2, nothing written.
        odd = os.path.join(tmp, "odd")
        shutil.copytree(q, odd)
        os.remove(os.path.join(odd, "report.html"))
        summary = json.load(open(os.path.join(odd, "summary.json")))
        del summary["grid"]["energy_j"]
        summary["vsfs"][1]["requests"] = "many"
        json.dump(summary, open(os.path.join(odd, "summary.json"), "w"))
        r = run(["report", odd])
        check(r.returncode == 2 and "/grid/energy_j: missing" in r.stderr
              and "/vsfs/1/requests: expected an object" in r.stderr
              and not os.path.exists(os.path.join(odd, "report.html")),
              f"a summary.json of another shape: exit 2, both problems named, nothing written ({r.stderr})")
        with open(os.path.join(odd, "summary.json"), "w") as f:
            f.write("[]")
        r = run(["report", odd])
        check(r.returncode == 2 and "Traceback" not in r.stderr,
              f"a summary.json that is an array: exit 2 ({r.stderr})")
        r = run(["report", os.path.join(tmp, "missing")])
        check(r.returncode == 2 and "not a directory" in r.stderr, "a missing DIR: exit 2")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    print(f"{len(failures)} failure(s)")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
