#!/usr/bin/python3
"""Reference values for the tests in test/stats/ (lib/stats).

Run with Debian's Python, which has scipy 1.10.1, statsmodels 0.13.5, scikit-learn 1.2.1 and numpy 1.24.2:

    /usr/bin/python3 test/reference/stats_reference_values.py            # every section
    /usr/bin/python3 test/reference/stats_reference_values.py wilcoxon   # one section

Each printed line is `[label] call -> value(s)`, values with repr() (17 significant digits). A test cites the
label and the call beside each expected number. The data sets below are repeated verbatim in the tests.
"""

import sys
from decimal import Decimal, getcontext
from fractions import Fraction
from math import comb

import numpy as np
import scipy
import scipy.special as special
import scipy.stats as stats
import sklearn
import statsmodels
from scipy.stats._resampling import _bca_interval
from sklearn.metrics import cohen_kappa_score
from statsmodels.stats.contingency_tables import cochrans_q, mcnemar
from statsmodels.stats.multitest import multipletests
from statsmodels.stats.proportion import proportion_confint
from statsmodels.stats.weightstats import CompareMeans, DescrStatsW


def show(label, call, value):
    print(f"[{label}] {call} -> {value!r}")


def show_test(label, call, result, *extra):
    parts = [f"statistic={float(result[0])!r}", f"pvalue={float(result[1])!r}"]
    parts.extend(extra)
    print(f"[{label}] {call} -> " + ", ".join(parts))


# ---------------------------------------------------------------------------------------------------------------
# Data sets (repeated in the tests)
# ---------------------------------------------------------------------------------------------------------------

# Hollander & Wolfe depression data (no ties, no zeros): x = first visit, y = second visit.
W_SMALL_X = [1.83, 0.50, 1.62, 2.48, 1.68, 1.88, 1.55, 3.06, 1.30]
W_SMALL_Y = [0.878, 0.647, 0.598, 2.05, 1.06, 1.29, 1.06, 3.14, 1.29]
# Likert-style paired scores with zero and tied differences.
W_TIES_X = [4, 3, 5, 2, 4, 4, 3, 5, 1, 2, 4, 3, 5, 4, 2, 3, 4, 5, 3, 4]
W_TIES_Y = [3, 3, 4, 2, 2, 5, 1, 4, 1, 3, 2, 3, 3, 4, 1, 2, 4, 3, 3, 2]
# 30 distinct differences, moderate evidence.
W_MID_D = [0.31, -0.12, 0.54, 0.08, -0.27, 0.66, 0.19, -0.05, 0.42, 0.23, -0.38, 0.71, 0.15, 0.02, -0.09,
           0.48, 0.36, -0.21, 0.57, 0.11, 0.29, -0.44, 0.63, 0.26, 0.04, -0.16, 0.39, 0.51, -0.33, 0.13]
# 50 positive distinct differences (n = 50: the largest exact case) and 60 for the approximation.
W_EXTREME_50 = [0.5 + 0.1 * i for i in range(50)]
W_EXTREME_60 = [0.5 + 0.1 * i for i in range(60)]
# W+ at the centre of the distribution: n = 4 differences, ranks 1+4 = 2+3.
W_CENTRE_D = [1.0, -2.0, -3.0, 4.0]

MW_SMALL_X = [19, 22, 16, 29, 24]
MW_SMALL_Y = [20, 11, 17, 12]
MW_TIES_X = [3, 4, 2, 5, 4, 3, 4, 5, 2, 4, 3, 5]
MW_TIES_Y = [2, 3, 1, 3, 2, 4, 2, 1, 3, 2, 2, 3, 1]
MW_MID_X = [1.21, 3.42, 2.05, 4.87, 2.93, 3.11, 5.62, 2.48, 4.05, 3.77, 1.96, 4.44]
MW_MID_Y = [0.95, 2.14, 1.73, 3.05, 2.61, 1.12, 2.88, 0.47, 3.36, 1.58, 2.27, 1.84]
MW_EXTREME_X = list(range(1, 41))
MW_EXTREME_Y = list(range(41, 81))
MW_CENTRE_X = [1, 4]
MW_CENTRE_Y = [2, 3]

T_PAIRED_X = [12.1, 14.3, 11.8, 15.2, 13.7, 12.9, 14.8, 13.1, 12.4, 15.6, 13.3, 14.1]
T_PAIRED_Y = [11.4, 13.9, 12.0, 14.1, 12.8, 12.7, 13.5, 12.2, 12.5, 14.3, 12.6, 13.2]
T_WELCH_X = [27.5, 21.0, 19.0, 23.6, 17.0, 17.9, 16.9, 20.1, 21.9, 22.6, 23.1, 19.6, 19.0, 21.7, 21.4]
T_WELCH_Y = [27.1, 22.0, 20.8, 23.4, 23.4, 23.5, 25.8, 22.0, 24.8, 20.2, 21.9, 22.1, 22.9, 20.5, 24.4, 23.9, 25.0]
T_EXTREME_X = [10.0 + 0.01 * ((7 * i) % 13) for i in range(30)]
T_EXTREME_Y = [8.0 + 0.01 * ((5 * i) % 11) for i in range(30)]

