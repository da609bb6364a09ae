#!/usr/bin/env python3
"""Turns JMH JSON results into benchmarks/results/RESULTS.md and chart.svg (standard library only).

    python3 benchmarks/report.py benchmarks/results
    python3 benchmarks/report.py merge benchmarks/results/jdk17-quick.json part.json   # MERGE=1 runs

Reads every jdk<N>-quick.json / jdk<N>-full.json in the folder (a full run wins over a quick one
for the same JDK) and writes one section per JDK: the tables with ratios against the
competitors, the issue's targets with their measured values, and one chart of the verify costs.
"""
import json
import math
import os
import platform
import re
import sys
from collections import OrderedDict

PKG = "dev.dzauth.benchmarks."
COMPETITORS = ["NIMBUS", "SPRING", "JJWT", "AUTH0"]
NAMES = {
    "DZ_AUTH": "dz-auth",
    "NIMBUS": "Nimbus (raw)",
    "SPRING": "Spring NimbusJwtDecoder",
    "JJWT": "jjwt",
    "AUTH0": "auth0 java-jwt",
    "JCA": "JCA floor",
    "COPY_ONLY": "fresh-string copy (baseline)",
}


def load(folder):
    runs = {}
    for name in sorted(os.listdir(folder)):
        m = re.fullmatch(r"jdk(\d+)-(quick|full)\.json", name)
        if not m:
            continue
        jdk, kind = m.group(1), m.group(2)
        if jdk in runs and runs[jdk][0] == "full":
            continue
        with open(os.path.join(folder, name)) as f:
            runs[jdk] = (kind, name, json.load(f))
    return OrderedDict(sorted(runs.items(), key=lambda kv: int(kv[0])))


def index(results):
    """(class.method, alg, contender) -> (score, error, unit, B/op, secondaries)."""
    out = {}
    for r in results:
        bench = r["benchmark"].replace(PKG, "")
        p = r.get("params", {})
        pm = r["primaryMetric"]
        sec = r.get("secondaryMetrics", {})
        alloc = sec.get("gc.alloc.rate.norm", {}).get("score")
        raw = [x for fork in pm.get("rawData", []) for x in fork]
        # Best iteration (min time, max throughput): on a shared machine, interference only ever
        # adds time, so the best iteration is the least disturbed estimate of the cost.
        best = (max(raw) if r["mode"] == "thrpt" else min(raw)) if raw else pm["score"]
        other = " ".join(f"{k}={v}" for k, v in sorted(p.items()) if k not in ("alg", "contender"))
        out[(bench, p.get("alg"), p.get("contender") or other or None)] = {
            "params": p,
            "score": best,
            "mean": pm["score"],
            "error": pm["scoreError"],
            "unit": pm["scoreUnit"],
            "alloc": alloc,
            "sec": {k: v["score"] for k, v in sec.items()},
            # Aux EVENTS counters are summed over iterations in "score"; the per-iteration mean:
            "secmean": {k: (sum(x for f in v.get("rawData", []) for x in f)
                            / max(1, sum(len(f) for f in v.get("rawData", []))))
                        if v.get("rawData") else v["score"] for k, v in sec.items()},
        }
    return out


def pick(idx, bench, **params):
    """The result of `bench` whose params include `params` (the first, by key order), or None."""
    for (b, _, _), r in sorted(idx.items(), key=lambda kv: str(kv[0])):
        if b == bench and all(str(r["params"].get(k)) == str(v) for k, v in params.items()):
            return r
    return None


def picks(idx, bench):
    return [r for (b, _, _), r in sorted(idx.items(), key=lambda kv: str(kv[0])) if b == bench]


