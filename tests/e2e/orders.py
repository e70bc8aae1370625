#!/usr/bin/python3
"""Provisioning orders end to end (scenarios/README.md, "orders and provisioning"): an ordered VSF does not
exist before its order is built, and is built after exactly its review plus its credit check.

Runs: (1) an order at 5 min with a 10 min review and a 5 min credit check: its steps' events at 5, 15, 20,
20 min in order, its vsf_created at 20 min and no sooner, order_serving at 20 min (warm) with lead time 900 s,
summary.json's orders counts, and its bill counting from its creation (CPU-hours held = 2 CPUs x 40 min);
a VSF given in vsfs is untouched. (2) The same with reject_probability 1: the VSF is never created, nothing
is billed for it. (3) Reviews in working hours: ordered Monday 16:00, 2 h of review from 09:00 to 17:00 ends
Tuesday 10:00. (5) A short idle pool: "refuse" refuses at once; "wait" waits until an admin action frees
CPUs, then builds on a control tick (pool_wait_s); max_wait refuses once exceeded. (4) Random review and credit times: two runs give identical events (determinism), and the
steps are in time order with review_s >= 0.
Usage: orders.py VSFSIM
"""
import copy
import os
import sys
import tempfile

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "lib"))
import inline_run  # noqa: E402

MODELS = inline_run.models() + [os.path.join(inline_run.ROOT, "models", "plans.json")]


def vsf(name):
    return {"name": name, "lb": False, "tiers": [{"role": "web", "initial": 2, "min": 2, "max": 2}],
            "traffic": {"type": "constant", "rate": 5}}


def scenario(provisioning, at="5min", duration="1h"):
    return {"name": "orders", "seed": 3, "duration": duration, "models": MODELS,
            "grid": {"cpus": 8, "storage": [{"name": "array0", "ports": 2}], "control_plane": {"hosts": 1}},
            "vsfs": [vsf("given")], "provisioning": provisioning,
            "orders": [{"at": at, "customer": "acme", "plan": "payg", "vsf": vsf("ordered")}]}


def of(events, name, types):
    return [e for e in events if e.get("vsf") == name and e["type"] in types]


def check_built(problems, r):
    if r.returncode != 0:
        return problems.append(f"run 1 failed: {r.stderr}")
    steps = [(e["type"], e["t"]) for e in of(r.events, "ordered", {"order_received", "order_reviewed",
                                                                    "order_credit_checked", "order_building",
                                                                    "order_serving", "vsf_created"})]
    want = {("order_received", 300.0), ("order_reviewed", 900.0), ("order_credit_checked", 1200.0),
            ("order_building", 1200.0), ("vsf_created", 1200.0), ("order_serving", 1200.0)}
    if set(steps) != want or len(steps) != len(want):
        problems.append(f"run 1: steps {steps}, expected {sorted(want, key=lambda x: x[1])}")
    if [t for _, t in steps] != sorted(t for _, t in steps):
        problems.append(f"run 1: steps out of time order: {steps}")
    serving = of(r.events, "ordered", {"order_serving"})
    if serving and serving[0]["lead_time_s"] != 900:
        problems.append(f"run 1: lead time {serving[0]['lead_time_s']}, expected 900")
    o = r.summary.get("orders", {})
    want_o = {"received": 1, "approved": 1, "rejected": 0, "credit_failed": 0, "refused": 0, "built": 1,
              "serving": 1, "pending": 0, "lead_time_s": {"p50": 900.0, "p95": 900.0, "max": 900.0},
              "pool_wait_s": {"mean": 0.0, "max": 0.0}}
    if o != want_o:
        problems.append(f"run 1: summary orders {o}, expected {want_o}")
    bills = {v["name"]: v for v in r.summary.get("billing", {}).get("vsfs", [])}
    held = bills.get("ordered", {}).get("cpu_hours", {}).get("held")
    if held is None or abs(held - 2 * 40 / 60) > 1e-9:
        problems.append(f"run 1: ordered VSF billed for {held} CPU-hours held, expected 2 CPUs x 40 min = 1.3333")
    if not of(r.events, "given", {"vsf_created"}) or of(r.events, "given", {"order_received"}):
        problems.append("run 1: the VSF given in vsfs should be created as before, with no order")


def check_rejected(problems, r):
    if r.returncode != 0:
        return problems.append(f"run 2 failed: {r.stderr}")
    if of(r.events, "ordered", {"vsf_created", "order_building", "order_credit_checked", "order_serving"}):
        problems.append("run 2: a rejected order's VSF was created or checked")
    rev = of(r.events, "ordered", {"order_reviewed"})
    if len(rev) != 1 or rev[0]["approved"] is not False:
        problems.append(f"run 2: expected one rejecting review, found {rev}")
    o = r.summary.get("orders", {})
    if (o.get("rejected"), o.get("built"), o.get("serving"), o.get("lead_time_s", {}).get("p50")) != (1, 0, 0, None):
        problems.append(f"run 2: summary orders {o}")
    if any(v["name"] == "ordered" for v in r.summary.get("billing", {}).get("vsfs", [])):
        problems.append("run 2: a never-built VSF is billed")


def check_hours(problems, r):
    if r.returncode != 0:
        return problems.append(f"run 3 failed: {r.stderr}")
    rev = of(r.events, "ordered", {"order_reviewed"})
    if len(rev) != 1 or rev[0]["t"] != 86400 + 10 * 3600 or rev[0]["review_s"] != 18 * 3600:
        problems.append(f"run 3: review should end Tuesday 10:00 (123600 s, 18 h after the order), found {rev}")


