# SPDX-License-Identifier: GPL-2.0
"""Reading a bench results directory: the plan (plan.tsv), the transfers
(runs.tsv) and each transfer's iperf3 JSON, turned into per-run metrics.

Every transfer is one connection of startup_s + steady_s seconds, reported
every 0.1 s by the sender (cwnd, smoothed RTT, retransmits) and by the
receiver (bytes delivered, --get-server-output).  Its metrics:

  startup phase, from the connection's first byte:
    t90          seconds until the receiver's goodput, averaged over
                 max(0.5 s, 2 RTT), first reaches 90 % of the smaller of
                 the path's capacity and the flow's own steady goodput;
                 infinite when it never does within the transfer
    mb5          megabytes delivered in the first 5 s
  steady state, the window [startup_s, startup_s + steady_s):
    goodput      Mbit/s the receiver got (payload)
    rtt_mean, rtt_p95   the sender's smoothed RTT, sampled every 0.1 s
    retrans_pct  segments retransmitted / segments transmitted (the new
                 ones the receiver got + the retransmissions)
"""
import csv
import json
import math
import os
import statistics

MSS = 1448                 # payload bytes per 1500-byte packet with timestamps
WIRE = 1514                # bytes the netem rate counts per packet
FIRST_SECONDS = 5.0        # the startup figure "bytes in the first 5 s"
T90_FRACTION = 0.9

INTREE = ["reno", "bic", "vegas", "westwood", "cubic"]
NAMESAKE = {"kcong_reno": "reno", "kcong_newreno": "reno", "kcong_bic": "bic",
            "kcong_vegas": "vegas", "kcong_westwood": "westwood"}
ORDER = ["reno", "kcong_reno", "kcong_newreno", "bic", "kcong_bic", "vegas",
         "kcong_vegas", "westwood", "kcong_westwood", "cubic"]


def cc_of(label):
    """The congestion control a label runs: "reno#2" is reno entered twice."""
    return label.split("#", 1)[0]


def namesake(label):
    """What a label is judged against: a kcong algorithm's in-tree namesake,
    an A/A label's original; None for the in-tree algorithms."""
    if "#" in label:
        return cc_of(label)
    if label in NAMESAKE:
        return NAMESAKE[label]
    return label[6:] if label.startswith("kcong_") else None


def order_key(label):
    cc = cc_of(label)
    return (ORDER.index(cc) if cc in ORDER else len(ORDER), cc, label)


class Path:
    """One line of plan.tsv."""

    def __init__(self, row):
        self.name = row["path"]
        self.rate = float(row["rate_mbit"])
        self.rtt = float(row["rtt_ms"])
        self.loss = row["loss"]
        self.buf = float(row["buf_bdp"])
        self.flows = int(row["flows"])
        self.reps = int(row["reps"])
        self.startup = float(row["startup_s"])
        self.steady = float(row["steady_s"])
        # A vs path: each label beside a partner ("namesake" or a name).
        self.partner = None if row["partner"] == "-" else row["partner"]
        self.labels = row["algs"].split()

    @property
    def vs(self):
        return self.partner is not None

    def partner_of(self, label):
        return namesake(label) if self.partner == "namesake" or "#" in label else self.partner

    @property
    def capacity(self):
        """Payload goodput the bottleneck carries, Mbit/s."""
        return self.rate * MSS / WIRE

    @property
    def bdp_pkts(self):
        return math.ceil(self.rate * 1e6 / 8 * self.rtt / 1000 / 1500)

    @property
    def random_loss(self):
        """Loss probability of a random:PCT path, else None."""
        if self.loss.startswith("random:"):
            return float(self.loss.split(":")[1]) / 100
        return None

    def mathis(self, rtt_ms=None):
        """Mathis et al.: MSS/RTT * sqrt(3/2) / sqrt(p), Mbit/s."""
        rtt = (rtt_ms or self.rtt) / 1000
        return MSS * 8 / rtt * math.sqrt(1.5) / math.sqrt(self.random_loss) / 1e6

    @property
    def steady_ok(self):
        """Is the steady window as long as the bench promises (10 s, 100 RTTs)?"""
        return self.steady >= max(10.0, 100 * self.rtt / 1000) - 1e-9

    def describe(self):
        if self.loss == "none":
            loss = "no loss"
        elif self.random_loss is not None:
            loss = f"{100 * self.random_loss:g} % random loss"
        else:
            loss = self.loss
        if self.vs:
            who = "namesake" if self.partner == "namesake" else self.partner
            flows = f"each algorithm beside its {who}, one flow each"
        else:
            flows = f"{self.flows} flows" if self.flows > 1 else "1 flow"
        return (f"{self.rate:g} Mbit/s, {self.rtt:g} ms RTT, {loss}, {self.buf:g} BDP buffer "
                f"(BDP {self.bdp_pkts} packets), {flows}; capacity {self.capacity:.1f} Mbit/s "
                f"of goodput; {self.reps} repetitions of {self.startup:g} s startup + "
                f"{self.steady:g} s steady state")