def memory_bound(idx):
    """(bytes per verified entry, its N, bytes per status entry, its N, MB for the default bounds)."""
    def largest(cache, prefer):
        rs = [r for r in picks(idx, "MemoryBenchmark.fill") if r["params"].get("cache") == cache]
        if not rs:
            return None, None
        exact = [r for r in rs if int(r["params"]["entries"]) == prefer]
        r = exact[0] if exact else max(rs, key=lambda r: int(r["params"]["entries"]))
        return r["secmean"].get("bytesPerEntry"), int(r["params"]["entries"])
    v, vn = largest("VERIFIED", 10_000)
    st, sn = largest("STATUS", 100_000)
    if v is None or st is None:
        return None
    return v, vn, st, sn, (10_000 * v + 100_000 * st) / 2**20


def fmt(x, digits=0):
    if isinstance(x, str):  # JMH writes "NaN" for the error of a single iteration
        return "—"
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return "—"
    if abs(x) >= 100 or digits == 0:
        return f"{x:,.0f}"
    return f"{x:,.{digits}f}"


def ratio(a, b):
    if a is None or b is None or b == 0:
        return None
    return a / b


def fratio(r):
    if r is None:
        return "—"
    if r >= 100:
        return f"{r:,.0f}×"
    if r >= 10:
        return f"{r:.1f}×"
    return f"{r:.2f}×"


def verify_table(idx, bench, alg, lines):
    rows = [(c, idx[(bench, alg, c)]) for c in ["DZ_AUTH", *COMPETITORS, "JCA"] if (bench, alg, c) in idx]
    if not rows:
        return
    ours = idx.get((bench, alg, "DZ_AUTH"))
    lines.append(f"| {alg} | ns/op (best) | mean ± error | B/op | ours vs it | it vs ours |")
    lines.append("| --- | ---: | ---: | ---: | ---: | ---: |")
    for c, r in rows:
        rel = ratio(ours["score"], r["score"]) if ours and c != "DZ_AUTH" else None
        slower = ratio(r["score"], ours["score"]) if ours and c != "DZ_AUTH" else None
        lines.append(
            f"| {NAMES[c]} | {fmt(r['score'])} | {fmt(r['mean'])} ± {fmt(r['error'])} | {fmt(r['alloc'])} | "
            f"{fratio(rel)} | {fratio(slower)} |"
        )
    lines.append("")


def warm_table(idx, alg, lines):
    bench = "VerifyWarmBenchmark.verify"
    copy = idx.get((bench, alg, "COPY_ONLY"))
    ours = idx.get((bench, alg, "DZ_AUTH"))
    if not copy or not ours:
        return
    net_ours = ours["score"] - copy["score"]
    lines.append(f"| {alg} | ns/op (best) | mean | net of copy | B/op net of copy | it vs ours |")
    lines.append("| --- | ---: | ---: | ---: | ---: | ---: |")
    for c in ["COPY_ONLY", "DZ_AUTH", *COMPETITORS]:
        r = idx.get((bench, alg, c))
        if not r:
            continue
        net = r["score"] - copy["score"] if c != "COPY_ONLY" else None
        alloc = (r["alloc"] - copy["alloc"]) if (r["alloc"] is not None and c != "COPY_ONLY") else r["alloc"]
        vs = ratio(r["score"], ours["score"]) if c not in ("COPY_ONLY", "DZ_AUTH") else None
        lines.append(f"| {NAMES[c]} | {fmt(r['score'])} | {fmt(r['mean'])} | {fmt(net)} | {fmt(alloc)} | {fratio(vs)} |")
    lines.append("")


