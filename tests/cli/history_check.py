#!/usr/bin/env python3
"""Outcome tests of the bundled model models/entity-list-2019.yaml: for each
documented outcome of 2019-2024, the model's answer at the dated step.

Each outcome states in words what happened, names its source (an id of the
model's `sources` map, whose text cites the document), and checks the
model's answer at the step of that date: an item made / degraded / lost /
not yet introduced, or a supply edge cut or open (and by which rule).

`impact` answers what the law reached at a date (the cuts), not what was
produced. Where the two differ and the model cannot show the difference
(stock, evasion, an import ban format v1 cannot express), the outcome
carries `gap=` with the reason: the check still runs, a mismatch prints a
KNOWN GAP line instead of failing, and a match asks to drop the mark.
Usage: history_check.py DECOUPLE MODEL"""
import functools
import json
import re
import subprocess
import sys

binary, model = sys.argv[1:3]


def run(*args):
    done = subprocess.run([binary, *args], capture_output=True, text=True)
    if done.returncode != 0:
        raise RuntimeError(f"decouple {' '.join(args)} failed: {done.stderr.strip()}")
    return done.stdout


@functools.lru_cache(maxsize=None)
def impact(step):
    return json.loads(run("impact", model, "--scenario", step, "--format", "json"))


def source_ids():
    """The ids of the model's `sources` map (read from the YAML text)."""
    ids, inside = set(), False
    for line in open(model, encoding="utf-8"):
        if re.match(r"^[a-z_]+:", line):
            inside = line.startswith("sources:")
        elif inside:
            found = re.match(r"^  ([a-z0-9][a-z0-9._-]*):", line)
            if found:
                ids.add(found.group(1))
    return ids


def status(step, item):
    """made, degraded, lost or not-yet: the item's state at the step."""
    data = impact(step)
    for v in data["vendors"]:
        if item in v["lost"]:
            return "lost"
    for key in ("not_yet", "gone"):
        for v in data["vendors"]:
            if item in v.get(key, []):
                return "not-yet" if key == "not_yet" else "gone"
        if item in data.get(key, []) or item in data.get("summary", {}).get(key, []):
            return "not-yet" if key == "not_yet" else "gone"
    for v in data["vendors"]:
        if any(d["item"] == item for d in v["degraded"]):
            return "degraded"
    return "made"


def cut(step, item, option):
    """The rule that cut the edge option -> item at the step, or None."""
    for v in impact(step)["vendors"]:
        for c in v["cut"]:
            if c["item"] == item and c["option"] == option:
                return c["rule"]
    return None


class Outcome:
    """`needs_dates`: the answer depends on evaluating the step at its date
    (items not yet introduced, actions with `from`/`until`), which `impact`
    does once it takes `--at` (issue 12); until then the outcome is reported
    as pending, never silently skipped."""
    def __init__(self, step, says, source, check, expect, gap=None, needs_dates=False):
        self.step, self.says, self.source = step, says, source
        self.check, self.expect, self.gap = check, expect, gap
        self.needs_dates = needs_dates


@functools.lru_cache(maxsize=None)
def evaluates_at_dates():
    return "--at" in subprocess.run([binary, "impact", "--help"], capture_output=True,
                                    text=True).stdout


def item(name):
    return lambda step: status(step, name)


def edge(consumer, option):
    return lambda step: cut(step, consumer, option) or "open"