CHI_2X2 = [[12, 5], [7, 9]]
CHI_2X2_SMALL_DEVIATION = [[10, 10], [10, 11]]
CHI_3X4 = [[20, 15, 12, 8], [11, 18, 16, 14], [7, 9, 15, 21]]
CHI_EXTREME = [[300, 100], [100, 300]]

FISHER_TABLES = {
    "fisher.a": [[8, 2], [1, 5]],
    "fisher.tea": [[3, 1], [1, 3]],
    "fisher.symmetric": [[5, 5], [5, 5]],
    "fisher.asymmetric": [[2, 7], [8, 2]],
    "fisher.zero_cell": [[0, 5], [6, 4]],
    "fisher.extreme": [[100, 0], [0, 100]],
    "fisher.large": [[120, 80], [95, 105]],
}

FRIEDMAN_3 = [[7.0, 9.0, 8.0], [6.0, 5.0, 7.0], [9.0, 7.0, 6.0], [8.0, 5.0, 6.0], [7.0, 7.0, 9.0],
              [5.0, 6.0, 8.0], [6.0, 6.0, 6.0], [8.0, 9.0, 9.0], [4.0, 6.0, 7.0], [7.0, 8.0, 9.0]]
FRIEDMAN_4 = [[0.61, 0.72, 0.55, 0.80], [0.58, 0.69, 0.60, 0.77], [0.64, 0.75, 0.52, 0.83],
              [0.55, 0.68, 0.57, 0.74], [0.60, 0.71, 0.59, 0.79], [0.63, 0.70, 0.54, 0.81],
              [0.59, 0.74, 0.56, 0.76], [0.62, 0.73, 0.58, 0.82]]

KW_GROUPS = [[2.9, 3.0, 2.5, 2.6, 3.2], [3.8, 2.7, 4.0, 2.4], [2.8, 3.4, 3.7, 2.2, 2.0]]
KW_TIES = [[1, 2, 2, 3, 3, 3, 4], [2, 3, 3, 4, 4, 5, 5, 5], [1, 1, 2, 2, 3]]
KW_EXTREME = [list(range(1, 21)), list(range(21, 41)), list(range(41, 61))]

COCHRAN_3 = [[1, 1, 0], [1, 0, 0], [1, 1, 1], [0, 0, 0], [1, 0, 1], [1, 1, 0], [0, 1, 0], [1, 1, 0],
             [1, 0, 0], [1, 1, 1], [0, 0, 1], [1, 1, 0]]
COCHRAN_4 = [[1, 1, 1, 0], [1, 1, 0, 0], [1, 0, 0, 0], [1, 1, 1, 1], [1, 1, 0, 1], [1, 1, 1, 0],
             [0, 1, 0, 0], [1, 1, 1, 0], [1, 0, 1, 0], [1, 1, 0, 0], [1, 1, 1, 0], [0, 0, 0, 0],
             [1, 1, 0, 0], [1, 1, 1, 0], [1, 0, 0, 1]]

P_VALUES = [0.01, 0.04, 0.03, 0.005, 0.20, 0.04, 0.5, 0.0001, 0.9, 0.012]

KAPPA_A = [1, 2, 3, 3, 2, 1, 4, 4, 3, 2, 1, 5, 3, 2, 4, 5, 1, 2, 3, 4]
KAPPA_B = [1, 2, 3, 2, 2, 1, 4, 3, 3, 3, 2, 5, 3, 2, 5, 4, 1, 1, 3, 4]
# KAPPA_A/B with category 5 recoded as 7, so that categories 5 and 6 are unused: weights by position then depend
# on whether the full category list [1..7] is given.
KAPPA_GAP_A = [7 if v == 5 else v for v in KAPPA_A]
KAPPA_GAP_B = [7 if v == 5 else v for v in KAPPA_B]
KAPPA_STRINGS_A = ["yes", "no", "yes", "maybe", "no", "yes", "maybe", "no", "yes", "yes"]
KAPPA_STRINGS_B = ["yes", "no", "no", "maybe", "no", "yes", "yes", "no", "yes", "maybe"]

# Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability", section E: 4 observers x 12 units, None = missing.
KRIPPENDORFF_C = [
    [1, 2, 3, 3, 2, 1, 4, 1, 2, None, None, None],
    [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, None, 3],
    [None, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, None],
    [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, None],
]
# Krippendorff (2011), section A: binary data, 2 observers, 10 units, no missing values.
KRIPPENDORFF_A = [[0, 1, 0, 0, 0, 0, 0, 0, 1, 0], [1, 1, 1, 0, 0, 1, 0, 0, 0, 0]]

BOOT_DATA = [2.1, 3.4, 1.9, 5.6, 2.8, 3.1, 4.7, 2.2, 6.3, 3.0, 2.6, 4.1, 3.8, 2.4, 7.9, 3.3]


def fixed_replicates(count, center):
    """Deterministic, skewed 'replicates': the same numbers in JS (IEEE doubles, same operations)."""
    out = []
    for i in range(count):
        u = (i * 0.6180339887498949) % 1.0
        out.append(center + (u - 0.45) * 1.5 + u * u * u * 0.8)
    return out


