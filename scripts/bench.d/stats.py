# SPDX-License-Identifier: GPL-2.0
"""The bench's statistical tests: exact, distribution-free, standard library
only.  Both tests enumerate their whole null distribution (by counting, not
by sampling), so a p-value is exact for the repetitions at hand, ties
included, and the false-positive rate of "p <= ALPHA" is at most ALPHA
whatever the distribution of the runs.

rank_sum_test(a, b)   two independent samples (the runs of two algorithms
                      on one path): the Wilcoxon-Mann-Whitney rank-sum test,
                      as a permutation test over every split of the pooled
                      runs into groups of len(a) and len(b).
signed_rank_test(d)   one sample of differences symmetric about 0 under
                      the null (the kcong flow's share minus 1/2 on a
                      shared bottleneck): Wilcoxon's signed-rank test, as a
                      permutation test over every sign flip.
"""
import functools
import math

# Per-marker false-positive rate the bench allows (two-sided).
ALPHA = 0.05


def midranks(values):
    """Ranks 1..n of values, ties sharing their mean rank, doubled so that
    they are integers (a tie of ranks 2 and 3 is 5, not 2.5)."""
    order = sorted(range(len(values)), key=lambda i: values[i])
    ranks = [0] * len(values)
    i = 0
    while i < len(order):
        j = i
        while j + 1 < len(order) and values[order[j + 1]] == values[order[i]]:
            j += 1
        for k in range(i, j + 1):
            ranks[order[k]] = i + j + 2       # 2 * mean of ranks i+1 .. j+1
        i = j + 1
    return ranks


@functools.lru_cache(maxsize=4096)
def _subset_sum_counts(weights, k):
    """{s: number of k-element subsets of weights (a sorted tuple) with sum s}."""
    # counts[j] maps a sum to the number of j-element subsets reaching it.
    counts = [dict() for _ in range(k + 1)]
    counts[0][0] = 1
    for n, w in enumerate(weights):
        for j in range(min(k, n + 1), 0, -1):
            src, dst = counts[j - 1], counts[j]
            for s, c in src.items():
                dst[s + w] = dst.get(s + w, 0) + c
    return counts[k]


def rank_sum_test(a, b):
    """Exact two-sided rank-sum test of a against b.

    Returns (p, direction): p the probability, if a and b came from one
    distribution, of a rank sum at least as far from its mean as the one
    observed; direction +1 when a ranks above b, -1 below, 0 neither.
    Infinite values are allowed (a flow that never reached its target)."""
    n, m = len(a), len(b)
    if n == 0 or m == 0:
        return 1.0, 0
    ranks = midranks(list(a) + list(b))
    observed = sum(ranks[:n])
    # Doubled ranks: the mean of a's rank sum is n (N + 1), doubled.
    mean2 = n * (n + m + 1)
    dist = abs(observed - mean2)
    counts = _subset_sum_counts(tuple(sorted(ranks)), n)
    extreme = sum(c for s, c in counts.items() if abs(s - mean2) >= dist)
    p = extreme / math.comb(n + m, n)
    return min(1.0, p), (observed > mean2) - (observed < mean2)


def _subset_sums(ranks):
    """How many subsets of RANKS have each sum: the signed-rank test's null
    distribution of W+ (each rank's sign a fair coin)."""
    sums = {0: 1}
    for r in ranks:
        nxt = dict(sums)
        for s, c in sums.items():
            nxt[s + r] = nxt.get(s + r, 0) + c
        sums = nxt
    return sums


def signed_rank_test(d):
    """Exact two-sided signed-rank test of d against a distribution
    symmetric about 0 (zeros dropped, as Wilcoxon did).

    Returns (p, direction): direction +1 when d lies above 0."""
    nz = [x for x in d if x != 0]
    n = len(nz)
    if n == 0:
        return 1.0, 0
    ranks = midranks([abs(x) for x in nz])
    total = sum(ranks)
    positive = sum(r for r, x in zip(ranks, nz) if x > 0)
    # Under the null each sign is a fair coin: W+ is the sum of a random
    # subset of the ranks, symmetric about total / 2.
    dist = abs(2 * positive - total)
    sums = _subset_sums(ranks)
    extreme = sum(c for s, c in sums.items() if abs(2 * s - total) >= dist)
    return min(1.0, extreme / 2 ** n), (2 * positive > total) - (2 * positive < total)


def rank_sum_size(n, m, alpha=ALPHA):
    """The exact false-positive rate of "p <= alpha" with n and m runs and
    no ties: the largest achievable p-value level not above alpha (0 when
    even total separation is not significant, e.g. 3 runs against 3)."""
    counts = _subset_sum_counts(tuple(2 * (i + 1) for i in range(n + m)), n)
    total = math.comb(n + m, n)
    mean2 = n * (n + m + 1)
    levels = sorted({abs(s - mean2) for s in counts})
    best = 0.0
    for d in levels:
        p = sum(c for s, c in counts.items() if abs(s - mean2) >= d) / total
        if p <= alpha:
            best = max(best, p)
    return best


def signed_rank_size(n, alpha=ALPHA):
    """The same for the signed-rank test with n non-zero differences."""
    ranks = [2 * (i + 1) for i in range(n)]
    sums = _subset_sums(ranks)
    total = sum(ranks)
    best = 0.0
    for d in sorted({abs(2 * s - total) for s in sums}):
        p = sum(c for s, c in sums.items() if abs(2 * s - total) >= d) / 2 ** n
        if p <= alpha:
            best = max(best, p)
    return best


def min_runs_rank_sum(alpha=ALPHA):
    """Fewest runs per side (equal sides) with which the rank-sum test can
    mark anything at all."""
    n = 1
    while rank_sum_size(n, n, alpha) == 0:
        n += 1
    return n


def median(xs):
    s = sorted(xs)
    k = len(s)
    if k == 0:
        return float("nan")
    return s[k // 2] if k % 2 else (s[k // 2 - 1] + s[k // 2]) / 2