def short_pool(rule, max_wait=None):
    """A 4-CPU grid whose given VSF holds 3 CPUs until an admin action removes 2 at 30 min: the order, built
    at 20 min, finds 1 idle CPU for its 2."""
    doc = scenario({"review": "10min", "credit_check": "5min", "when_pool_short": rule})
    if max_wait:
        doc["provisioning"]["max_wait"] = max_wait
    doc["grid"]["cpus"] = 4
    doc["orders"][0]["plan"] = "patent-10"  # a flat fee per period: charged only once the VSF exists
    doc["vsfs"][0]["tiers"][0].update(initial=3, min=1, max=3)
    doc["actions"] = [{"at": "30min", "op": "remove", "vsf": "given", "count": 2}]
    return doc


def check_short(problems, tag, r, want):
    if r.returncode != 0:
        return problems.append(f"{tag} failed: {r.stderr}")
    seen = [(e["type"], e["t"]) for e in of(r.events, "ordered", {"order_waiting", "order_refused",
                                                                  "order_building", "vsf_created"})]
    o = r.summary.get("orders", {})
    bill = {v["name"]: v for v in r.summary.get("billing", {}).get("vsfs", [])}.get("ordered", {})
    if want == "refused-now" and (bill.get("amount"), bill.get("flat_fees", {}).get("periods")) != (0, 0):
        problems.append(f"{tag}: a refused order's VSF is billed: {bill}")
    if want == "built" and any(k == "order_building" for k, _ in seen):
        t = next(t for k, t in seen if k == "order_building")
        flat = bill.get("flat_fees", {}).get("periods")
        if abs(bill.get("cpu_hours", {}).get("held", -1) - 2 * (3600 - t) / 3600) > 1e-9 or flat != 1:
            problems.append(f"{tag}: the ordered VSF should be billed from its creation at {t} s: {bill}")
    if want == "refused-now":
        if seen != [("order_refused", 1200.0)] or o.get("refused") != 1 or o.get("built") != 0:
            problems.append(f"{tag}: expected a refusal at 1200 s and no VSF, found {seen}, {o}")
    elif want == "refused-later":
        if seen != [("order_waiting", 1200.0), ("order_refused", 1800.0)]:
            problems.append(f"{tag}: expected waiting at 1200 s then refused at max_wait (1800 s), found {seen}")
    else:
        built = [t for k, t in seen if k == "order_building"]
        ok = (seen[:1] == [("order_waiting", 1200.0)] and len(built) == 1 and built[0] > 1800
              and (built[0] - 1200) % 30 == 0 and ("vsf_created", built[0]) in seen)
        wait = o.get("pool_wait_s", {})
        if not ok or not built or wait.get("max") != built[0] - 1200 or o.get("built") != 1:
            problems.append(f"{tag}: expected waiting at 1200 s, built after the removal at 1800 s on a 30 s "
                            f"check, found {seen}, {o}")


def main():
    vsfsim = sys.argv[1]
    problems = []
    fixed = {"review": "10min", "credit_check": "5min"}
    with tempfile.TemporaryDirectory() as tmp:
        check_built(problems, inline_run.run(vsfsim, scenario(fixed), tmp, "built"))
        check_rejected(problems, inline_run.run(vsfsim, scenario(dict(fixed, reject_probability=1)), tmp, "rejected"))
        hours = {"review": "2h", "review_hours": {"from": "09:00", "to": "17:00"}}
        doc = scenario(hours, at="16h", duration="36h")
        for v in [doc["vsfs"][0], doc["orders"][0]["vsf"]]:
            v["traffic"] = {"type": "constant", "rate": 0}
        check_hours(problems, inline_run.run(vsfsim, doc, tmp, "hours"))
        check_short(problems, "refuse", inline_run.run(vsfsim, short_pool("refuse"), tmp, "refuse"), "refused-now")
        check_short(problems, "wait", inline_run.run(vsfsim, short_pool("wait"), tmp, "wait"), "built")
        check_short(problems, "max_wait", inline_run.run(vsfsim, short_pool("wait", "10min"), tmp, "max-wait"),
                    "refused-later")
        rand = scenario({"review": {"dist": "exponential", "mean": "5min"}, "credit_check":
                         {"dist": "exponential", "mean": "2min"}, "reject_probability": 0.3})
        rand["orders"] = [dict(copy.deepcopy(rand["orders"][0]), at=f"{i}min") for i in range(1, 9)]
        for i, o in enumerate(rand["orders"]):
            o["vsf"]["name"] = f"o{i}"
            o["vsf"]["tiers"][0].update(initial=1, min=1, max=1)
        a = inline_run.run(vsfsim, rand, tmp, "rand-a")
        b = inline_run.run(vsfsim, rand, tmp, "rand-b")
        if a.returncode != 0 or a.events != b.events or a.summary.get("orders") != b.summary.get("orders"):
            problems.append(f"run 4: two runs of the same scenario differ (or failed: {a.stderr})")
        steps = [e for e in a.events if e["type"].startswith("order_")]
        if [e["t"] for e in steps] != sorted(e["t"] for e in steps) or len(steps) < 8:
            problems.append(f"run 4: order events out of time order or missing ({len(steps)})")
        o = a.summary.get("orders", {})
        if o.get("received") != 8 or o.get("approved", 0) + o.get("rejected", 0) > 8:
            problems.append(f"run 4: summary orders {o}")
    return inline_run.report(problems)


if __name__ == "__main__":
    sys.exit(main())
