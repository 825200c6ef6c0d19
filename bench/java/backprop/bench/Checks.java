package backprop.bench;

import backprop.Workload;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The rules results must keep, shared by {@code bench/compare} and the regression gate. Both look only at numbers
 * from one run (ratios between backends, allocation counts), which do not move when a shared machine is busy.
 */
final class Checks {

    /** More than this per epoch means something in the training step allocates. */
    static final double MAX_BYTES_PER_EPOCH = 1.0;

    /**
     * Vector over scalar epochs/s per workload: never slower, and at least 3x where the matrix products dominate.
     * The gate's floors sit well under what both the AVX-512 and the AVX2 class measure (xor 3x, digits 10x and
     * more), so that quick settings on a busy machine do not flap them; xor's says that its fused step is in use
     * on every width (layer by layer it ran at about scalar's speed).
     */
    static final Map<Workload, Double> FLOORS = floors(1.0, 1.0, 3.0, 3.0);
    static final Map<Workload, Double> GATE_FLOORS = Map.of(Workload.XOR, 1.5, Workload.DIGITS, 3.0,
            Workload.MNIST, 3.0, Workload.WIDE, 3.0);

    private Checks() {
    }

    private static Map<Workload, Double> floors(double xor, double digits, double mnist, double wide) {
        Map<Workload, Double> floors = new EnumMap<>(Workload.class);
        floors.put(Workload.XOR, xor);
        floors.put(Workload.DIGITS, digits);
        floors.put(Workload.MNIST, mnist);
        floors.put(Workload.WIDE, wide);
        return floors;
    }

    /** One message per training benchmark that allocated more than {@link #MAX_BYTES_PER_EPOCH}. */
    static List<String> allocationFailures(List<BenchResult> results) {
        List<String> failures = new ArrayList<>();
        for (BenchResult r : results) {
            if (!r.isEpoch()) continue;
            r.bytesPerOp().ifPresent(bytes -> {
                if (bytes > MAX_BYTES_PER_EPOCH) {
                    failures.add(String.format("%s allocates %.1f bytes per epoch (limit %.0f)", r.key(), bytes,
                            MAX_BYTES_PER_EPOCH));
                }
            });
        }
        return failures;
    }

    /** One message per workload whose vector/scalar ratio is under its floor; workloads missing a backend pass. */
    static List<String> floorFailures(List<BenchResult> results, Map<Workload, Double> floors) {
        List<String> failures = new ArrayList<>();
        floors.forEach((workload, floor) -> speedup(results, workload).ifPresent(ratio -> {
            if (ratio < floor) {
                failures.add(String.format("%s: vector is %.2fx scalar, below the floor of %.1fx", workload.id(),
                        ratio, floor));
            }
        }));
        return failures;
    }

    /** Vector epochs/s over scalar epochs/s for {@code workload}, when both ran. */
    static Optional<Double> speedup(List<BenchResult> results, Workload workload) {
        Optional<BenchResult> scalar = epoch(results, workload, "scalar");
        Optional<BenchResult> vector = epoch(results, workload, "vector");
        if (scalar.isEmpty() || vector.isEmpty()) return Optional.empty();
        return Optional.of(vector.get().score() / scalar.get().score());
    }

    /** The one-thread training result of {@code backend} on {@code workload}. */
    static Optional<BenchResult> epoch(List<BenchResult> results, Workload workload, String backend) {
        return epoch(results, workload, backend, 1);
    }

    /** The training result of {@code backend} on {@code workload} with {@code threads} kernel threads. */
    static Optional<BenchResult> epoch(List<BenchResult> results, Workload workload, String backend, int threads) {
        return results.stream()
                .filter(r -> r.isEpoch() && r.param("workload").equals(workload.id())
                        && r.param("backend").equals(backend) && r.threads() == threads)
                .findFirst();
    }
}
