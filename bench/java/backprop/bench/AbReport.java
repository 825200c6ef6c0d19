package backprop.bench;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** {@code bench/ab}'s table, JSON and failures of a list of {@link AbComparison}s. */
final class AbReport {

    private AbReport() {
    }

    static String table(List<AbComparison> comparisons) {
        StringBuilder s = new StringBuilder(String.format(Locale.ROOT, "%-3s %-62s %11s %11s %22s %8s  %s%n", "#",
                "benchmark", "BASE median", "NEW median", "NEW/BASE [95% CI]", "p", "verdict"));
        for (int i = 0; i < comparisons.size(); i++) {
            AbComparison c = comparisons.get(i);
            s.append(String.format(Locale.ROOT, "%-3d %-62s %11.4g %11.4g %6.3f [%5.3f, %5.3f] %8.2g  %s%s%n", i + 1,
                    c.benchmark(), c.baseMedian(), c.newMedian(), c.ratio(), c.ratioLow(), c.ratioHigh(), c.pValue(),
                    c.verdict().label, c.newAllocates() ? ", NEW ALLOCATES" : ""));
        }
        return s.toString();
    }

    static ArrayNode toJson(List<AbComparison> comparisons) {
        ArrayNode array = RunRecord.JSON.createArrayNode();
        for (AbComparison c : comparisons) {
            ObjectNode node = array.addObject();
            node.put("benchmark", c.benchmark());
            node.put("baseMedian", c.baseMedian());
            node.put("newMedian", c.newMedian());
            node.put("ratio", c.ratio());
            node.put("ratioLow95", c.ratioLow());
            node.put("ratioHigh95", c.ratioHigh());
            node.put("pValue", c.pValue());
            node.put("verdict", c.verdict().label);
            node.put("newAllocates", c.newAllocates());
            samples(node.putArray("baseScores"), c.base());
            samples(node.putArray("newScores"), c.candidate());
            samples(node.putArray("baseBytesPerOp"), c.baseBytes());
            samples(node.putArray("newBytesPerOp"), c.newBytes());
        }
        return array;
    }

    private static void samples(ArrayNode array, double[] values) {
        for (double v : values) array.add(v);
    }

    /** One line per benchmark that fails the run: slower beyond the threshold, or newly allocating. */
    static List<String> failures(List<AbComparison> comparisons, double thresholdPercent) {
        List<String> failures = new ArrayList<>();
        for (AbComparison c : comparisons) {
            if (c.verdict() == AbComparison.Verdict.SLOWER) {
                failures.add(String.format(Locale.ROOT, "%s: %.1f%% slower (p = %.2g, over the %.1f%% threshold)",
                        c.benchmark(), 100 * (1 - c.ratio()), c.pValue(), thresholdPercent));
            }
            if (c.newAllocates()) {
                failures.add(String.format(Locale.ROOT, "%s: NEW allocates where BASE did not (at least %.1f bytes"
                        + " per operation in every fork)", c.benchmark(), Arrays.stream(c.newBytes()).min().orElse(0)));
            }
        }
        return failures;
    }
}
