#!/usr/bin/python3
"""billing.csv, integrated here independently, gives summary.json's bills, and its held CPUs are the VSFs' cpu_seconds.

Run from the repository root: /usr/bin/python3 tests/e2e/billing_log.py PATH/TO/vsfsim
The shipped quickstart (threshold policies scale both VSFs) for 30 min, its VSFs on plans: shop on an
inline cpu_hour plan with 20-minute billing periods (2 periods), blog on the shipped mips-metered plan
(hourly periods, MIPS-hours), both of customer "acme"; a third run of quickstart's blog alone on a
kilo_cpu_second plan. From billing.csv alone, per VSF:
- lines sorted by time; extra_cpus = max(0, cpus_held - included_cpus); rate_per_hour = extra_cpus x rate
  (x 3.6 for kilo_cpu_second, x 1000 MIPS of the standard profile for mips_hour) + storage_gb x the plan's
  storage_price_per_gb_month / 720 h (shop's inline plan prices its CPUs' boot images);
- amount at every line = flat fees of the period lines so far + the previous lines' rate_per_hour x hours;
- period lines at creation + k x billing_period, as many as periods begun before the end; one end line;
- the integral of cpus_held over the run = the sum of the VSF's summary cpu_seconds (every state: held);
  of extra_cpus = billing.vsfs[].cpu_hours.extra;
and the end amounts = billing.vsfs[].amount, customers and grid add up, energy_cost = energy x price.
Without plans or energy price: no billing.csv and no billing section; outputs.billing false: no file.
"""
import csv
import json
import math
import os
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
HEADER = ["t", "vsf", "customer", "plan", "event", "cpus_held", "extra_cpus", "storage_gb", "rate_per_hour", "amount"]
PRICE = 0.12
failures = []


def check(ok, what):
    if not ok:
        failures.append(what)


def close(a, b, rel=1e-7):
    return math.isclose(a, b, rel_tol=rel, abs_tol=1e-6)


def scenario(vsfsim_dir, plans_for, price=PRICE):
    with open(os.path.join(ROOT, "scenarios/quickstart.json")) as f:
        doc = json.load(f)
    models = [os.path.join(ROOT, "models", n) for n in ("hardware.json", "plans.json", "roles.json", "switches.json")]
    models.append({"sources": ["tests/e2e/billing_log.py"], "plans": {
        "test-flat": {"flat_fee": 50, "included_cpus": 3, "rate": 0.8, "billing_period": "20min",
                      "storage_price_per_gb_month": 500},
        "test-kcs": {"flat_fee": 2, "included_cpus": 1, "rate": 0.05, "unit": "kilo_cpu_second"}}})
    doc["models"] = models
    doc["duration"] = "30min"
    doc.pop("energy_price_per_kwh", None)
    if price is not None:
        doc["energy_price_per_kwh"] = price
        doc["currency"] = "EUR"
    for v in doc["vsfs"]:
        v.pop("plan", None)  # the shipped quickstart's own plans
        if v["name"] in plans_for:
            v["plan"] = plans_for[v["name"]]
            v["customer"] = "acme"
    path = os.path.join(vsfsim_dir, "scenario.json")
    with open(path, "w") as f:
        json.dump(doc, f)
    return path, doc


def run(vsfsim, path, out, *extra):
    r = subprocess.run([vsfsim, "run", path, "-o", out, "--no-progress", *extra], capture_output=True, text=True)
    if r.returncode != 0:
        sys.exit(f"vsfsim run {path} failed ({r.returncode}):\n{r.stderr}")
    with open(os.path.join(out, "summary.json")) as f:
        return json.load(f), r.stdout


def plan_table():
    with open(os.path.join(ROOT, "models/plans.json")) as f:
        plans = json.load(f)["plans"]
    plans["test-flat"] = {"flat_fee": 50, "included_cpus": 3, "rate": 0.8, "billing_period": 1200,
                          "storage_price_per_gb_month": 500}
    plans["test-kcs"] = {"flat_fee": 2, "included_cpus": 1, "rate": 0.05, "unit": "kilo_cpu_second"}
    for p in plans.values():
        if isinstance(p.get("billing_period"), str):
            seconds = {"1h": 3600, "1d": 86400, "7d": 7 * 86400}
            assert p["billing_period"] in seconds, p["billing_period"]
            p["billing_period"] = seconds[p["billing_period"]]
    return plans


def per_hour(plan, extra, storage_gb):
    unit = plan.get("unit", "cpu_hour")
    scale = {"cpu_hour": 1, "kilo_cpu_second": 3.6, "mips_hour": 1000}[unit]  # standard: one 1 Gf/s core
    # Storage accrues by the GB-month (30 days = 720 h).
    return extra * plan.get("rate", 0) * scale + storage_gb * plan.get("storage_price_per_gb_month", 0) / 720


