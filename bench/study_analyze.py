#!/usr/bin/env python3
# Study of `xrdfit analyze` on patterns from the independent generator (tests/gen):
# single- vs two-phase fcc CuRu-like alloys, sizes 1.5-20 nm, lattice separations
# 0-5 %, minor shares 10-50 %, lab Cu Ka (20-90 deg) and synchrotron 0.5787 A (the
# same q range). Every pattern has a fixed seed: the study is deterministic.
#
# Usage: study_analyze.py BUILD RESULTS [--jobs N] [--only ID,ID] [--timing-runs N]
#
# Truth of each case
#   single     one fcc phase;                         correct verdict: single-phase
#   two/R      two fcc phases, resolvable;            correct verdict: two-phase
#   two/NR     two fcc phases, not resolvable;        reported, not scored
# Resolvability rule (stated, computed from the generator's truth, not from the fit):
#   for each of the strong fcc reflections 111, 200, 220, 311 the separation of the
#   two phases' Ka1 positions divided by the mean of their FWHMs (pseudo-Voigt FWHM,
#   Thompson-Cox-Hastings, of the generator's Gaussian instrument width and its
#   Lorentzian instrument + size width, lambda / (L_vol cos theta), L_vol = 3D/4);
#   the pair is resolvable when the largest of these ratios is >= 0.5 FWHM.
#   The ratio at 111 (the strongest peak) is listed too.
# Checks per case: every fitted a within 2 esd of the true a (phases matched by a);
#   every composition x(Cu) within 2 esd of Vegard of the true a with the end members
#   Cu 3.6150 A, Ru-fcc 3.8100 A; wall time and CPU time of the analyze.
# SPDX-License-Identifier: GPL-3.0-or-later
import json
import math
import os
import resource
import statistics
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor

A_CU, A_RU = 3.6150, 3.8100
LAB = dict(tag="lab", lam=1.5405929, radiation="CuKa", rng=(20.0, 90.0), step=0.02,
           inst=(0.005, -0.003, 0.0025, 0.0, 0.03), asym=(0.02, 0.02), bg="300,-50,20",
           counts=20000)
# synchrotron: q = 4 pi sin(theta) / lambda over the lab range 20-90 deg is 1.42-5.77 1/A,
# i.e. 2theta 7.5-30.8 deg at 0.5787 A
SYN = dict(tag="syn", lam=0.5787, radiation=None, rng=(7.5, 31.0), step=0.005,
           inst=(0.0002, 0.0, 0.0001, 0.0, 0.004), asym=(0.0, 0.0), bg="500,-100,30",
           counts=50000)
RESOLVE_FWHM = 0.5
FCC_STRONG = ((1, 1, 1), (2, 0, 0), (2, 2, 0), (3, 1, 1))


def x_cu(a):
    return (A_RU - a) / (A_RU - A_CU)


def instrument_xml(rad, path):
    if rad["radiation"] == "CuKa":
        radiation = ('<radiation name="CuKa" scale="Hoelzer1997">'
                     '<line name="Ka1" lambda_A="1.5405929" weight="1"/>'
                     '<line name="Ka2" lambda_A="1.5444274" weight="0.5"/></radiation>'
                     '<geometry type="bragg-brentano" radius_mm="240"/>')
    else:
        radiation = ('<radiation name="synchrotron" scale="given">'
                     '<line name="l1" lambda_A="%g" weight="1"/></radiation>'
                     '<geometry type="transmission" radius_mm="240"/>' % rad["lam"])
    u, v, w, x, y = rad["inst"]
    with open(path, "w") as f:
        f.write('<instrument version="1">%s<zero_deg>0</zero_deg>'
                '<displacement_mm>0</displacement_mm>'
                '<profile type="TCH" U="%g" V="%g" W="%g" X="%g" Y="%g"/>'
                '<asymmetry SL="%g" HL="%g"/>'
                '<calibration standard="truth" note="generator truth"/></instrument>\n'
                % ((radiation,) + rad["inst"] + rad["asym"]))


def fwhm_deg(rad, tth, d_nm):
    """pseudo-Voigt (TCH) FWHM of the generator's profile at 2theta, sphere diameter D"""
    u, v, w, x, y = rad["inst"]
    th = math.radians(tth / 2)
    hg = math.sqrt(max(u * math.tan(th) ** 2 + v * math.tan(th) + w, 0.0))
    hl = x * math.tan(th) + y
    if d_nm > 0:
        hl += math.degrees((2 / math.pi) * rad["lam"] / (0.75 * d_nm * 10 * math.cos(th)))
    return (hg ** 5 + 2.69269 * hg ** 4 * hl + 2.42843 * hg ** 3 * hl ** 2 +
            4.47163 * hg ** 2 * hl ** 3 + 0.07842 * hg * hl ** 4 + hl ** 5) ** 0.2