S = Outcome
OUTCOMES = [
    # --- May 2019: the Huawei listing and the temporary general licence.
    S("el-2019-05", "Micron resumed DRAM shipments to Huawei in June 2019: parts made abroad, not subject to the EAR",
      "micron-2019-06", edge("huawei-p30-pro", "micron-dram"), "open"),
    S("el-2019-05", "Intel resumed some shipments to Huawei in June 2019 (parts made abroad)",
      "wsj-2019-06", edge("huawei-matebook", "intel-core"), "open"),
    S("el-2019-05", "US-made RF front ends (Qorvo) were cut from Huawei by the listing",
      "fr-84-22961", edge("huawei-p30-pro", "qorvo-rf-fem"), "origin"),
    S("el-2019-08", "Existing phones kept Google Play services under the temporary general licence (from 20 May 2019)",
      "google-2019-05", edge("huawei-p30-pro", "google-gms-updates"), "open"),
    S("el-2019-05", "The P30 Pro stayed on sale through 2019 and 2020 (stockpiled US parts, then non-US ones)",
      "google-2019-05", item("huawei-p30-pro"), "made",
      gap="the listing cuts its US-made RF, audio and Wi-Fi parts; the stock that bridged them is read by "
          "`trajectory`, not by `impact`"),
    S("el-2019-05", "Huawei shelved MateBook launches after Microsoft stopped supplying Windows",
      "fs10", item("huawei-matebook"), "lost"),
    S("license-2019-11", "Microsoft's licence of 20 Nov 2019 restored Windows for MateBooks",
      "fs10", item("huawei-matebook"), ("made", "degraded")),
    S("el-2019-10-cumulative", "The Mate 30 (Sep 2019) shipped with no US parts and without Google Mobile Services",
      "mate30-2019-09", item("huawei-mate-30"), ("made", "degraded")),
    S("el-2019-05", "Huawei kept delivering 5G base stations before its US-free design (Oct 2019)",
      "ren-2019-09", item("huawei-5g-base-station"), ("made", "degraded"), needs_dates=True,
      gap="Huawei's stock of US parts bridged the months to October 2019; stock is read by "
          "`trajectory`, not by `impact`"),
    S("el-2019-05", "The Mate 60 Pro did not exist in 2019: not yet, never lost",
      "mate60-2023-08", item("huawei-mate-60-pro"), "not-yet", needs_dates=True),
    S("el-2019-10-cumulative", "5G base stations without US parts were mass-produced from October 2019",
      "ren-2019-09", item("huawei-5g-base-station"), ("made", "degraded")),
    # --- October 2019: the 28 Xinjiang-related entities.
    S("el-2019-10", "SenseTime kept buying Nvidia GPUs after its listing; no material impact (2021 prospectus)",
      "sensetime-2021", item("sensetime-training-cluster"), ("made", "degraded")),
    S("el-2019-10", "Hikvision's recorders kept their hard disks (drives assembled abroad; Toshiba outside the US)",
      "hikvision-2019", item("hikvision-nvr"), ("made", "degraded")),
    S("el-2019-10", "Hikvision's cameras lost their US chips but had Chinese ones (most chip suppliers Chinese)",
      "fs88", item("hikvision-ipc"), "degraded"),
    S("el-2019-10", "Hikvision's analytics servers lost US-made Xeons, bridged by its stockpile; it grew in 2020",
      "hikvision-2019", item("hikvision-ai-server"), "made",
      gap="the Xeon edge is cut; Hikvision's stock (components inventory +90% in H1 2019) is read by "
          "`trajectory`, not by `impact`"),
    # --- 2020: the direct-product rule, the wind-down, the licences.
    S("fdp-2020-08", "TSMC kept shipping Kirin chips during the wind-down to 14 Sep 2020",
      "fr-85-29849", edge("kirin-990", "tsmc-n7"), "open", needs_dates=True),
    S("fdp-2020-09", "TSMC shipped nothing to HiSilicon after 14 Sep 2020: the direct-product rule",
      "fs19", edge("kirin-990", "tsmc-n7"), "foreign_direct_product"),
    S("fdp-2020-09", "Samsung and SK Hynix stopped memory supply to Huawei from 15 Sep 2020",
      "memory-2020-09", edge("huawei-mate-30", "samsung-dram"), "foreign_direct_product"),
    S("smic-2020-12", "Samsung Display and LG Display stopped panel supply to Huawei from 15 Sep 2020",
      "oled-2020-09", edge("huawei-mate-40-pro", "samsung-oled"), "foreign_direct_product"),
    S("fdp-2020-09", "Micron's foreign-made DRAM was caught by the 2020 rule (made with US tools)",
      "fr-85-51596", edge("huawei-p30-pro", "micron-dram"), "foreign_direct_product"),
    S("fdp-2020-08", "The temporary general licence ended on 13 Aug 2020",
      "fr-tgl", edge("huawei-p30-pro", "google-gms-updates"), "origin"),
    S("license-2020-09", "Intel's licence of Sep 2020 let it supply Huawei laptops again",
      "intel-2020-09", item("huawei-matebook"), ("made", "degraded")),
    S("smic-2020-12", "The Mate 40 Pro (Oct 2020) sold from stockpiled Kirin 9000 chips, TSMC's last",
      "fs69", item("huawei-mate-40-pro"), "made",
      gap="the Kirin 9000's TSMC supply and the panels are cut; the stockpile is read by `trajectory`, "
          "not by `impact`"),
    # --- 2022-2024: AI chips.
    S("ac-2022-10", "The Oct 2022 rule stopped A100/H100 sales to Chinese cloud firms",
      "nvidia-2022-08", edge("alibaba-ai-cluster", "nvidia-a100"), "foreign_direct_product"),
    S("ac-2022-10", "Chinese cloud firms switched to the A800 (about 100,000 ordered for 2023)",
      "ft-2023-08", item("alibaba-ai-cluster"), "degraded"),
    S("ac-2023-10", "The Oct 2023 rule caught the A800 and H800 too",
      "nvidia-2023-10", edge("baidu-ai-cluster", "nvidia-a800"), "foreign_direct_product"),
    S("ac-2023-10", "Between the Oct 2023 rule and the H20 (Feb-Mar 2024) Chinese clouds had no new Nvidia GPU",
      "nvidia-2023-10", item("tencent-ai-cluster"), "lost", needs_dates=True),
    S("revoke-2024-05", "Chinese clouds bought the H20 in 2024 (priced below the Ascend 910B)",
      "nvidia-h20", item("tencent-ai-cluster"), "degraded", needs_dates=True),
    S("ac-2023-10", "The H20 passes the 2023 thresholds",
      "nvidia-h20", edge("bytedance-ai-cluster", "nvidia-h20"), "open"),
    S("el-2022-12", "Cambricon's listing with footnote 4 ended its TSMC supply",
      "fr-87-77505", edge("cambricon-mlu", "tsmc-n7"), "foreign_direct_product"),
    S("el-2022-12", "YMTC kept producing NAND with ASML, AMEC and Naura tools after its listing",
      "ymtc-2022", item("ymtc-nand"), "degraded"),
    S("cn-ban-2024-12", "CXMT kept producing DRAM through 2024 and was left off the Dec 2024 list",
      "cxmt-2024", item("cxmt-dram"), "degraded"),
    S("nl-2023-09", "The Mate 60 Pro (Aug 2023) was made with a SMIC N+2 Kirin 9000S",
      "mate60-2023-08", item("huawei-mate-60-pro"), "made",
      gap="the law reached it: the 2020 direct-product rule covers SMIC's output for HiSilicon (US tools "
          "in SMIC's plant); how SMIC made it anyway (installed tools, intermediaries) is not in the model"),
    S("revoke-2024-05", "Intel's laptop-chip licence was revoked on 7 May 2024",
      "revoke-2024-05", edge("huawei-matebook", "intel-core"), "foreign_direct_product"),
    S("el-2024-12", "The Dec 2024 HBM rule stopped Samsung's HBM sales to Chinese buyers",
      "samsung-hbm-2024", edge("cn-ai-accelerators", "samsung-hbm"), "foreign_direct_product"),
    # --- China's controls.
    S("cn-gallium-2023-08", "China's gallium exports fell to zero in Aug 2023; US RF makers hold little non-Chinese supply",
      "gage-trade", item("qorvo-rf-fem"), "degraded"),
    S("cn-gallium-2023-09", "China granted gallium export licences from 21 Sep 2023; exports grew in 2024",
      "gage-trade", edge("qorvo-rf-fem", "gallium"), "open"),
    S("cn-gallium-2023-09", "No germanium went to the US after mid-2023",
      "gage-trade", edge("corning-optical-fiber", "germanium"), "origin"),
    S("cn-ban-2024-12", "China banned gallium exports to the US on 3 Dec 2024",
      "mofcom-2024-12", edge("qorvo-rf-fem", "gallium"), "origin"),
    S("cn-graphite-2023-12", "No graphite went to the US or Japan in Dec 2023",
      "graphite-2023-12", edge("us-battery-anodes", "graphite"), "origin"),
    S("cn-antimony-2024-09", "Antimony exports collapsed after the Sep 2024 licensing",
      "antimony-2024", edge("us-antimony-products", "antimony"), "origin"),
    S("ac-2023-10", "China's 2023 Micron ban: critical-infrastructure operators stopped buying Micron",
      "cac-2023-05", lambda step: "not modelled", "cut",
      gap="format v1 has no action for a buyer's government banning purchases (an import ban), and the "
          "model has no Chinese infrastructure buyer of Micron outside Huawei"),
]


