package backprop.bench;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.TreeMap;

/**
 * One JMH result as the scripts use it: which benchmark with which parameters, its score with JMH's error bar
 * (the 99.9% half-width; zero when too few iterations ran to have one), and its secondary metrics.
 */
record BenchResult(String benchmark, Map<String, String> params, double score, double error, String unit,
                   Map<String, Double> secondary, double steadyBytesPerEpoch, double bestIteration) {

    /** A result without per-iteration data: its best iteration is its score. */
    BenchResult(String benchmark, Map<String, String> params, double score, double error, String unit,
                Map<String, Double> secondary, double steadyBytesPerEpoch) {
        this(benchmark, params, score, error, unit, secondary, steadyBytesPerEpoch, score);
    }

    static final String EPOCH = "EpochBenchmark.epoch";
    static final String FMA_PEAK = "KernelBenchmark.fmaPeak";

    /** The results of one JMH JSON array ({@code -rf json}). */
    static List<BenchResult> fromJmh(JsonNode array) {
        List<BenchResult> results = new ArrayList<>();
        for (JsonNode run : array) {
            String full = run.path("benchmark").asText();
            int method = full.lastIndexOf('.');
            String benchmark = full.substring(full.lastIndexOf('.', method - 1) + 1);
            Map<String, String> params = new TreeMap<>();
            run.path("params").fields().forEachRemaining(e -> params.put(e.getKey(), e.getValue().asText()));
            Map<String, Double> secondary = new TreeMap<>();
            run.path("secondaryMetrics").fields()
                    .forEachRemaining(e -> secondary.put(e.getKey(), number(e.getValue().path("score"))));
            JsonNode primary = run.path("primaryMetric");
            double error = number(primary.path("scoreError"));
            results.add(new BenchResult(benchmark, params, number(primary.path("score")),
                    Double.isNaN(error) ? 0 : error, primary.path("scoreUnit").asText(), secondary,
                    steadyBytesPerEpoch(run.path("secondaryMetrics")), bestIteration(primary)));
        }
        return results;
    }

    /**
     * The fewest bytes per epoch of any measured iteration, from {@link EpochBenchmark.Allocation}'s counters, or
     * NaN without them. Not the mean: HotSpot allocates once per class on the thread whose call first asks C2 to
     * compile one of the class's methods, because it resolves all the class's string constants then. The classes
     * whose per-batch methods get there late keep their strings elsewhere ({@code TrainingMessages}), but the
     * others' can still fall in the first measured iteration of a fast workload; anything the training step
     * allocates shows in every iteration, and so in the fewest of the three the perf gate measures.
     */
    private static double steadyBytesPerEpoch(JsonNode secondary) {
        JsonNode bytes = secondary.path("allocatedBytes").path("rawData");
        JsonNode epochs = secondary.path("epochs").path("rawData");
        double fewest = Double.NaN;
        for (int fork = 0; fork < bytes.size(); fork++) {
            for (int i = 0; i < bytes.get(fork).size(); i++) {
                double perEpoch = bytes.get(fork).get(i).asDouble() / epochs.get(fork).get(i).asDouble();
                if (Double.isNaN(fewest) || perEpoch < fewest) fewest = perEpoch;
            }
        }
        return fewest;
    }

    /**
     * The fastest measured iteration (the highest rate, or the shortest time per operation), or the score without
     * raw data. On a shared machine another tenant only ever slows an iteration down, so the fastest is the one
     * least disturbed: {@code bench/ab} takes it as its fork's sample.
     */
    private static double bestIteration(JsonNode primary) {
        boolean rate = primary.path("scoreUnit").asText().contains("ops/");
        double best = Double.NaN;
        for (JsonNode fork : primary.path("rawData")) {
            for (JsonNode iteration : fork) {
                double value = iteration.asDouble();
                if (Double.isNaN(best) || (rate ? value > best : value < best)) best = value;
            }
        }
        return Double.isNaN(best) ? number(primary.path("score")) : best;
    }

    /** JMH writes a missing error bar as the string "NaN". */
    private static double number(JsonNode node) {
        return node.isNumber() ? node.asDouble() : Double.parseDouble(node.asText("NaN"));
    }

    String param(String name) {
        return params.getOrDefault(name, "");
    }

    /** The kernel threads of a training result; 1 where the run predates the parameter. */
    int threads() {
        String threads = param("threads");
        return threads.isEmpty() ? 1 : Integer.parseInt(threads);
    }

    /**
     * Parameters at the value every run had before the parameter existed; left out of {@link #key()} so that such
     * runs still compare with the runs that predate it.
     */
    private static final Map<String, String> ORIGINAL_VALUES = Map.of("optimizer", "sgd");

    /** The benchmark and its parameters, for example {@code EpochBenchmark.epoch backend=vector workload=wide}. */
    String key() {
        StringBuilder key = new StringBuilder(benchmark);
        params.forEach((name, value) -> {
            if (!value.equals(ORIGINAL_VALUES.get(name))) key.append(' ').append(name).append('=').append(value);
        });
        return key.toString();
    }

    boolean isEpoch() {
        return benchmark.equals(EPOCH);
    }

    /** Bytes allocated per operation: {@link #steadyBytesPerEpoch} where the benchmark counts it, else JMH's
     * {@code gc.alloc.rate.norm}; empty without either. */
    OptionalDouble bytesPerOp() {
        if (!Double.isNaN(steadyBytesPerEpoch)) return OptionalDouble.of(steadyBytesPerEpoch);
        Double norm = secondary.get("gc.alloc.rate.norm");
        return norm == null ? OptionalDouble.empty() : OptionalDouble.of(norm);
    }

    /** A secondary metric reported per second (an {@code OPERATIONS} counter), or NaN. */
    double perSecond(String counter) {
        return secondary.getOrDefault(counter, Double.NaN);
    }
}
