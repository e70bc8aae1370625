#!/usr/bin/python3
"""Includes and link lines agree: each folder of src/ is a library (CMakeLists.txt, vsfsim_module) and
may include headers only of the modules it links directly, so the link lines show the real layering.

Run from the repository root: /usr/bin/python3 tests/e2e/layering.py [PATH/TO/vsfsim (ignored)]
- every `#include "<module>/..."` under src/<m>/ names <m> or a module on <m>'s link line (the `vsfsim`
  executable's for src/cli/);
- the typed scenario (src/model/) includes no JSON library and no other module;
- only src/sim/ includes SimGrid;
- a unit test (tests/unit/<m>/, linked with vsfsim_<m> alone) includes only modules <m> links, at any depth.
"""
import glob
import os
import re
import sys

failures = []


def fail(msg):
    failures.append(msg)
    print("FAIL:", msg, file=sys.stderr)


def link_lines(cmake):
    links = {}
    for m in re.finditer(r"vsfsim_module\((\w+)([^)]*)\)", cmake):
        links[m.group(1)] = set(re.findall(r"\bvsfsim_(\w+)", m.group(2)))
    exe = re.search(r"target_link_libraries\(vsfsim\s+PRIVATE([^)]*)\)", cmake)
    if exe:
        links["cli"] = set(re.findall(r"\bvsfsim_(\w+)", exe.group(1)))
    return links


def includes(files):
    """(file, line number, included path) of every #include in `files`."""
    out = []
    for path in files:
        with open(path, encoding="utf-8") as f:
            for n, line in enumerate(f, 1):
                m = re.match(r'\s*#\s*include\s*[<"]([^>"]+)[>"]', line)
                if m:
                    out.append((path, n, m.group(1)))
    return out


def sources(folder):
    return sorted(glob.glob(os.path.join(folder, "**", "*.[ch]pp"), recursive=True))


def closure(links, module):
    seen, todo = set(), [module]
    while todo:
        for dep in links.get(todo.pop(), ()):
            if dep not in seen:
                seen.add(dep)
                todo.append(dep)
    return seen


def main():
    with open("CMakeLists.txt", encoding="utf-8") as f:
        links = link_lines(f.read())
    modules = sorted(d for d in os.listdir("src") if os.path.isdir(os.path.join("src", d)))
    for module in modules:
        if module not in links:
            fail(f"src/{module}/ has no link line in CMakeLists.txt")
            continue
        for path, n, inc in includes(sources(os.path.join("src", module))):
            top = inc.split("/")[0]
            if top in modules and top != module and top not in links[module]:
                fail(f"{path}:{n}: includes {inc}, but vsfsim_{module} does not link vsfsim_{top}")
            if module == "model" and (top in modules and top != "model" or inc.startswith("nlohmann/")):
                fail(f"{path}:{n}: the typed scenario includes {inc}; src/model/ is plain data")
            if module != "sim" and inc.startswith("simgrid/"):
                fail(f"{path}:{n}: includes {inc}; only src/sim/ uses SimGrid")
    for folder in sorted(glob.glob("tests/unit/*/")):
        module = os.path.basename(os.path.dirname(folder))
        reachable = closure(links, module) | {module}
        for path, n, inc in includes(sources(folder)):
            top = inc.split("/")[0]
            if top in modules and top not in reachable:
                fail(f"{path}:{n}: includes {inc}, but unit_{module} links only vsfsim_{module}")
    if failures:
        return 1
    print(f"layering ok: {len(modules)} modules")
    return 0


if __name__ == "__main__":
    sys.exit(main())