def read_plan(results):
    with open(os.path.join(results, "plan.tsv")) as f:
        return [Path(row) for row in csv.DictReader(f, delimiter="\t")]


def read_kv(path):
    kv = {}
    if os.path.exists(path):
        with open(path) as f:
            for line in f:
                if "=" in line:
                    k, v = line.rstrip("\n").split("=", 1)
                    kv[k] = v
    return kv


def percentile(values, q):
    s = sorted(values)
    if not s:
        return float("nan")
    return s[min(len(s) - 1, int(q * len(s)))]


def jain(xs):
    s = sum(xs)
    sq = sum(x * x for x in xs)
    return s * s / (len(xs) * sq) if sq > 0 else float("nan")


def receiver_series(data):
    """[(start, end, bytes, [bytes per flow])] of the receiver's intervals."""
    srv = data.get("server_output_json")
    if not srv:
        raise ValueError("no server_output_json (iperf3 --get-server-output)")
    out = []
    for iv in srv["intervals"]:
        s = iv["sum"]
        out.append((s["start"], s["end"], s["bytes"], [st["bytes"] for st in iv["streams"]]))
    return out


def in_window(start, end, lo, hi):
    """Is the interval [start, end) inside [lo, hi), allowing clock slack?"""
    return start >= lo - 1e-3 and end <= hi + 0.05


def t_reach(series, target, smooth):
    """End time of the first span of `smooth` seconds whose mean goodput
    (Mbit/s) reaches target; infinity when none does."""
    if target <= 0:
        return 0.0
    for i in range(len(series)):
        j = i
        while j >= 0 and series[i][1] - series[j][0] < smooth - 1e-6:
            j -= 1
        if j < 0:
            continue
        secs = series[i][1] - series[j][0]
        mbit = sum(b for _, _, b, _ in series[j:i + 1]) * 8 / 1e6 / secs
        if mbit >= target:
            return series[i][1]
    return math.inf