def targets(idx, lines):
    def g(b, a, c):
        r = idx.get((b, a, c))
        return r["score"] if r else None

    w = "VerifyWarmBenchmark.verify"
    cold = "VerifyColdBenchmark.verify"
    rows = []
    copy_hs = g(w, "HS256", "COPY_ONLY")
    ours_hs = g(w, "HS256", "DZ_AUTH")
    if copy_hs is not None and ours_hs is not None:
        net = ours_hs - copy_hs
        rows.append(("Warm verify HS256 ≤ 150 ns/op (net of the fresh-string copy)", f"{net:.0f} ns ({ours_hs:.0f} with the copy)", net <= 150))
        a = idx[(w, "HS256", "DZ_AUTH")]["alloc"]
        c = idx[(w, "HS256", "COPY_ONLY")]["alloc"]
        if a is not None and c is not None:
            rows.append(("Warm path allocates nothing (B/op net of the copy)", f"{a - c:.1f} B/op", a - c < 8))
    for alg, need in (("HS256", 50), ("ES256", 5000)):
        s, o = g(w, alg, "SPRING"), g(w, alg, "DZ_AUTH")
        if s and o:
            rows.append((f"Warm {alg} ≥ {need}× faster than Spring's decoder", fratio(s / o), s / o >= need))
    o, n = g(cold, "HS256", "DZ_AUTH"), g(cold, "HS256", "NIMBUS")
    if o and n:
        rows.append(("Cold HS256 ≤ 1.0× raw Nimbus (stretch 0.6)", fratio(o / n), o / n <= 1.0))
    o, n = g(cold, "ES256", "DZ_AUTH"), g(cold, "ES256", "NIMBUS")
    if o and n:
        rows.append(("Cold ES256 ≤ 1.05× raw Nimbus", fratio(o / n), o / n <= 1.05))
    t1 = g("VerifyWarmScalingBenchmark.threads1", None, None)
    t2 = g("VerifyWarmScalingBenchmark.threads2", None, None)
    if t1 and t2:
        c1 = g("VerifyWarmScalingBenchmark.control1", None, None)
        c2 = g("VerifyWarmScalingBenchmark.control2", None, None)
        ceiling = f"; shared-nothing control on this machine: {fratio(c2 / c1)}" if c1 and c2 else ""
        rows.append(("Warm path scales ≥ 1.8× from 1 to 2 threads", fratio(t2 / t1) + ceiling, t2 / t1 >= 1.8))
    pl, fi = pick(idx, "FilterHttpBenchmark.plain"), pick(idx, "FilterHttpBenchmark.filtered")
    if pl and fi:
        rows.append(("Filter keeps ≥ 90% of the unfiltered server's req/s",
                     f"{fi['score'] / pl['score']:.2f} ({fi['score']:,.0f} vs {pl['score']:,.0f} req/s)",
                     fi["score"] / pl["score"] >= 0.90))
    for first in picks(idx, "PgScaleBenchmark.firstPage"):
        d = first["params"].get("depth")
        deep = pick(idx, "PgScaleBenchmark.deepPage", depth=d)
        if deep:
            rows.append((f"Page at depth {int(d):,} within 1.5× the first page (PostgreSQL)",
                         f"{deep['score'] / first['score']:.2f}× ({deep['score']:,.0f} vs {first['score']:,.0f} µs)",
                         deep["score"] / first["score"] <= 1.5))
    lu = pick(idx, "LastUsedBenchmark.recordUse")
    if lu and lu["sec"].get("flushIntervals"):
        per = lu["sec"]["storeWrites"] / lu["sec"]["flushIntervals"]
        rows.append(("Last-used: ≤ 1 batched store write per flush interval under full load",
                     f"{per:.2f} writes per interval ({lu['score']:.1f} recordUse/µs on 2 threads)", per <= 1.0))
    mem = memory_bound(idx)
    if mem:
        v, vn, st, sn, mb = mem
        rows.append(("Default cache bounds (10,000 verified + 100,000 statuses) fit in 64 MB",
                     f"{mb:.1f} MB ({v:,.0f} B × 10,000 + {st:,.0f} B × 100,000)", mb <= 64))
    st = idx.get(("StatusStampedeBenchmark.stampede", None, None))
    if st and st["sec"].get("stampedes"):
        per = st["sec"]["storeCalls"] / st["sec"]["stampedes"]
        rows.append(("8 threads missing one jti make one store call", f"{per:.2f} calls per stampede", per <= 1.05))
    lines.append("| target | measured | met |")
    lines.append("| --- | ---: | :---: |")
    for name, val, ok in rows:
        lines.append(f"| {name} | {val} | {'yes' if ok else '**no**'} |")
    lines.append("")


