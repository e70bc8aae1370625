#!/usr/bin/python3
"""Code shape: no source file of src/ over 400 lines, no function over 60 lines.

Small files by concern and short functions are what keep src/ easy to live in. Functions are found by
a brace scan (comments, strings and preprocessor lines blanked): a `{` whose header has a parameter
list and is not a control statement, class, namespace, enum or lambda opens a function when it stands
at namespace or class scope; the function's length runs from its header's first line to its closing
brace. Usage: code_shape.py [vsfsim] (the binary is not used; run from the repository root).
"""
import re
import sys
from pathlib import Path

MAX_FILE_LINES = 400
MAX_FUNCTION_LINES = 60
CONTROL = {"if", "for", "while", "switch", "catch", "return", "sizeof", "decltype", "alignof"}


def skip_line(text, i):
    """Index of the end of the line at i, following backslash continuations."""
    while True:
        k = text.find("\n", i)
        if k < 0:
            return len(text)
        if text[k - 1] != "\\":
            return k
        i = k + 1


def strip(text):
    """Blanks comments, string and char literals and preprocessor lines, keeping the line breaks."""
    out, i, n = [], 0, len(text)
    at_line_start = True
    while i < n:
        c = text[i]
        if text.startswith("//", i):
            i = skip_line(text, i)
            continue
        if text.startswith("/*", i):
            j = text.find("*/", i + 2)
            j = n if j < 0 else j + 2
            out.append("\n" * text.count("\n", i, j))
            i = j
            continue
        if text.startswith('R"', i):
            m = re.match(r'R"([^(]*)\(', text[i:])
            end = text.find(")" + m.group(1) + '"', i) + len(m.group(1)) + 2
            out.append('""' + "\n" * text.count("\n", i, end))
            i = end
            continue
        if c in "\"'" and not (c == "'" and i > 0 and text[i - 1].isalnum()):  # not a digit separator
            j = i + 1
            while j < n and text[j] != c:
                j += 2 if text[j] == "\\" else 1
            out.append(c + c)
            i = j + 1
            continue
        if c == "#" and at_line_start:
            j = skip_line(text, i)
            out.append("\n" * text.count("\n", i, j))
            i = j
            continue
        if c == "\n":
            at_line_start = True
        elif not c.isspace():
            at_line_start = False
        out.append(c)
        i += 1
    return "".join(out)


def is_function_header(header):
    h = " ".join(header.split())
    if "(" not in h:
        return False
    before = h.split("(")[0]
    if re.search(r"\b(class|struct|namespace|enum|union)\b", before) or "=" in before:
        return False
    if re.search(r"\]\s*(\([^()]*\))?\s*(mutable)?\s*(->[^{]*)?$", h):  # a lambda
        return False
    m = re.search(r"(operator\s*[^\s(]+|[A-Za-z_~][\w:~]*)\s*\(", h)
    return bool(m) and m.group(1).split("::")[-1] not in CONTROL


def functions(path):
    """(first line, last line) of every function defined at namespace or class scope."""
    text = strip(path.read_text())
    stack, found = [], []
    header, header_start, line = "", None, 1
    for c in text:
        if c == "\n":
            line += 1
        if c == "{":
            in_function = any(kind == "function" for kind, _ in stack)
            kind = "function" if not in_function and is_function_header(header) else "block"
            stack.append((kind, header_start or line))
            header, header_start = "", None
        elif c in "};":
            if c == "}" and stack:
                kind, start = stack.pop()
                if kind == "function":
                    found.append((start, line))
            header, header_start = "", None
        else:
            if header_start is None and not c.isspace():
                header_start = line
            header += c
    return found


def main():
    problems = []
    files = sorted(p for p in Path("src").rglob("*") if p.suffix in (".cpp", ".hpp"))
    count = 0
    for path in files:
        n = path.read_text().count("\n")
        if n > MAX_FILE_LINES:
            problems.append(f"{path}: {n} lines (at most {MAX_FILE_LINES}: split it by concern)")
        for start, end in functions(path):
            count += 1
            if end - start + 1 > MAX_FUNCTION_LINES:
                problems.append(f"{path}:{start}: a function of {end - start + 1} lines (at most {MAX_FUNCTION_LINES})")
    if count < 300:
        problems.append(f"only {count} functions found in {len(files)} files: the scan is broken")
    for p in problems:
        print("FAIL:", p, file=sys.stderr)
    print(f"{len(files)} files, {count} functions scanned; {len(problems)} problem(s)")
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()
