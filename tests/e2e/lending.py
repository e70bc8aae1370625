#!/usr/bin/python3
"""Cross-site lending on the shipped scenarios/three-centers.json (README "Multi-site lending"): the run
succeeds with no invariant or isolation violation; the summary's lending and sites sections agree with the
events (cpu_lent, loan_request, loan_returned, loan_lost); every lent CPU belongs to the lender site's CPU
range and goes back to its pool; with lending when_empty every loan_request came from a home pool that fell
short; loans are lost only at the San Jose-New York link's failure and only for loans routed over it.
Usage: lending.py VSFSIM
"""
import json
import os
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "lib"))
import inline_run  # noqa: E402

SCENARIO = os.path.join(inline_run.ROOT, "scenarios", "three-centers.json")


def site_of_cpu(doc):
    """cpu name -> site name, from the sites' CPU counts in order (names cpu-<global id>)."""
    out, first = {}, 0
    for s in doc["sites"]:
        n = s["grid"]["cpus"]
        for i in range(first, first + n):
            out[f"cpu-{i}"] = s["name"]
        first += n
    return out


def wan_fault_window(doc):
    for e in doc.get("faults", {}).get("events", []):
        if e.get("kind") == "wan":
            return e["target"], e
    return None, None


def check(r, doc):
    problems = []
    s = r.summary
    if s["control_plane"]["invariant_violations"] or s["grid"]["isolation_violations"]:
        problems.append(f"violations: {s['control_plane']['invariant_violations']}, "
                        f"isolation {s['grid']['isolation_violations']}")
    L, sites = s.get("lending"), s.get("sites")
    if L is None or sites is None:
        return problems + ["summary.json has no lending or sites section"]
    of = lambda t: [e for e in r.events if e["type"] == t]  # noqa: E731
    lent, back, lost, asks = of("cpu_lent"), of("loan_returned"), of("loan_lost"), of("loan_request")
    if not lent:
        problems.append("no CPU was lent: the scenario is meant to move capacity around the world")
    if L["cpus_lent"] != len(lent) or L["requests"] != len(asks) or L["lost_to_wan"] != len(lost):
        problems.append(f"lending counts {L['cpus_lent']}/{L['requests']}/{L['lost_to_wan']} != events "
                        f"{len(lent)}/{len(asks)}/{len(lost)}")
    home = site_of_cpu(doc)
    open_since = {}
    held = 0.0
    for e in r.events:  # in order: a CPU may be lent, returned and lent again
        if e["type"] == "cpu_lent":
            if home.get(e["cpu"]) != e["from_site"] or e["from_site"] == e["to_site"] or e["cpu"] in open_since:
                problems.append(f"{e['cpu']} lent from {e['from_site']} to {e['to_site']}, its site is "
                                f"{home.get(e['cpu'])}, already lent: {e['cpu'] in open_since}")
            open_since[e["cpu"]] = e["t"]
        elif e["type"] == "loan_returned":
            if e["cpu"] not in open_since or e["site"] != home.get(e["cpu"]) or e["vsf"] != "idle":
                problems.append(f"loan_returned of {e['cpu']} without a loan, or not to its own pool: {e}")
                continue
            if abs(e["held_s"] - (e["t"] - open_since.pop(e["cpu"]))) > 1e-6:
                problems.append(f"loan_returned of {e['cpu']}: held_s {e['held_s']} is not since its cpu_lent")
            held += e["held_s"]
    held += sum(s["duration_s"] - t for t in open_since.values())
    if abs(held - L["lent_cpu_seconds"]) > 1e-6 * max(1.0, held):
        problems.append(f"lent_cpu_seconds {L['lent_cpu_seconds']} != {held} from the events")
    out = sum(x["lent_out_cpu_seconds"] for x in sites)
    borrowed = sum(x["borrowed_cpu_seconds"] for x in sites)
    if abs(out - borrowed) > 1e-6 * max(1.0, out) or abs(out - L["lent_cpu_seconds"]) > 1e-6 * max(1.0, out):
        problems.append(f"sites lent out {out}, borrowed {borrowed}, lending {L['lent_cpu_seconds']}")
    if doc["global_manager"]["lending"] == "when_empty":
        for e in asks:
            if e["local"] >= e["requested"]:
                problems.append(f"loan_request at {e['t']} although the home pool gave all: {e}")
    target, fault = wan_fault_window(doc)
    a, b = target.split("-") if target else (None, None)
    faults = [e for e in r.events if e["type"] == "fault" and e.get("kind") == "wan" and e["transition"] == "fail"]
    for e in lost:
        loan = [x for x in lent if x["cpu"] == e["cpu"] and x["t"] <= e["t"]][-1]
        if not any(abs(f["t"] - e["t"]) < 1e-9 for f in faults) or {loan["from_site"], loan["to_site"]} != {a, b}:
            problems.append(f"loan_lost of {e['cpu']} at {e['t']}: lent {loan['from_site']}->{loan['to_site']}, "
                            f"not at the {target} failure")
    print(f"lent {len(lent)} CPUs in {L['loans']} loans, {L['lent_cpu_seconds']:.0f} CPU-s, lost {len(lost)}, "
          f"refused {L['refused']}; response p50 home {L['response_s']['home']['p50']} lent "
          f"{L['response_s']['lent']['p50']}")
    return problems


def main():
    vsfsim = sys.argv[1]
    with open(SCENARIO) as f:
        doc = json.load(f)
    with tempfile.TemporaryDirectory() as workdir:
        r = inline_run.run_file(vsfsim, SCENARIO, workdir, "three-centers")
        if r.returncode != 0:
            return inline_run.report([f"exit {r.returncode}: {r.stderr.strip()[-300:]}"])
        return inline_run.report(check(r, doc))


if __name__ == "__main__":
    sys.exit(main())