def simple_table(idx, lines):
    lines.append("| benchmark | params | best | mean ± error | unit | B/op |")
    lines.append("| --- | --- | ---: | ---: | --- | ---: |")
    for (b, a, c), r in sorted(idx.items(), key=lambda kv: (kv[0][0], str(kv[0][1]), str(kv[0][2]))):
        if not (b.startswith("Status") or b.startswith("Mint") or b.startswith("VerifyWarmScaling")
                or b.startswith("Pg") or b.startswith("FilterHttp") or b.startswith("LastUsed")):
            continue
        params = " ".join(x for x in (a, c) if x) or "—"
        digits = 2 if r["score"] < 100 else 0
        lines.append(f"| {b} | {params} | {fmt(r['score'], digits)} | {fmt(r['mean'], digits)} ± {fmt(r['error'], digits)} | {r['unit']} | {fmt(r['alloc'])} |")
        if b.startswith("StatusStampede") and r["sec"].get("stampedes"):
            lines.append(f"| ↳ store calls per stampede | | {r['sec']['storeCalls'] / r['sec']['stampedes']:.2f} | | calls | |")
    lines.append("")


def status_table(idx, lines):
    rows = [
        ("Caffeine hit", pick(idx, "StatusBenchmark.hit")),
        ("miss, in-memory store (load on the cache's pool)", pick(idx, "StatusBenchmark.miss")),
        ("in-memory store alone (map lookup)", pick(idx, "StatusBenchmark.storeOnly")),
        ("miss, PostgreSQL (`JdbcTokenStore`, HikariCP, load on the cache's pool)", pick(idx, "PgStatusBenchmark.miss")),
        ("PostgreSQL store alone (one round trip)", pick(idx, "PgStatusBenchmark.storeOnly")),
    ]
    rows = [(n, r) for n, r in rows if r]
    if not rows:
        return
    lines += ["### Status check", "", "| case | ns/op (best) | mean ± error | B/op |", "| --- | ---: | ---: | ---: |"]
    for n, r in rows:
        d = 2 if r["score"] < 100 else 0
        lines.append(f"| {n} | {fmt(r['score'], d)} | {fmt(r['mean'], d)} ± {fmt(r['error'], d)} | {fmt(r['alloc'])} |")
    lines.append("")


def http_table(idx, lines):
    pl, fi = pick(idx, "FilterHttpBenchmark.plain"), pick(idx, "FilterHttpBenchmark.filtered")
    if not (pl and fi):
        return
    lines += ["### The filter end to end (embedded Jetty 12.1 ee11, keep-alive socket client, 1 connection)", "",
              "| server | req/s (best) | mean ± error | B/op (client + server) | vs unfiltered |",
              "| --- | ---: | ---: | ---: | ---: |"]
    for n, r in (("without the filter", pl), ("with `DzAuthFilter`, warm ES256 token", fi)):
        lines.append(f"| {n} | {fmt(r['score'])} | {fmt(r['mean'])} ± {fmt(r['error'])} | {fmt(r['alloc'])} | "
                     f"{r['score'] / pl['score']:.2f} |")
    net = 1e9 / fi["score"] - 1e9 / pl["score"]
    lines += ["", f"The filter's cost per request, from the best iterations: {net:,.0f} ns.", ""]