PERM_X = [0.82, 0.75, 0.91, 0.68, 0.88, 0.79, 0.85, 0.72, 0.94, 0.81]
PERM_Y = [0.78, 0.77, 0.84, 0.66, 0.80, 0.80, 0.79, 0.70, 0.86, 0.74]
# Paired scores of two systems on 20 items (test/stats/bootstrap-mean-interval.test.ts).
PAIRED_X = [0.62, 0.71, 0.55, 0.80, 0.68, 0.74, 0.59, 0.90, 0.66, 0.77, 0.58, 0.83, 0.69, 0.72, 0.61, 0.95, 0.64, 0.70, 0.79, 0.57]
PAIRED_Y = [0.60, 0.65, 0.56, 0.71, 0.66, 0.70, 0.52, 0.74, 0.65, 0.70, 0.57, 0.72, 0.63, 0.71, 0.60, 0.70, 0.62, 0.69, 0.70, 0.55]


# ---------------------------------------------------------------------------------------------------------------
# Sections
# ---------------------------------------------------------------------------------------------------------------

def section_distributions():
    for x in [0.5, 1e-8, 0.1, 3.7, 9.99, 10.0, 100.5, 12345.678, 1e6]:
        show(f"logGamma.{x}", f"scipy.special.gammaln({x})", float(special.gammaln(x)))
    for a, b in [(2, 3), (0.5, 0.5), (0.5, 1e6), (50, 60), (3.5, 1e5), (1e4, 2e4)]:
        show(f"logBeta.{a}.{b}", f"scipy.special.betaln({a}, {b})", float(special.betaln(a, b)))
    # ln B(1/2, 1e6): scipy.special.betaln is off by ~1e-9 here, so the reference is the asymptotic series of
    # DLMF 5.11.13, Gamma(b + 1/2)/Gamma(b) = sqrt(b) (1 - 1/(8b) + 1/(128b^2) + 5/(1024b^3) - ...), in 40-digit decimals.
    getcontext().prec = 40
    b = Decimal(10) ** 6
    ratio = 1 - 1 / (8 * b) + 1 / (128 * b ** 2) + 5 / (1024 * b ** 3)
    value = Decimal(repr(special.gammaln(0.5))) - Decimal(b).ln() / 2 - ratio.ln()
    show("logBeta.0.5.1e6.asymptotic",
         f"gammaln(0.5) - ln(1e6)/2 - ln(1 - 1/(8b) + 1/(128b^2) + 5/(1024b^3)) (DLMF 5.11.13); scipy.special.betaln(0.5, 1e6) = {special.betaln(0.5, 1e6)!r}",
         float(value))
    # ln B(3.5, 1e5) = ln Gamma(3.5) - ln[(b+2.5)(b+1.5)(b+0.5)] - ln[Gamma(b+1/2)/Gamma(b)], the last by the same series.
    b = Decimal(10) ** 5
    ratio = 1 - 1 / (8 * b) + 1 / (128 * b ** 2) + 5 / (1024 * b ** 3)
    half_ratio_log = Decimal(b).ln() / 2 + ratio.ln()
    value = (Decimal(repr(special.gammaln(3.5))) - ((b + Decimal("2.5")) * (b + Decimal("1.5")) * (b + Decimal("0.5"))).ln()
             - half_ratio_log)
    show("logBeta.3.5.1e5.asymptotic",
         f"gammaln(3.5) - ln((b+2.5)(b+1.5)(b+0.5)) - ln(b)/2 - ln(1 - 1/(8b) + ...) (DLMF 5.11.13), b = 1e5; scipy.special.betaln(3.5, 1e5) = {special.betaln(3.5, 1e5)!r}",
         float(value))
    for a, x in [(0.5, 0.1), (3, 2), (10, 30), (100, 90), (0.5, 50), (2.5, 2.5), (1000, 1100)]:
        show(f"gamma.{a}.{x}", f"(scipy.special.gammainc({a}, {x}), scipy.special.gammaincc({a}, {x}))",
             (float(special.gammainc(a, x)), float(special.gammaincc(a, x))))
    for x, a, b in [(0.3, 2, 5), (0.9, 50, 3), (0.001, 0.5, 10), (0.5, 200, 200), (1e-5, 3, 4000), (0.999, 0.7, 0.4)]:
        show(f"beta.{x}.{a}.{b}", f"(scipy.special.betainc({a}, {b}, {x}), scipy.special.betainc({b}, {a}, 1 - {x}))",
             (float(special.betainc(a, b, x)), float(special.betainc(b, a, 1 - x))))
    # I_x(3, 4000) at x = 1e-5 exactly, from I_x(a, b) = P(Binomial(a + b - 1, x) >= a) for integer a, b (DLMF 8.17.5)
    # in rational arithmetic; scipy.special.betainc is off by 1.4e-12 relative here.
    x = Fraction(1, 100000)
    exact = 1 - sum(Fraction(comb(4002, k)) * x ** k * (1 - x) ** (4002 - k) for k in range(3))
    show("beta.1e-05.3.4000.exact", "1 - sum(comb(4002, k) x^k (1-x)^(4002-k) for k < 3), x = 1/100000, in fractions",
         float(exact))
    for p, a, b in [(0.025, 3, 18), (0.975, 8, 13), (1e-10, 0.5, 4), (0.5, 200, 300), (0.999999, 2, 0.5), (0.3, 1, 1)]:
        show(f"betaInv.{p}.{a}.{b}", f"scipy.special.betaincinv({a}, {b}, {p})", float(special.betaincinv(a, b, p)))
    for x in [-3, -0.5, 0.1, 1, 5, 26]:
        show(f"erfc.{x}", f"scipy.special.erfc({x})", float(special.erfc(x)))
    for z in [-38, -10, -7.034, -1.959963984540054, -0.3, 0.7, 3, 8.5]:
        show(f"normalCdf.{z}", f"scipy.stats.norm.cdf({z})", float(stats.norm.cdf(z)))
    for p in [1e-300, 1e-12, 0.025, 0.3, 0.6, 0.975, 1 - 1e-12]:
        show(f"normalQuantile.{p}", f"scipy.special.ndtri({p})", float(special.ndtri(p)))
    for x, df in [(3.841458820694124, 1), (0.5, 3), (20, 4.5), (60, 2), (1000, 10), (150, 100)]:
        show(f"chi2sf.{x}.{df}", f"scipy.stats.chi2.sf({x}, {df})", float(stats.chi2.sf(x, df)))
    for t, df in [(-2, 10), (-30, 3.5), (1, 5), (-0.1, 2.2), (-12, 1000), (3, 1)]:
        show(f"tcdf.{t}.{df}", f"scipy.stats.t.cdf({t}, {df})", float(stats.t.cdf(t, df)))
    # Student t quantiles: scipy.stats.t.ppf (cdflib's stdtrit) stops its root search at about 1e-11 relative
    # (t.cdf(t.ppf(0.025, 10), 10) = 0.02500000000090431), so one Newton step on scipy.stats.t.cdf / t.sf (accurate
    # to ~1e-15) polishes it; boost's betaincinv is no better for huge df (it is off by 2e-10 at df = 1e6).
    for p, df in [(0.975, 10), (0.975, 3.7), (0.6, 1e6), (1e-10, 2), (0.95, 1), (0.995, 25.3)]:
        t0 = stats.t.ppf(p, df)
        if p < 0.5:
            t1 = t0 - (stats.t.cdf(t0, df) - p) / stats.t.pdf(t0, df)
        else:
            t1 = t0 + (stats.t.sf(t0, df) - (1 - p)) / stats.t.pdf(t0, df)
        show(f"tquantile.{p}.{df}",
             f"t0 = scipy.stats.t.ppf({p}, {df}) = {t0!r}, polished by one Newton step on t.cdf/t.sf", float(t1))
    show("tquantile.0.95.1.closed_form", "numpy.tan(numpy.pi * 0.45) (Cauchy quantile)", float(np.tan(np.pi * 0.45)))
    for k, n, p in [(3, 10, 0.5), (500, 1000, 0.5), (5000, 100000, 0.05), (0, 45, 0.5), (17, 20, 0.3), (1, 1000000, 1e-6)]:
        show(f"binomPmf.{k}.{n}.{p}", f"scipy.stats.binom.pmf({k}, {n}, {p})", float(stats.binom.pmf(k, n, p)))
    for k, n, p in [(2, 10, 0.5), (0, 45, 0.5), (30, 100, 0.5), (480, 1000, 0.5), (12, 20, 0.3)]:
        show(f"binomCdf.{k}.{n}.{p}", f"(scipy.stats.binom.cdf({k}, {n}, {p}), scipy.stats.binom.sf({k}, {n}, {p}))",
             (float(stats.binom.cdf(k, n, p)), float(stats.binom.sf(k, n, p))))
    for population, successes, draws in [(10, 5, 5), (16, 10, 9), (200, 100, 100), (60, 12, 25)]:
        lo = max(0, draws - (population - successes))
        hi = min(successes, draws)
        pmf = [float(stats.hypergeom.pmf(x, population, successes, draws)) for x in range(lo, hi + 1)]
        show(f"hypergeom.{population}.{successes}.{draws}",
             f"[scipy.stats.hypergeom.pmf(x, {population}, {successes}, {draws}) for x in {lo}..{hi}]", pmf)
    for n in [1, 2, 5, 12]:
        show(f"wilcoxonDistribution.{n}", f"scipy.stats._hypotests._get_wilcoxon_distr({n}) (pmf of W+)",
             [float(v) for v in scipy.stats._hypotests._get_wilcoxon_distr(n)])
    show("wilcoxonDistribution.50.tail", "scipy.stats._hypotests._get_wilcoxon_distr(50)[:4]",
         [float(v) for v in scipy.stats._hypotests._get_wilcoxon_distr(50)[:4]])
    from scipy.stats._mannwhitneyu import _mwu_state
    for m, n in [(1, 2), (3, 4), (5, 7)]:
        show(f"mwuDistribution.{m}.{n}", f"[_mwu_state.pmf(u, {m}, {n}) for u in 0..{m * n}] (scipy.stats._mannwhitneyu)",
             [float(_mwu_state.pmf(u, m, n)) for u in range(m * n + 1)])
    show("ranks", "scipy.stats.rankdata([3, 1, 4, 1, 5, 9, 2, 6, 5, 3, 5])",
         [float(v) for v in stats.rankdata([3, 1, 4, 1, 5, 9, 2, 6, 5, 3, 5])])