def main():
    failures = gaps = passed = closed = 0
    known = source_ids()
    pending = 0
    for o in OUTCOMES:
        if o.needs_dates and not evaluates_at_dates():
            pending += 1
            print(f"PENDING (needs evaluation at a date, issue 12) {o.step}: {o.says} [{o.source}]")
            continue
        if o.source not in known:
            failures += 1
            print(f"FAIL {o.step}: {o.says}: source '{o.source}' is not in the model's sources")
            continue
        try:
            got = o.check(o.step)
        except Exception as error:  # a broken probe is a failure, gap or not
            failures += 1
            print(f"FAIL {o.step}: {o.says} [{o.source}]: error: {error}")
            continue
        expected = o.expect if isinstance(o.expect, tuple) else (o.expect,)
        ok = got in expected
        if o.gap:
            if ok:
                closed += 1
                print(f"gap closed, drop the mark: {o.step}: {o.says} [{o.source}]")
            else:
                gaps += 1
                print(f"KNOWN GAP {o.step}: {o.says} [{o.source}]: history says {o.expect}, "
                      f"the model says {got}: {o.gap}")
        elif ok:
            passed += 1
        else:
            failures += 1
            print(f"FAIL {o.step}: {o.says} [{o.source}]: expected {o.expect}, the model says {got}")
    print(f"history: {passed} outcomes reproduced, {gaps} known gaps, {closed} gaps closed, "
          f"{pending} pending, {failures} failed")
    return 1 if failures else 0


sys.exit(main())