def check_vsf(name, lines, plan, summary_vsf, billed, duration):
    included = plan.get("included_cpus", 0)
    period = plan.get("billing_period", duration)
    amount = held_s = extra_s = 0.0
    prev = None
    periods = []
    for ln in lines:
        t, cpus, extra = float(ln["t"]), int(ln["cpus_held"]), int(ln["extra_cpus"])
        check(extra == max(0, cpus - included), f"{name} t={t}: extra_cpus {extra} with {cpus} held")
        expected_rate = per_hour(plan, extra, float(ln["storage_gb"]))
        check(close(float(ln["rate_per_hour"]), expected_rate), f"{name} t={t}: rate_per_hour {ln}")
        if prev is not None:
            dt = t - float(prev["t"])
            check(dt >= 0, f"{name}: lines out of time order at {t}")
            amount += float(prev["rate_per_hour"]) * dt / 3600
            held_s += int(prev["cpus_held"]) * dt
            extra_s += int(prev["extra_cpus"]) * dt
        if ln["event"] == "period":
            amount += plan.get("flat_fee", 0)
            periods.append(t)
        check(close(float(ln["amount"]), amount), f"{name} t={t}: amount {ln['amount']}, integrated {amount}")
        prev = ln
    check([ln["event"] for ln in lines].count("end") == 1 and lines[-1]["event"] == "end", f"{name}: one end line, last")
    check(close(float(lines[-1]["t"]), duration), f"{name}: end line at {lines[-1]['t']}")
    expected_periods = [k * period for k in range(math.ceil(duration / period))]  # quickstart's VSFs start at 0
    check(len(periods) == len(expected_periods) and all(close(a, b) for a, b in zip(periods, expected_periods)),
          f"{name}: period lines at {periods}, expected {expected_periods}")
    cpu_s = sum(summary_vsf["cpu_seconds"].values())
    check(close(held_s, cpu_s, 1e-6), f"{name}: held CPU-seconds {held_s} from billing.csv, cpu_seconds {cpu_s}")
    check(close(amount, billed["amount"]), f"{name}: integrated {amount}, summary {billed['amount']}")
    check(close(extra_s / 3600, billed["cpu_hours"]["extra"], 1e-6), f"{name}: extra CPU-hours {billed['cpu_hours']}")
    check(close(held_s / 3600, billed["cpu_hours"]["held"], 1e-6), f"{name}: held CPU-hours {billed['cpu_hours']}")
    check(billed["flat_fees"]["periods"] == len(periods), f"{name}: flat_fees {billed['flat_fees']}")
    return extra_s


def check_run(vsfsim, tmp, tag, plans_for):
    path, doc = scenario(tmp, plans_for)
    out = os.path.join(tmp, tag)
    summary, stdout = run(vsfsim, path, out)
    plans = plan_table()
    with open(os.path.join(out, "billing.csv")) as f:
        rows = list(csv.DictReader(f))
    with open(os.path.join(out, "billing.csv")) as f:
        check(f.readline().strip().split(",") == HEADER, f"{tag}: billing.csv header")
    check([float(r["t"]) for r in rows] == sorted(float(r["t"]) for r in rows), f"{tag}: lines not in time order")
    b = summary["billing"]
    check(b["currency"] == "EUR", f"{tag}: currency {b['currency']}")
    check([v["name"] for v in b["vsfs"]] == [v["name"] for v in doc["vsfs"] if v["name"] in plans_for],
          f"{tag}: billed VSFs {b['vsfs']}")
    duration = summary["duration_s"]
    for billed in b["vsfs"]:
        name = billed["name"]
        lines = [r for r in rows if r["vsf"] == name]
        check(lines and all(r["plan"] == plans_for[name] and r["customer"] == "acme" for r in lines), f"{tag}: {name}")
        sv = next(v for v in summary["vsfs"] if v["name"] == name)
        extra_s = check_vsf(f"{tag}/{name}", lines, plans[plans_for[name]], sv, billed, duration)
        check(extra_s > 0, f"{tag}/{name}: no extra CPUs: the test would not see the rate")
    total = sum(v["amount"] for v in b["vsfs"])
    check(len(b["customers"]) == 1 and close(b["customers"][0]["amount"], total), f"{tag}: customers {b['customers']}")
    g = b["grid"]
    kwh = (summary["grid"]["energy_j"] + summary["control_plane"]["energy_j"]) / 3.6e6
    check(close(g["revenue"], total) and close(g["energy_kwh"], kwh) and close(g["energy_cost"], kwh * PRICE)
          and close(g["margin"], total - kwh * PRICE), f"{tag}: grid {g}")
    check("billing: revenue" in stdout, f"{tag}: no billing line in the printed summary")
    return path


def main():
    vsfsim = os.path.abspath(sys.argv[1])
    os.chdir(ROOT)
    with tempfile.TemporaryDirectory() as tmp:
        path = check_run(vsfsim, tmp, "two-plans", {"shop": "test-flat", "blog": "mips-metered"})
        check_run(vsfsim, tmp, "kcs", {"blog": "test-kcs"})
        summary, _ = run(vsfsim, path, os.path.join(tmp, "off"), "--set", "/outputs/billing=false")
        check(not os.path.exists(os.path.join(tmp, "off", "billing.csv")), "outputs.billing false: billing.csv written")
        check("billing" in summary, "outputs.billing false: the summary lost its billing section")
        path, _ = scenario(tmp, {}, None)
        plain, _ = run(vsfsim, path, os.path.join(tmp, "plain"), "--set", "/duration=5min")
        check("billing" not in plain, "no plan, no price: summary.json has a billing section")
        check(not os.path.exists(os.path.join(tmp, "plain", "billing.csv")), "no plan: billing.csv written")
    if failures:
        print("\n".join(failures))
        sys.exit(1)
    print("billing.csv agrees with summary.json and cpu_seconds")


main()