def section_mcnemar():
    tables = {
        "mcnemar.a": [[30, 12], [4, 20]],
        "mcnemar.equal": [[10, 5], [5, 10]],
        "mcnemar.extreme": [[20, 0], [45, 35]],
        "mcnemar.small": [[2, 1], [3, 0]],
    }
    for label, table in tables.items():
        for exact, correction in [(True, True), (False, True), (False, False)]:
            result = mcnemar(np.array(table), exact=exact, correction=correction)
            show_test(f"{label}.exact={exact}.correction={correction}",
                      f"statsmodels mcnemar({table}, exact={exact}, correction={correction})",
                      (result.statistic, result.pvalue))


def section_wilcoxon():
    def run(label, x, y, **kwargs):
        two = stats.wilcoxon(x, y, alternative="two-sided", **kwargs)
        greater = stats.wilcoxon(x, y, alternative="greater", **kwargs)  # statistic = W+
        d = np.asarray(x, dtype=float) - np.asarray(y, dtype=float)
        zero_method = kwargs.get("zero_method", "wilcox")
        kept = d if zero_method == "pratt" else d[d != 0]
        r = stats.rankdata(np.abs(kept))
        r_plus, r_minus = r[kept > 0].sum(), r[kept < 0].sum()
        show_test(label, f"scipy.stats.wilcoxon(x, y, {', '.join(f'{k}={v!r}' for k, v in kwargs.items())})",
                  (greater.statistic, two.pvalue), f"min(W+,W-)={float(two.statistic)!r}",
                  f"W-={float(r_minus)!r}", f"rank_biserial=(W+ - W-)/(W+ + W-)={float((r_plus - r_minus) / (r_plus + r_minus))!r}")

    run("wilcoxon.small.exact", W_SMALL_X, W_SMALL_Y, method="exact")
    run("wilcoxon.small.approx.cc", W_SMALL_X, W_SMALL_Y, method="approx", correction=True)
    run("wilcoxon.small.approx.nocc", W_SMALL_X, W_SMALL_Y, method="approx", correction=False)
    run("wilcoxon.ties.wilcox.cc", W_TIES_X, W_TIES_Y, zero_method="wilcox", method="approx", correction=True)
    run("wilcoxon.ties.wilcox.nocc", W_TIES_X, W_TIES_Y, zero_method="wilcox", method="approx", correction=False)
    run("wilcoxon.ties.pratt.cc", W_TIES_X, W_TIES_Y, zero_method="pratt", method="approx", correction=True)
    run("wilcoxon.ties.pratt.nocc", W_TIES_X, W_TIES_Y, zero_method="pratt", method="approx", correction=False)
    zeros = [0.0] * len(W_MID_D)
    run("wilcoxon.mid.exact", W_MID_D, zeros, method="exact")
    run("wilcoxon.mid.approx.cc", W_MID_D, zeros, method="approx", correction=True)
    run("wilcoxon.extreme50.exact", W_EXTREME_50, [0.0] * 50, method="exact")
    run("wilcoxon.extreme60.approx.nocc", W_EXTREME_60, [0.0] * 60, method="approx", correction=False)
    run("wilcoxon.centre.exact", W_CENTRE_D, [0.0] * 4, method="exact")
    run("wilcoxon.centre.approx.cc", W_CENTRE_D, [0.0] * 4, method="approx", correction=True)