def scale_table(idx, lines):
    firsts = picks(idx, "PgScaleBenchmark.firstPage")
    feeds = picks(idx, "PgScaleBenchmark.feedCatchUp")
    lu = pick(idx, "LastUsedBenchmark.recordUse")
    if not (firsts or feeds or lu):
        return
    lines += ["### Scale (PostgreSQL) and last-used", "", "| case | best | mean ± error | unit | note |",
              "| --- | ---: | ---: | --- | --- |"]
    for f in firsts:
        d = f["params"].get("depth")
        deep = pick(idx, "PgScaleBenchmark.deepPage", depth=d)
        lines.append(f"| page of 50, depth 0 ({int(d) + 100:,} records) | {fmt(f['score'])} | {fmt(f['mean'])} ± {fmt(f['error'])} | {f['unit']} | |")
        if deep:
            lines.append(f"| page of 50, depth {int(d):,} | {fmt(deep['score'])} | {fmt(deep['mean'])} ± {fmt(deep['error'])} | {deep['unit']} | "
                         f"{deep['score'] / f['score']:.2f}× depth 0 |")
    for r in feeds:
        n = int(r["params"].get("feedChanges"))
        per = r["sec"].get("changesApplied", 0) / max(1, r["sec"].get("catchUps", 1))
        lines.append(f"| feed catch-up, {n:,} changes | {fmt(r['score'], 1)} | {fmt(r['mean'], 1)} ± {fmt(r['error'], 1)} | {r['unit']} | "
                     f"{per:,.0f} changes per catch-up, {n / r['score'] * 1000:,.0f} changes/s |")
    if lu and lu["sec"].get("flushIntervals"):
        lines.append(f"| last-used under load (2 threads) | {fmt(lu['score'], 1)} | {fmt(lu['mean'], 1)} ± {fmt(lu['error'], 1)} | {lu['unit']} | "
                     f"{lu['sec']['storeWrites']:.0f} store writes in {lu['sec']['flushIntervals']:.0f} flush intervals "
                     f"({lu['sec']['idsWritten'] / max(1, lu['sec']['storeWrites']):,.0f} ids per write) |")
    lines.append("")


def memory_table(idx, lines):
    rs = picks(idx, "MemoryBenchmark.fill")
    if not rs:
        return
    lines += ["### Memory held per cache entry (heap in use after full GC, filled − empty, ÷ N)", "",
              "| cache | N | bytes per entry |", "| --- | ---: | ---: |"]
    for r in sorted(rs, key=lambda r: (r["params"]["cache"], int(r["params"]["entries"]))):
        lines.append(f"| {r['params']['cache'].lower()} | {int(r['params']['entries']):,} | {fmt(r['secmean'].get('bytesPerEntry'))} |")
    mem = memory_bound(idx)
    if mem:
        v, vn, st, sn, mb = mem
        lines += ["", f"Default bounds: 10,000 × {v:,.0f} B (verified, measured at N = {vn:,}) + 100,000 × {st:,.0f} B "
                  f"(status, measured at N = {sn:,}) = **{mb:.1f} MB** (budget 64 MB)."]
    lines.append("")


def chart(runs, path):
    """A horizontal bar chart, log scale, of verify ns/op per contender for each JDK."""
    groups = []
    for jdk, (_, _, results) in runs.items():
        idx = index(results)
        for title, bench, alg in (
            ("warm HS256", "VerifyWarmBenchmark.verify", "HS256"),
            ("cold HS256", "VerifyColdBenchmark.verify", "HS256"),
            ("warm ES256", "VerifyWarmBenchmark.verify", "ES256"),
            ("cold ES256", "VerifyColdBenchmark.verify", "ES256"),
        ):
            bars = []
            for c in ["DZ_AUTH", *COMPETITORS, "JCA"]:
                r = idx.get((bench, alg, c))
                if r:
                    bars.append((NAMES[c], r["score"], c == "DZ_AUTH"))
            if bars:
                groups.append((f"JDK {jdk} — verify {title} (ns/op, log scale)", bars))
    if not groups:
        return
    width, left, bar_h, gap = 900, 210, 16, 34
    lo, hi = 1.0, 7.0  # 10 ns .. 10 ms
    height = sum(gap + len(b) * (bar_h + 3) for _, b in groups) + 30
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'font-family="sans-serif" font-size="12">',
        f'<rect width="{width}" height="{height}" fill="white"/>',
    ]
    y = 10
    scale = (width - left - 90) / (hi - lo)
    for title, bars in groups:
        out.append(f'<text x="10" y="{y + 14}" font-weight="bold">{title}</text>')
        y += gap - 10
        for name, ns, ours in bars:
            w = max(1.0, (math.log10(max(ns, 10)) - lo) * scale)
            color = "#1f77b4" if ours else "#aaaaaa"
            out.append(f'<text x="{left - 6}" y="{y + 12}" text-anchor="end">{name}</text>')
            out.append(f'<rect x="{left}" y="{y}" width="{w:.1f}" height="{bar_h}" fill="{color}"/>')
            out.append(f'<text x="{left + w + 4:.1f}" y="{y + 12}">{fmt(ns)}</text>')
            y += bar_h + 3
        y += 10
    out.append("</svg>")
    with open(path, "w") as f:
        f.write("\n".join(out) + "\n")


