package backprop.bench;

import org.apache.commons.math3.distribution.NormalDistribution;
import org.apache.commons.math3.stat.descriptive.rank.Median;
import org.apache.commons.math3.stat.inference.MannWhitneyUTest;

import java.util.Arrays;

/**
 * One benchmark of an A/B run judged on its per-fork samples: each fork of each build is one score (higher is
 * faster, as every benchmark here measures throughput). The ratio NEW/BASE is the Hodges-Lehmann estimate on the
 * scores' logarithms (the median of all pairwise log ratios) with its distribution-free 95% interval; the p-value
 * is the two-sided Mann-Whitney U test's. A verdict needs both: a p-value under {@link #SIGNIFICANCE} and a change
 * beyond the threshold, so neither a tiny real change nor a large noisy one raises an alarm.
 *
 * @param baseBytes per-fork bytes per operation of BASE (empty when not measured), likewise {@code newBytes}
 */
record AbComparison(String benchmark, double[] base, double[] candidate, double[] baseBytes, double[] newBytes,
                    double baseMedian, double newMedian, double ratio, double ratioLow, double ratioHigh,
                    double pValue, Verdict verdict, boolean newAllocates) {

    /** The p-value a change must be under to count: false alarms are what make people ignore a gate. */
    static final double SIGNIFICANCE = 0.01;
    static final double CONFIDENCE = 0.95;

    enum Verdict {
        FASTER("faster"), SLOWER("slower"), NO_CHANGE("no change");

        final String label;

        Verdict(String label) {
            this.label = label;
        }
    }

    /** Judges NEW against BASE; {@code thresholdPercent} is the smallest change that counts, such as 5. */
    static AbComparison of(String benchmark, double[] base, double[] candidate, double[] baseBytes, double[] newBytes,
                           double thresholdPercent) {
        if (base.length == 0 || candidate.length == 0) {
            throw new IllegalArgumentException(benchmark + ": a build has no samples");
        }
        double[] logRatios = pairwiseLogRatios(base, candidate);
        double ratio = Math.exp(new Median().evaluate(logRatios));
        int lowRank = confidenceRank(base.length, candidate.length);
        double ratioLow = lowRank < 0 ? 0 : Math.exp(logRatios[lowRank]);
        double ratioHigh = lowRank < 0 ? Double.POSITIVE_INFINITY : Math.exp(logRatios[logRatios.length - 1 - lowRank]);
        double pValue = new MannWhitneyUTest().mannWhitneyUTest(base, candidate);
        double threshold = thresholdPercent / 100;
        Verdict verdict = Verdict.NO_CHANGE;
        if (pValue < SIGNIFICANCE && ratio < 1 - threshold) verdict = Verdict.SLOWER;
        if (pValue < SIGNIFICANCE && ratio > 1 + threshold) verdict = Verdict.FASTER;
        return new AbComparison(benchmark, base, candidate, baseBytes, newBytes, new Median().evaluate(base),
                new Median().evaluate(candidate), ratio, ratioLow, ratioHigh, pValue, verdict,
                allocates(newBytes) && !allocates(baseBytes));
    }

    /**
     * More than {@link Checks#MAX_BYTES_PER_EPOCH} per operation in every fork. Not in most: a fork whose code is
     * not yet compiled when its iteration is measured allocates (the vector API boxes its vectors outside C2), and
     * a slower build reaches that point later, whereas the training step's own allocation shows in every fork.
     */
    static boolean allocates(double[] bytesPerOp) {
        return bytesPerOp.length > 0 && Arrays.stream(bytesPerOp).min().getAsDouble() > Checks.MAX_BYTES_PER_EPOCH;
    }

    /** log(new / base) for every pair, sorted. */
    private static double[] pairwiseLogRatios(double[] base, double[] candidate) {
        double[] ratios = new double[base.length * candidate.length];
        int i = 0;
        for (double b : base) {
            for (double c : candidate) ratios[i++] = Math.log(c / b);
        }
        Arrays.sort(ratios);
        return ratios;
    }

    /**
     * The 0-based rank in the sorted pairwise differences of the interval's lower end (the upper end is as far from
     * the top), from the U statistic's normal approximation; negative when the samples are too few to bound it.
     */
    static int confidenceRank(int n, int m) {
        double z = new NormalDistribution().inverseCumulativeProbability(1 - (1 - CONFIDENCE) / 2);
        double pairs = n * (double) m;
        int lowerRank = (int) Math.floor(pairs / 2 - z * Math.sqrt(pairs * (n + m + 1) / 12.0)) - 1;
        return Math.max(lowerRank, -1);
    }
}