def section_mann_whitney():
    def run(label, x, y, **kwargs):
        result = stats.mannwhitneyu(x, y, alternative="two-sided", **kwargs)
        u1 = float(result.statistic)
        show_test(label, f"scipy.stats.mannwhitneyu(x, y, {', '.join(f'{k}={v!r}' for k, v in kwargs.items())})",
                  result, f"rank_biserial=2*U1/(n1*n2)-1={2 * u1 / (len(x) * len(y)) - 1!r}")

    run("mwu.small.exact", MW_SMALL_X, MW_SMALL_Y, method="exact")
    run("mwu.small.asymptotic.cc", MW_SMALL_X, MW_SMALL_Y, method="asymptotic", use_continuity=True)
    run("mwu.ties.asymptotic.cc", MW_TIES_X, MW_TIES_Y, method="asymptotic", use_continuity=True)
    run("mwu.ties.asymptotic.nocc", MW_TIES_X, MW_TIES_Y, method="asymptotic", use_continuity=False)
    run("mwu.mid.exact", MW_MID_X, MW_MID_Y, method="exact")
    run("mwu.mid.asymptotic.cc", MW_MID_X, MW_MID_Y, method="asymptotic", use_continuity=True)
    run("mwu.extreme.exact", MW_EXTREME_X, MW_EXTREME_Y, method="exact")
    run("mwu.extreme.asymptotic.nocc", MW_EXTREME_X, MW_EXTREME_Y, method="asymptotic", use_continuity=False)
    run("mwu.centre.exact", MW_CENTRE_X, MW_CENTRE_Y, method="exact")
    run("mwu.centre.asymptotic.cc", MW_CENTRE_X, MW_CENTRE_Y, method="asymptotic", use_continuity=True)