def main(folder):
    runs = load(folder)
    lines = [
        "# dz-auth benchmark results",
        "",
        "Generated by `python3 benchmarks/report.py benchmarks/results` from the JMH JSON files in this",
        "folder; do not edit by hand. Every ratio compares scores from the same run. Quick runs (1 fork,",
        "3 × 1 s) on a shared 2-core machine carry ±20–50% noise: read ratios, not the last digit.",
        "",
        "![verify cost per contender](chart.svg)",
        "",
    ]
    for jdk, (kind, name, results) in runs.items():
        idx = index(results)
        vm = results[0].get("vmName", "") + " " + results[0].get("vmVersion", "") if results else ""
        lines += [f"## JDK {jdk} ({kind} run, `{name}`)", "", f"VM: {vm.strip()}; machine: {platform.machine()}, "
                  f"{os.cpu_count()} cores.", "", "### Targets (issue 6)", ""]
        targets(idx, lines)
        lines += ["### Verify, cold (verified-token cache off; status is a status-cache hit)", "",
                  "`ours vs it` < 1 means dz-auth is faster; `it vs ours` is how many times slower it is.", ""]
        for alg in ("HS256", "ES256", "RS256"):
            verify_table(idx, "VerifyColdBenchmark.verify", alg, lines)
        ed = [(c, idx[("VerifyColdEdDsaBenchmark.verify", None, c)]) for c in ["DZ_AUTH", "JJWT", "JCA"]
              if ("VerifyColdEdDsaBenchmark.verify", None, c) in idx]
        if ed:
            ours = dict(ed).get("DZ_AUTH")
            lines += ["| EdDSA | ns/op (best) | mean ± error | B/op | it vs ours |", "| --- | ---: | ---: | ---: | ---: |"]
            for c, r in ed:
                lines.append(f"| {NAMES[c]} | {fmt(r['score'])} | {fmt(r['mean'])} ± {fmt(r['error'])} | {fmt(r['alloc'])} | "
                             f"{fratio(ratio(r['score'], ours['score'])) if ours and c != 'DZ_AUTH' else '—'} |")
            lines.append("")
        lines += ["### Verify, warm (the same token again, a fresh String per op for every contender)", ""]
        for alg in ("HS256", "ES256"):
            warm_table(idx, alg, lines)
        status_table(idx, lines)
        http_table(idx, lines)
        scale_table(idx, lines)
        memory_table(idx, lines)
        lines += ["### Every other case (status, mint, scaling, HTTP, PostgreSQL, last-used)", ""]
        simple_table(idx, lines)
    with open(os.path.join(folder, "RESULTS.md"), "w") as f:
        f.write("\n".join(lines))
    chart(runs, os.path.join(folder, "chart.svg"))


def merge(target, partial):
    """Replaces in `target` the results `partial` has (same benchmark and params), adds the others."""
    key = lambda r: (r["benchmark"], json.dumps(r.get("params", {}), sort_keys=True))
    with open(partial) as f:
        new = json.load(f)
    with open(target) as f:
        old = json.load(f)
    fresh = {key(r): r for r in new}
    out = [fresh.pop(key(r), r) for r in old] + list(fresh.values())
    with open(target, "w") as f:
        json.dump(out, f, indent=4)


if __name__ == "__main__":
    if len(sys.argv) == 4 and sys.argv[1] == "merge":
        merge(sys.argv[2], sys.argv[3])
    else:
        main(sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "results"))
