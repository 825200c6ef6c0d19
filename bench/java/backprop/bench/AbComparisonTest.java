package backprop.bench;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The statistics and verdicts of {@code bench/ab} on recorded per-fork samples, no JMH. */
class AbComparisonTest {

    /**
     * Per-fork epochs/s of scalar mnist, BASE and the planted two-epochs-per-operation NEW, as recorded by
     * {@code bench/ab tmp-ab-planted-2x~1 tmp-ab-planted-2x --workloads mnist --forks 10 --quick --seed 3}.
     */
    private static final double[] MNIST = {0.9833, 1.122, 1.138, 1.167, 1.171, 1.113, 1.242, 1.168, 1.197, 0.9923};
    private static final double[] MNIST_TWO_EPOCHS =
            {0.5398, 0.4908, 0.5828, 0.5864, 0.584, 0.6047, 0.614, 0.6069, 0.6223, 0.5205};
    private static final double[] NO_BYTES = {};

    private static double[] scaled(double[] samples, double factor) {
        return Arrays.stream(samples).map(v -> v * factor).toArray();
    }

    private static AbComparison judge(double[] base, double[] candidate) {
        return AbComparison.of("EpochBenchmark.epoch workload=mnist", base, candidate, NO_BYTES, NO_BYTES, 5);
    }

    @Test
    void theSameSamplesAreNoChange() {
        AbComparison c = judge(MNIST, MNIST.clone());
        assertEquals(AbComparison.Verdict.NO_CHANGE, c.verdict());
        assertEquals(1.0, c.ratio(), 1e-12);
        assertTrue(c.pValue() > 0.9, "p = " + c.pValue());
        assertTrue(c.ratioLow() < 1 && c.ratioHigh() > 1, c.ratioLow() + " " + c.ratioHigh());
    }

    @Test
    void halfTheSpeedIsSlowerWithItsRatioInsideTheInterval() {
        AbComparison c = judge(MNIST, scaled(MNIST, 0.5));
        assertEquals(AbComparison.Verdict.SLOWER, c.verdict());
        assertTrue(c.pValue() < 0.001, "p = " + c.pValue());
        assertEquals(0.5, c.ratio(), 1e-9);
        assertTrue(c.ratioLow() < 0.5 && c.ratioHigh() > 0.5 && c.ratioHigh() < 0.6,
                c.ratioLow() + " " + c.ratioHigh());
        assertEquals(1, AbReport.failures(List.of(c), 5).size());
    }

    @Test
    void theRecordedPlantedSlowdownIsSlowerAsBenchAbPrintedIt() {
        AbComparison c = judge(MNIST, MNIST_TWO_EPOCHS);
        assertEquals(AbComparison.Verdict.SLOWER, c.verdict());
        assertEquals(0.514, c.ratio(), 0.0005);
        assertEquals(0.472, c.ratioLow(), 0.0005);
        assertEquals(0.541, c.ratioHigh(), 0.0005);
        assertEquals(0.00016, c.pValue(), 0.000005);
    }

    @Test
    void twiceTheSpeedIsFasterAndFailsNothing() {
        AbComparison c = judge(MNIST, scaled(MNIST, 2));
        assertEquals(AbComparison.Verdict.FASTER, c.verdict());
        assertEquals(List.of(), AbReport.failures(List.of(c), 5));
    }

    @Test
    void aSignificantChangeWithinTheThresholdIsNoChange() {
        double[] base = {100, 100.1, 100.2, 100.3, 100.4, 100.5, 100.6, 100.7};
        AbComparison c = judge(base, scaled(base, 0.97));
        assertTrue(c.pValue() < 0.01, "p = " + c.pValue());
        assertEquals(AbComparison.Verdict.NO_CHANGE, c.verdict());
    }

    @Test
    void aLargeChangeOfAFewSamplesIsNotSignificant() {
        // three forks each cannot reach p < 0.01 however far apart they are
        AbComparison c = judge(new double[] {50, 51, 52}, new double[] {20, 21, 22});
        assertTrue(c.pValue() > 0.01, "p = " + c.pValue());
        assertEquals(AbComparison.Verdict.NO_CHANGE, c.verdict());
    }

    @Test
    void oneSampleEachHasAnUnboundedInterval() {
        AbComparison c = judge(new double[] {50}, new double[] {25});
        assertEquals(0.5, c.ratio(), 1e-12);
        assertEquals(0.0, c.ratioLow());
        assertEquals(Double.POSITIVE_INFINITY, c.ratioHigh());
        assertEquals(AbComparison.Verdict.NO_CHANGE, c.verdict());
    }

    @Test
    void allTiesAreNoChange() {
        double[] same = {7, 7, 7, 7, 7, 7};
        AbComparison c = judge(same, same.clone());
        assertEquals(1.0, c.pValue(), 1e-12);
        assertEquals(1.0, c.ratio());
        assertEquals(AbComparison.Verdict.NO_CHANGE, c.verdict());
    }

    @Test
    void tiesAcrossTheBuildsStillShowASeparation() {
        double[] base = {10, 10, 10, 10, 10, 11, 11, 11, 11, 11};
        double[] slow = {8, 8, 8, 8, 8, 9, 9, 9, 9, 10};
        AbComparison c = judge(base, slow);
        assertTrue(c.pValue() < 0.01, "p = " + c.pValue());
        assertEquals(AbComparison.Verdict.SLOWER, c.verdict());
    }

    @Test
    void theIntervalRankMatchesTheTableForTenAndTen() {
        // the U test's critical value at 5% two-sided for 10 and 10 is 23: the interval runs from the 24th pair
        assertEquals(23, AbComparison.confidenceRank(10, 10));
        assertEquals(-1, AbComparison.confidenceRank(2, 2));
    }

    @Test
    void newAllocationFailsWhateverTheSpeed() {
        double[] none = {0, 0, 0, 0};
        double[] some = {48, 48, 48, 48};
        AbComparison c = AbComparison.of("EpochBenchmark.epoch workload=xor", MNIST, scaled(MNIST, 1.5), none, some, 5);
        assertTrue(c.newAllocates());
        assertEquals(AbComparison.Verdict.FASTER, c.verdict());
        List<String> failures = AbReport.failures(List.of(c), 5);
        assertEquals(1, failures.size());
        assertTrue(failures.get(0).contains("allocates where BASE did not"), failures.get(0));
    }

    @Test
    void allocationBothBuildsShareOrSomeForksShowIsNoFailure() {
        double[] some = {48, 48, 48, 48};
        double[] mostForksStillWarming = {0, 584, 918480, 2203317};
        assertFalse(AbComparison.of("k", MNIST, MNIST, some, some, 5).newAllocates());
        assertFalse(AbComparison.of("k", MNIST, MNIST, new double[] {0, 0, 0, 0}, mostForksStillWarming,
                5).newAllocates());
    }
}