def section_t_tests():
    for label, x, y in [("paired", T_PAIRED_X, T_PAIRED_Y), ("paired.extreme", T_EXTREME_X, T_EXTREME_Y)]:
        result = stats.ttest_rel(x, y)
        d = np.asarray(x) - np.asarray(y)
        for level in [0.95, 0.9]:
            ci = DescrStatsW(d).tconfint_mean(alpha=1 - level)
            show(f"{label}.ci{level}", f"statsmodels DescrStatsW(x - y).tconfint_mean(alpha={1 - level:.2f})",
                 (float(ci[0]), float(ci[1])))
        show_test(label, "scipy.stats.ttest_rel(x, y)", result, f"df={len(x) - 1}",
                  f"mean_diff={float(d.mean())!r}", f"cohen_dz=mean(d)/std(d, ddof=1)={float(d.mean() / d.std(ddof=1))!r}")
    for label, x, y in [("welch", T_WELCH_X, T_WELCH_Y), ("welch.extreme", T_EXTREME_X, T_EXTREME_Y)]:
        result = stats.ttest_ind(x, y, equal_var=False)
        cm = CompareMeans.from_data(np.asarray(x), np.asarray(y))
        for level in [0.95, 0.9]:
            ci = cm.tconfint_diff(alpha=1 - level, usevar="unequal")
            show(f"{label}.ci{level}", f"statsmodels CompareMeans.from_data(x, y).tconfint_diff(alpha={1 - level:.2f}, usevar='unequal')",
                 (float(ci[0]), float(ci[1])))
        n1, n2 = len(x), len(y)
        v1, v2 = np.var(x, ddof=1), np.var(y, ddof=1)
        pooled = np.sqrt(((n1 - 1) * v1 + (n2 - 1) * v2) / (n1 + n2 - 2))
        show_test(label, "scipy.stats.ttest_ind(x, y, equal_var=False)", result,
                  f"df={float(cm.dof_satt())!r} (CompareMeans.dof_satt())",
                  f"mean_diff={float(np.mean(x) - np.mean(y))!r}",
                  f"cohen_d_pooled={float((np.mean(x) - np.mean(y)) / pooled)!r}")


def section_contingency():
    for label, table in [("chi2.2x2", CHI_2X2), ("chi2.2x2.small_deviation", CHI_2X2_SMALL_DEVIATION),
                         ("chi2.3x4", CHI_3X4), ("chi2.extreme", CHI_EXTREME)]:
        for correction in [True, False]:
            stat, p, dof, expected = stats.chi2_contingency(table, correction=correction)
            show_test(f"{label}.correction={correction}", f"scipy.stats.chi2_contingency({table}, correction={correction})",
                      (stat, p), f"dof={dof}")
        show(f"{label}.cramer", f"scipy.stats.contingency.association({table}, method='cramer')",
             float(stats.contingency.association(np.array(table), method="cramer")))
        show(f"{label}.expected", f"scipy.stats.contingency.expected_freq({table})",
             stats.contingency.expected_freq(table).tolist())
    for label, table in FISHER_TABLES.items():
        result = stats.fisher_exact(table)
        show_test(label, f"scipy.stats.fisher_exact({table})", result)


def section_k_sample():
    for label, data in [("friedman.3", FRIEDMAN_3), ("friedman.4", FRIEDMAN_4)]:
        columns = np.array(data).T
        result = stats.friedmanchisquare(*columns)
        n, k = len(data), len(data[0])
        show_test(label, "scipy.stats.friedmanchisquare(*columns)", result, f"df={k - 1}",
                  f"kendall_w=statistic/(n*(k-1))={float(result.statistic / (n * (k - 1)))!r}")
    for label, groups in [("kruskal.a", KW_GROUPS), ("kruskal.ties", KW_TIES), ("kruskal.extreme", KW_EXTREME)]:
        result = stats.kruskal(*groups)
        total = sum(len(g) for g in groups)
        show_test(label, "scipy.stats.kruskal(*groups)", result, f"df={len(groups) - 1}",
                  f"epsilon_squared=H/(N-1)={float(result.statistic / (total - 1))!r}")
    for label, data in [("cochran.3", COCHRAN_3), ("cochran.4", COCHRAN_4)]:
        result = cochrans_q(np.array(data))
        show_test(label, "statsmodels cochrans_q(x)", (result.statistic, result.pvalue), f"df={result.df}")
    # k = 2: Cochran's Q equals McNemar's chi-square without correction.
    two = [[row[0], row[1]] for row in COCHRAN_3]
    result = cochrans_q(np.array(two))
    show_test("cochran.2", "statsmodels cochrans_q(first two columns of COCHRAN_3)", (result.statistic, result.pvalue))