def tth_deg(rad, a, hkl):
    d = a / math.sqrt(sum(i * i for i in hkl))
    return math.degrees(2 * math.asin(rad["lam"] / (2 * d)))


def separation(rad, p1, p2):
    """(ratio at 111, largest ratio over the strong reflections) of separation / mean FWHM"""
    out = []
    for hkl in FCC_STRONG:
        t1, t2 = tth_deg(rad, p1["a"], hkl), tth_deg(rad, p2["a"], hkl)
        if not (rad["rng"][0] <= min(t1, t2) and max(t1, t2) <= rad["rng"][1]):
            continue
        w = 0.5 * (fwhm_deg(rad, t1, p1["D"]) + fwhm_deg(rad, t2, p2["D"]))
        out.append(abs(t1 - t2) / w)
    return out[0], max(out)


def cases():
    """the study's cases, deterministic; each: id, rad, phases [{a, D, share}], seed"""
    out = []
    seed = 100
    # single phase: sizes 1.5-20 nm across the whole CuRu range, both radiations
    singles = {"lab": [(1.5, 3.70), (2.0, 3.76), (3.0, 3.64), (3.0, 3.79), (5.0, 3.725),
                       (10.0, 3.66), (20.0, 3.62), (4.0, 3.745)],
               "syn": [(1.5, 3.66), (2.0, 3.72), (3.0, 3.78), (5.0, 3.63), (10.0, 3.70),
                       (20.0, 3.755)]}
    for rad in (LAB, SYN):
        for d, a in singles[rad["tag"]]:
            seed += 1
            out.append(dict(id="%s-1p-D%g-a%.3f" % (rad["tag"], d, a), rad=rad, seed=seed,
                            phases=[dict(a=a, D=d, share=1.0)]))
    # two phases: separations 0.5-5 % x sizes 1.5-20 nm; minor share cycles 10-50 %,
    # the minor phase alternates Cu-rich / Ru-rich, its size 1x or 0.7x the major's
    seps = (0.5, 1.0, 2.0, 3.0, 5.0)
    sizes = {"lab": (1.5, 3.0, 5.0, 10.0), "syn": (2.0, 4.0, 8.0, 20.0)}
    shares = (0.10, 0.20, 0.30, 0.40, 0.50)
    pos = (0.15, 0.5, 0.85)
    k = 0
    for rad in (LAB, SYN):
        for sep in seps:
            for d in sizes[rad["tag"]]:
                a_hi_max = A_RU - 0.002
                a_lo_min = A_CU + 0.005
                span = a_hi_max / (1 + sep / 100) - a_lo_min
                a_lo = round(a_lo_min + pos[k % 3] * span, 4)
                a_hi = round(a_lo * (1 + sep / 100), 4)
                minor = shares[k % 5]
                cu_minor = (k // 2) % 2 == 0
                d_minor = d if k % 2 == 0 else round(0.7 * d, 2)
                lo = dict(a=a_lo, D=d_minor if cu_minor else d, share=minor if cu_minor else 1 - minor)
                hi = dict(a=a_hi, D=d if cu_minor else d_minor, share=1 - minor if cu_minor else minor)
                seed += 1
                k += 1
                out.append(dict(id="%s-2p-s%g-D%g-m%d" % (rad["tag"], sep, d, round(100 * minor)),
                                rad=rad, seed=seed, phases=[lo, hi]))
    return out


def gen_args(rad, phases, scales, seed, noise, out, truth):
    args = ["--range", "%g:%g" % rad["rng"], "--step", "%g" % rad["step"],
            "--instrument", ",".join("%g" % v for v in rad["inst"]),
            "--asym", "%g,%g" % rad["asym"], "--bg", rad["bg"], "--counts", str(rad["counts"]),
            "--seed", str(seed), "--noise", noise, "-o", out, "--truth", truth]
    args = (["--radiation", rad["radiation"]] if rad["radiation"] else
            ["--wavelength", "%g" % rad["lam"]]) + args
    for p, s in zip(phases, scales):
        x = x_cu(p["a"])
        args += ["--phase", "fcc:a=%.4f,el=Cu:%.4f/Ru:%.4f,size=%g,scale=%.6g"
                 % (p["a"], x, 1 - x, p["D"], s)]
    return args


def make_pattern(gen, c, work):
    """write the case's pattern; scales chosen so that the intensity shares are the targets"""
    rad, ph = c["rad"], c["phases"]
    base = os.path.join(work, c["id"])
    scales = [1.0] * len(ph)
    if len(ph) == 2:
        # one noiseless run at equal scales gives the intensity per unit scale
        subprocess.run([gen] + gen_args(rad, ph, scales, c["seed"], "none", base + ".cal.xy",
                                         base + ".cal.json"), check=True)
        t = json.load(open(base + ".cal.json"))
        per = [p["intensity_share"] for p in t["phases"]]
        scales = [ph[0]["share"] / per[0], ph[1]["share"] / per[1]]
        m = max(scales)
        scales = [s / m for s in scales]
    subprocess.run([gen] + gen_args(rad, ph, scales, c["seed"], "poisson", base + ".xy",
                                     base + ".truth.json"), check=True)
    t = json.load(open(base + ".truth.json"))
    for p, tp in zip(ph, t["phases"]):
        p["share_true"] = tp["intensity_share"]
    return base + ".xy"


def run_analyze(xrdfit, top, pat, inst, out_json):
    """run one analyze; wall time and the child's own CPU time (wait4, so that
    parallel runs do not mix their rusage)"""
    cmd = [xrdfit, "--refdata", os.path.join(top, "refdata"), "analyze", pat,
           "--elements", "Cu,Ru", "--instrument", inst, "--json", out_json]
    base = out_json + ".log"
    with open(base + ".out", "w") as fo, open(base + ".err", "w") as fe:
        t0 = time.perf_counter()
        p = subprocess.Popen(cmd, stdout=fo, stderr=fe)
        _, status, ru = os.wait4(p.pid, 0)
        t1 = time.perf_counter()
    p.returncode = os.waitstatus_to_exitcode(status)
    p.stdout = open(base + ".out").read()
    p.stderr = open(base + ".err").read()
    return cmd, p, t1 - t0, ru.ru_utime + ru.ru_stime


def evaluate(c, res):
    """fill c with the verdict and the checks"""
    ph = c["phases"]
    if len(ph) == 1:
        c["truth"] = "single"
        c["sep111"] = c["sepmax"] = 0.0
    else:
        c["sep111"], c["sepmax"] = separation(c["rad"], ph[0], ph[1])
        c["truth"] = "two/R" if c["sepmax"] >= RESOLVE_FWHM else "two/NR"
    c["verdict"] = res.get("verdict", "error (exit %d)" % c["rc"]) if res else \
        "error (exit %d)" % c["rc"]
    want = {"single": "single-phase", "two/R": "two-phase"}.get(c["truth"])
    c["correct"] = None if want is None else (c["verdict"] == want)
    c["a_ok"] = c["x_ok"] = None
    c["fit"] = []
    if not res or "phases" not in res:
        return
    fp = sorted(res["phases"], key=lambda p: p["a_A"])
    c["fit"] = [(p["a_A"], p["a_esd_A"], p.get("composition", {}).get("Cu"),
                 p.get("composition", {}).get("Cu_esd"), p.get("sphere_diameter_nm"),
                 p.get("intensity_share")) for p in fp]
    # the checks apply when the chosen model has as many phases as the truth
    if len(fp) != len(ph):
        return
    c["a_ok"] = all(abs(f[0] - t["a"]) <= 2 * f[1] for f, t in zip(c["fit"], ph))
    c["x_ok"] = all(f[2] is not None and abs(f[2] - x_cu(t["a"])) <= 2 * f[3]
                    for f, t in zip(c["fit"], ph))


def median_timing(xrdfit, top, gen, work, runs):
    """whole analyze on a 3500-point lab pattern (20-90 deg, step 0.02), median of runs"""
    c = dict(id="timing-lab-2p", rad=LAB, seed=11,
             phases=[dict(a=3.626, D=4.7, share=0.3), dict(a=3.761, D=3.2, share=0.7)])
    pat = make_pattern(gen, c, work)
    inst = os.path.join(work, "inst_lab.xml")
    npts = sum(1 for ln in open(pat) if ln.strip() and not ln.startswith("#"))
    out = {}
    for name, pth in (("two-phase CuRu", pat),):
        walls, cpus = [], []
        for _ in range(runs):
            _, p, w, cpu = run_analyze(xrdfit, top, pth, inst, os.path.join(work, "timing.json"))
            if p.returncode != 0:
                break
            walls.append(w)
            cpus.append(cpu)
        out[name] = (statistics.median(walls) if walls else float("nan"),
                     statistics.median(cpus) if cpus else float("nan"), len(walls))
    return npts, out


def main():
    argv = sys.argv[1:]
    build, results = os.path.abspath(argv[0]), os.path.abspath(argv[1])
    jobs, only, truns = 1, None, 5
    i = 2
    while i < len(argv):
        if argv[i] == "--jobs":
            jobs = int(argv[i + 1]); i += 2
        elif argv[i] == "--only":
            only = set(argv[i + 1].split(",")); i += 2
        elif argv[i] == "--timing-runs":
            truns = int(argv[i + 1]); i += 2
        else:
            sys.exit("study_analyze.py: unknown argument '%s'" % argv[i])
    top = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    xrdfit, gen = os.path.join(build, "xrdfit"), os.path.join(build, "xrdgen")
    work = os.path.join(results, "study_analyze")
    os.makedirs(work, exist_ok=True)
    instrument_xml(LAB, os.path.join(work, "inst_lab.xml"))
    instrument_xml(SYN, os.path.join(work, "inst_syn.xml"))
    cs = [c for c in cases() if only is None or c["id"] in only]

    def one(c):
        pat = make_pattern(gen, c, work)
        inst = os.path.join(work, "inst_%s.xml" % c["rad"]["tag"])
        oj = os.path.join(work, c["id"] + ".out.json")
        if os.path.exists(oj):
            os.remove(oj)
        cmd, p, wall, cpu = run_analyze(xrdfit, top, pat, inst, oj)
        c["cmd"] = " ".join(cmd)
        c["rc"], c["wall"], c["cpu"] = p.returncode, wall, cpu
        c["stderr"] = p.stderr.strip()
        res = None
        if os.path.exists(oj) and os.path.getsize(oj) > 0:
            try:
                res = json.load(open(oj))
            except ValueError as e:
                c["stderr"] += " (JSON unreadable: %s)" % e
        evaluate(c, res)
        return c

    with ThreadPoolExecutor(max_workers=jobs) as ex:
        cs = list(ex.map(one, cs))

    lines = []
    P = lines.append
    P("study_analyze %s: %d generator patterns, %s"
      % (time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()), len(cs),
         "sequential" if jobs == 1 else "%d in parallel (wall times inflated)" % jobs))
    P("resolvable rule: largest separation / mean FWHM over fcc 111, 200, 220, 311 >= %.1f"
      % RESOLVE_FWHM)
    P("")
    P("%-26s %-7s %5s %5s  %-16s %-5s %-5s %6s  %s" % ("case", "truth", "s111", "smax",
                                                        "verdict", "a2esd", "x2esd", "t/s",
                                                        "true a(D nm, share) | fitted a(esd) x(Cu)(esd) D"))
    for c in cs:
        tru = " ".join("%.4f(%g,%.2f)" % (p["a"], p["D"], p["share_true"]) for p in c["phases"])
        fit = " ".join("%.4f(%.4f) %.3f(%.3f) %.1f" % (f[0], f[1], f[2] if f[2] is not None else
                                                        float("nan"), f[3] or float("nan"),
                                                        f[4] or float("nan")) for f in c["fit"])
        yn = {None: "-", True: "yes", False: "NO"}
        P("%-26s %-7s %5.2f %5.2f  %-16s %-5s %-5s %6.2f  %s | %s"
          % (c["id"], c["truth"], c["sep111"], c["sepmax"], c["verdict"], yn[c["a_ok"]],
             yn[c["x_ok"]], c["wall"], tru, fit))
    P("")
    verdicts = ["single-phase", "two-phase", "three-phase", "not resolvable", "no converged fit"]
    others = sorted({c["verdict"] for c in cs} - set(verdicts))
    cols = verdicts + others
    P("confusion table (rows: truth, columns: verdict)")
    P("%-8s" % "" + "".join("%17s" % v for v in cols))
    for t in ("single", "two/R", "two/NR"):
        row = [sum(1 for c in cs if c["truth"] == t and c["verdict"] == v) for v in cols]
        P("%-8s" % t + "".join("%17d" % n for n in row))
    P("same, with the stricter rule on the strongest peak only (111 >= %.1f FWHM):" % RESOLVE_FWHM)
    for t in ("single", "two/R", "two/NR"):
        sel = [c for c in cs if (c["truth"] == "single") == (t == "single") and
               (t == "single" or (c["sep111"] >= RESOLVE_FWHM) == (t == "two/R"))]
        row = [sum(1 for c in sel if c["verdict"] == v) for v in cols]
        P("%-8s" % (t + "*") + "".join("%17d" % n for n in row))
    r111 = [c for c in cs if c["truth"] == "single" or c["sep111"] >= RESOLVE_FWHM]
    ok111 = sum(1 for c in r111 if c["verdict"] == ("single-phase" if c["truth"] == "single"
                                                     else "two-phase"))
    res_cases = [c for c in cs if c["correct"] is not None]
    ok = sum(1 for c in res_cases if c["correct"])
    P("")
    P("correct among resolvable (single + two/R): %d / %d = %.1f %%  (target >= 95 %%)"
      % (ok, len(res_cases), 100.0 * ok / max(len(res_cases), 1)))
    P("correct among resolvable by the 111 rule: %d / %d = %.1f %%"
      % (ok111, len(r111), 100.0 * ok111 / max(len(r111), 1)))
    s3 = [c for c in cs if c["truth"] == "single" and c["phases"][0]["D"] >= 3]
    f2 = [c for c in s3 if c["verdict"] not in ("single-phase",)]
    P("single-phase with D >= 3 nm: %d cases, called two-phase: %d, other than single-phase: %d "
      "(target: 0 two-phase)" % (len(s3), sum(1 for c in s3 if c["verdict"] == "two-phase"), len(f2)))
    s2 = [c for c in cs if c["truth"] == "single" and c["phases"][0]["D"] < 3]
    P("single-phase with D < 3 nm: %d cases, called two-phase: %d"
      % (len(s2), sum(1 for c in s2 if c["verdict"] == "two-phase")))
    ac = [c for c in cs if c["a_ok"] is not None]
    xc = [c for c in cs if c["x_ok"] is not None]
    P("a within 2 esd of truth (cases where the chosen model has the true number of phases): "
      "%d / %d" % (sum(1 for c in ac if c["a_ok"]), len(ac)))
    P("composition x(Cu) within 2 esd of Vegard(true a) (same cases): %d / %d = %.1f %%"
      % (sum(1 for c in xc if c["x_ok"]), len(xc),
         100.0 * sum(1 for c in xc if c["x_ok"]) / max(len(xc), 1)))
    dev = [abs(f[0] - t["a"]) for c in ac for f, t in zip(c["fit"], c["phases"])]
    zs = [abs(f[0] - t["a"]) / f[1] for c in ac for f, t in zip(c["fit"], c["phases"]) if f[1] > 0]
    if dev:
        P("|a - a_true|: median %.5f A, max %.5f A; |a - a_true| / esd: median %.2f, max %.1f"
          % (statistics.median(dev), max(dev), statistics.median(zs), max(zs)))
    walls = [c["wall"] for c in cs]
    cpus = [c["cpu"] for c in cs]
    P("time per analyze: median %.2f s wall, %.2f s CPU (min %.2f, max %.2f s wall)"
      % (statistics.median(walls), statistics.median(cpus), min(walls), max(walls)))
    bad = [c for c in cs if c["correct"] is False or c["a_ok"] is False or c["x_ok"] is False
           or c["rc"] not in (0,)]
    if bad:
        P("")
        P("misses (verdict wrong, a or x outside 2 esd, or exit status != 0):")
        for c in bad:
            P("  %s: truth %s, verdict %s, exit %d" % (c["id"], c["truth"], c["verdict"], c["rc"]))
            P("    %s" % c["cmd"])
            if c["stderr"]:
                P("    stderr: %s" % c["stderr"][:300])
    if truns > 0:
        npts, tm = median_timing(xrdfit, top, gen, work, truns)
        P("")
        for name, (w, cpu, n) in tm.items():
            P("whole analyze (%s) on a %d-point lab pattern: median %.0f ms wall, %.0f ms CPU "
              "over %d runs (target <= 100 ms)" % (name, npts, 1000 * w, 1000 * cpu, n))
    text = "\n".join(lines)
    print(text)
    with open(os.path.join(results, "study_analyze.txt"), "w") as f:
        f.write(text + "\n")
    with open(os.path.join(results, "study_analyze.json"), "w") as f:
        json.dump([{k: v for k, v in c.items() if k != "rad"} | {"rad": c["rad"]["tag"]}
                   for c in cs], f, indent=1)
    return 0


if __name__ == "__main__":
    sys.exit(main())