def run_metrics(path, data):
    """Every metric of one iperf3 -J result (one client, 1..n flows)."""
    lo, hi = path.startup, path.startup + path.steady
    rx = receiver_series(data)
    steady = [iv for iv in rx if in_window(iv[0], iv[1], lo, hi)]
    secs = sum(e - s for s, e, _, _ in steady)
    if secs < 0.5 * path.steady:
        raise ValueError(f"only {secs:.1f} s of the steady window reported")
    goodput = sum(b for _, _, b, _ in steady) * 8 / 1e6 / secs
    nflows = len(steady[0][3])
    flow_goodputs = [sum(iv[3][k] for iv in steady) * 8 / 1e6 / secs for k in range(nflows)]

    rtts, retrans = [], 0
    for iv in data["intervals"]:
        s = iv["sum"]
        if not in_window(s["start"], s["end"], lo, hi):
            continue
        retrans += s.get("retransmits", 0)
        rtts += [st["rtt"] / 1000.0 for st in iv["streams"] if "rtt" in st]
    # Segments transmitted: the new ones the receiver got, and the
    # retransmissions.  (The sender's own byte count is what the application
    # wrote into a socket buffer of up to 32 MB, not what went out.)
    mss = data["start"].get("tcp_mss_default") or MSS
    segments = sum(b for _, _, b, _ in steady) / mss + retrans

    first = [iv for iv in rx if iv[1] <= FIRST_SECONDS + 0.05]
    mb5 = sum(b for _, _, b, _ in first) / 1e6
    target = T90_FRACTION * min(path.capacity, goodput)
    t90 = t_reach(rx, target, max(0.5, 2 * path.rtt / 1000))
    return {
        "goodput": goodput,
        "utilization": goodput / path.capacity,
        "rtt_mean": statistics.fmean(rtts) if rtts else float("nan"),
        "rtt_p95": percentile(rtts, 0.95),
        "retrans_pct": 100.0 * retrans / segments if segments else 0.0,
        "t90": t90,
        "mb5": mb5,
        "jain": jain(flow_goodputs) if nflows > 1 else float("nan"),
        "flow_goodputs": flow_goodputs,
        "sender_cc": data["end"].get("sender_tcp_congestion", "?"),
        "series": rx,
    }


def sender_series(data):
    """[(t, cwnd_pkts, rtt_ms)] of the first flow."""
    out = []
    for iv in data["intervals"]:
        st = iv["streams"][0]
        if "snd_cwnd" in st:
            out.append((st["end"], st["snd_cwnd"] / MSS, st.get("rtt", 0) / 1000.0))
    return out


def load_json(results, rel):
    with open(os.path.join(results, rel)) as f:
        data = json.load(f)
    if "error" in data:
        raise ValueError(data["error"])
    return data


def add_partner(results, path, run):
    """A vs run: the partner's flow from the .peer.json beside this one.
    goodput becomes the pair's total; share is this flow's part of it."""
    peer = load_json(results, run["file"][:-len(".json")] + ".peer.json")
    m = run_metrics(path, peer)
    want = cc_of(path.partner_of(run["alg"]))
    if m["sender_cc"] != want:
        run["status"] = f"the partner's flow ran {m['sender_cc']}, not {want}"
    own, other = run["goodput"], m["goodput"]
    run.update({
        "own_goodput": own, "partner_goodput": other,
        "goodput": own + other, "utilization": (own + other) / path.capacity,
        "flow_goodputs": [own, other], "jain": jain([own, other]),
        "share": own / (own + other) if own + other > 0 else float("nan"),
        "partner_rtt_mean": m["rtt_mean"], "partner_retrans_pct": m["retrans_pct"],
    })


def load(results):
    """(paths, runs): the plan and every transfer with its metrics; a run
    whose status is not "ok" has no metrics."""
    paths = {p.name: p for p in read_plan(results)}
    runs = []
    with open(os.path.join(results, "runs.tsv")) as f:
        for row in csv.DictReader(f, delimiter="\t"):
            p = paths[row["path"]]
            run = {"path": p.name, "alg": row["alg"], "rep": int(row["rep"]),
                   "file": row["file"], "status": row["status"],
                   "wall_s": float(row.get("wall_s") or "nan")}
            if row["status"] == "ok":
                try:
                    data = load_json(results, row["file"])
                    run.update(run_metrics(p, data))
                    run["data"] = data
                    if run["sender_cc"] != cc_of(run["alg"]):
                        run["status"] = f"ran {run['sender_cc']}"
                    elif p.vs:
                        add_partner(results, p, run)
                except (OSError, ValueError, KeyError, IndexError, ZeroDivisionError) as e:
                    run["status"] = f"unreadable: {e}"
            runs.append(run)
    return list(paths.values()), runs