def section_binomial():
    for k, n, p in [(7, 20, 0.5), (3, 30, 0.3), (95, 100, 0.5), (0, 10, 0.1), (10, 10, 0.5), (5, 10, 0.5),
                    (682, 925, 0.75), (2, 60, 0.2), (25, 40, 0.35), (1, 1000, 0.1)]:
        result = stats.binomtest(k, n, p)
        ci = result.proportion_ci(confidence_level=0.95, method="exact")
        show_test(f"binomtest.{k}.{n}.{p}", f"scipy.stats.binomtest({k}, {n}, {p})", (result.statistic, result.pvalue),
                  f"exact_ci95=({float(ci.low)!r}, {float(ci.high)!r})")
    for k, n in [(7, 20), (0, 15), (15, 15), (1, 1000), (480, 1000)]:
        for level in [0.95, 0.9, 0.99]:
            wilson = proportion_confint(k, n, alpha=round(1 - level, 2), method="wilson")
            beta = proportion_confint(k, n, alpha=round(1 - level, 2), method="beta")
            show(f"wilson.{k}.{n}.{level}", f"statsmodels proportion_confint({k}, {n}, alpha={1 - level:.2f}, method='wilson')",
                 (float(wilson[0]), float(wilson[1])))
            show(f"clopper.{k}.{n}.{level}", f"statsmodels proportion_confint({k}, {n}, alpha={1 - level:.2f}, method='beta')",
                 (float(beta[0]), float(beta[1])))


def section_multiplicity():
    for method in ["holm", "fdr_bh"]:
        show(f"adjust.{method}", f"statsmodels multipletests(P_VALUES, method='{method}')[1]",
             [float(v) for v in multipletests(P_VALUES, method=method)[1]])
    show("adjust.holm.cap", "statsmodels multipletests([0.3, 0.6, 0.2], method='holm')[1]",
         [float(v) for v in multipletests([0.3, 0.6, 0.2], method="holm")[1]])
    show("adjust.fdr_bh.single", "statsmodels multipletests([0.04], method='fdr_bh')[1]",
         [float(v) for v in multipletests([0.04], method="fdr_bh")[1]])


def krippendorff_exact(data, metric):
    """Krippendorff's alpha in exact rational arithmetic, written from the formulas of Krippendorff (2011),
    to give full-precision values that the published 3-decimal results (0.743, 0.815, 0.849, 0.797) confirm."""
    units = []
    for u in range(len(data[0])):
        present = [row[u] for row in data if row[u] is not None]
        if len(present) >= 2:
            units.append(present)
    values = sorted({v for unit in units for v in unit})
    o = {(c, k): Fraction(0) for c in values for k in values}
    for unit in units:
        m = len(unit)
        for i, vi in enumerate(unit):
            for j, vj in enumerate(unit):
                if i != j:
                    o[(vi, vj)] += Fraction(1, m - 1)
    n_c = {c: sum(o[(c, k)] for k in values) for c in values}
    n = sum(n_c.values())

    def delta(c, k):
        if metric == "nominal":
            return Fraction(0 if c == k else 1)
        if metric == "interval":
            return Fraction(c - k) ** 2
        if metric == "ratio":
            return Fraction(c - k, c + k) ** 2 if c + k != 0 else Fraction(0)
        lo, hi = min(c, k), max(c, k)
        between = sum(n_c[g] for g in values if lo <= g <= hi)
        return (between - (n_c[c] + n_c[k]) / 2) ** 2

    observed = sum(o[(c, k)] * delta(c, k) for c in values for k in values)
    expected = sum(n_c[c] * n_c[k] * delta(c, k) for c in values for k in values)
    return 1 - (n - 1) * observed / expected


def section_agreement():
    for weights in [None, "linear", "quadratic"]:
        show(f"kappa.{weights}", f"sklearn cohen_kappa_score(KAPPA_A, KAPPA_B, weights={weights!r})",
             float(cohen_kappa_score(KAPPA_A, KAPPA_B, weights=weights)))
        show(f"kappa.gap.labels.{weights}",
             f"sklearn cohen_kappa_score(KAPPA_GAP_A, KAPPA_GAP_B, labels=[1, 2, 3, 4, 5, 6, 7], weights={weights!r})",
             float(cohen_kappa_score(KAPPA_GAP_A, KAPPA_GAP_B, labels=[1, 2, 3, 4, 5, 6, 7], weights=weights)))
    show("kappa.strings", "sklearn cohen_kappa_score(KAPPA_STRINGS_A, KAPPA_STRINGS_B)",
         float(cohen_kappa_score(KAPPA_STRINGS_A, KAPPA_STRINGS_B)))
    published = {"nominal": 0.743, "ordinal": 0.815, "interval": 0.849, "ratio": 0.797}
    for metric, value in published.items():
        alpha = krippendorff_exact(KRIPPENDORFF_C, metric)
        assert round(float(alpha), 3) == value, (metric, float(alpha))
        show(f"kripp.C.{metric}", f"krippendorff_exact(KRIPPENDORFF_C, '{metric}') = {alpha} (published {value})",
             float(alpha))
    alpha = krippendorff_exact(KRIPPENDORFF_A, "nominal")
    assert round(float(alpha), 3) == 0.095, float(alpha)
    show("kripp.A.nominal", f"krippendorff_exact(KRIPPENDORFF_A, 'nominal') = {alpha} (published 0.095)", float(alpha))


def section_resampling():
    x = np.asarray(BOOT_DATA)
    show("bootstrap.center", "float(np.mean(BOOT_DATA)), the centre passed to fixed_replicates", float(np.mean(x)))
    replicates = np.asarray(fixed_replicates(2000, float(np.mean(x))))
    for level in [0.95, 0.9]:
        alpha = (1 - level) / 2
        a1, a2, a_hat = _bca_interval((x,), lambda s, axis=-1: np.mean(s, axis=axis), axis=-1, alpha=alpha,
                                      theta_hat_b=replicates, batch=None)
        low, high = np.percentile(replicates, [100 * float(a1), 100 * float(a2)])
        show(f"bca.fixed.{level}",
             f"scipy.stats._resampling._bca_interval((BOOT_DATA,), mean, alpha={alpha:.3f}, theta_hat_b=fixed_replicates(2000, mean)) + np.percentile",
             {"alpha1": float(a1), "alpha2": float(a2), "acceleration": float(a_hat), "lower": float(low), "upper": float(high)})
        low, high = np.percentile(replicates, [100 * alpha, 100 * (1 - alpha)])
        show(f"percentile.fixed.{level}", f"np.percentile(fixed_replicates(2000, mean), [{100 * alpha:.1f}, {100 * (1 - alpha):.1f}])",
             (float(low), float(high)))
    # Monte-Carlo reference: scipy.stats.bootstrap with 20 seeds x 20000 resamples; mean and SD of the endpoints.
    for method in ["BCa", "percentile"]:
        ends = []
        for seed in range(20):
            res = stats.bootstrap((x,), np.mean, n_resamples=20000, method=method, random_state=seed)
            ends.append((res.confidence_interval.low, res.confidence_interval.high))
        ends = np.asarray(ends)
        show(f"bootstrap.scipy.{method}",
             f"scipy.stats.bootstrap((BOOT_DATA,), np.mean, n_resamples=20000, method='{method}', random_state=0..19): mean, sd of (low, high)",
             {"low_mean": float(ends[:, 0].mean()), "low_sd": float(ends[:, 0].std(ddof=1)),
              "high_mean": float(ends[:, 1].mean()), "high_sd": float(ends[:, 1].std(ddof=1))})
    exact = stats.permutation_test((PERM_X, PERM_Y), lambda a, b, axis=-1: np.mean(a - b, axis=axis),
                                   permutation_type="samples", n_resamples=np.inf, alternative="two-sided")
    show("permutation.exact", "scipy.stats.permutation_test((PERM_X, PERM_Y), mean(x - y), permutation_type='samples', n_resamples=inf)",
         {"statistic": float(exact.statistic), "pvalue": float(exact.pvalue)})


def section_paired_bootstrap():
    x, y = np.asarray(PAIRED_X), np.asarray(PAIRED_Y)
    show("paired_bootstrap.estimate", "np.mean(PAIRED_X - PAIRED_Y)", float(np.mean(x - y)))
    # Monte-Carlo reference: 20 seeds x 20000 resamples; mean and SD of the endpoints.
    for method in ["BCa", "percentile"]:
        ends = []
        for seed in range(20):
            res = stats.bootstrap((x, y), lambda a, b, axis=-1: np.mean(a - b, axis=axis), paired=True, vectorized=True,
                                  n_resamples=20000, method=method, random_state=seed)
            ends.append((res.confidence_interval.low, res.confidence_interval.high))
        ends = np.asarray(ends)
        show(f"paired_bootstrap.scipy.{method}",
             f"scipy.stats.bootstrap((PAIRED_X, PAIRED_Y), mean(a - b), paired=True, vectorized=True, n_resamples=20000, method='{method}', random_state=0..19): mean, sd of (low, high)",
             {"low_mean": float(ends[:, 0].mean()), "low_sd": float(ends[:, 0].std(ddof=1)),
              "high_mean": float(ends[:, 1].mean()), "high_sd": float(ends[:, 1].std(ddof=1))})


SECTIONS = {
    "distributions": section_distributions,
    "mcnemar": section_mcnemar,
    "wilcoxon": section_wilcoxon,
    "mann_whitney": section_mann_whitney,
    "t_tests": section_t_tests,
    "contingency": section_contingency,
    "k_sample": section_k_sample,
    "binomial": section_binomial,
    "multiplicity": section_multiplicity,
    "agreement": section_agreement,
    "resampling": section_resampling,
    "paired_bootstrap": section_paired_bootstrap,
}

if __name__ == "__main__":
    import warnings

    warnings.simplefilter("ignore")
    print(f"# scipy {scipy.__version__}, statsmodels {statsmodels.__version__}, scikit-learn {sklearn.__version__}, numpy {np.__version__}")
    for name in sys.argv[1:] or SECTIONS:
        print(f"## {name}")
        SECTIONS[name]()
