package backprop.bench;

import backprop.Workload;
import backprop.kernel.Backend;
import backprop.kernel.HotSpotOptions;
import backprop.kernel.KernelProvider;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The performance regression gate of {@code ./mvnw verify}: the training benchmarks of every workload with JMH's
 * quickest sensible settings, judged only on what cannot flap on a shared machine, because both sides of each
 * comparison come from the same run: vector/scalar ratios against {@link Checks#GATE_FLOORS}, and bytes allocated
 * per epoch, which do not depend on load at all. Absolute speeds are printed, never judged.
 *
 * <p>On an AVX-512 machine the gate measures the AVX2 class too ({@code -XX:UseAVX=2}: 8 lanes, 16 registers, the
 * 16-register tiles and XOR's step in two chunks), on every workload but wide, whose scalar epoch alone takes
 * longer than the rest: the engine must keep its floors on both classes. An AVX2 machine measures only its own.
 */
@Tag("perf")
class PerfGateIT {

    /** Forks a backend of XOR's benchmark; see {@link #measureClass}. */
    private static final int XOR_FORKS = 3;

    private static Optional<String> vectorMissing;
    private static List<String> backends;
    /** The runs by machine class: the JVM's own, and the AVX2 class where this machine has more. */
    private static final Map<String, RunRecord> RUNS = new LinkedHashMap<>();
    private static final Map<String, List<Workload>> WORKLOADS = new LinkedHashMap<>();

    @BeforeAll
    static void runTheTrainingBenchmarks() throws Exception {
        vectorMissing = whyVectorCannotLoad();
        backends = vectorMissing.isPresent() ? List.of("scalar") : List.of("scalar", "vector");
        vectorMissing.ifPresent(why -> System.out.println("perf gate: measuring scalar only, " + why));
        measureClass("this JVM's class", List.of(Workload.DIGITS, Workload.MNIST, Workload.WIDE));
        if (vectorMissing.isEmpty() && useAvx() >= 3) {
            measureClass("AVX2 class (-XX:UseAVX=2)", List.of(Workload.DIGITS, Workload.MNIST), "-XX:UseAVX=2");
        } else {
            System.out.println("perf gate: the AVX2 class is not measured separately: this JVM's UseAVX is "
                    + useAvx());
        }
    }

    /**
     * XOR, then {@code others}, as one machine class. XOR runs {@value #XOR_FORKS} forks a backend, the others one:
     * its floor is the nearest to what it measures, and on a shared host a whole fork can run far slower than the
     * forks around it (docs/DESIGN.md, "Regression tests of speed"). JMH's score is the mean of every fork's
     * iterations, so one slow fork weighs a third of its ratio instead of all of it.
     */
    private static void measureClass(String machineClass, List<Workload> others, String... jvmFlags)
            throws Exception {
        String suffix = jvmFlags.length == 0 ? "" : "-avx2";
        measure(machineClass + ", xor", List.of(Workload.XOR), XOR_FORKS, "perf-gate-xor" + suffix, jvmFlags);
        measure(machineClass, others, 1, "perf-gate" + suffix, jvmFlags);
    }

    private static void measure(String machineClass, List<Workload> workloads, int forks, String file,
                                String... jvmFlags) throws Exception {
        Path results = Path.of("target", file + ".json");
        Options options = new OptionsBuilder()
                .include(EpochBenchmark.class.getName() + "\\.epoch")
                .param("workload", workloads.stream().map(Workload::id).toArray(String[]::new))
                .param("backend", backends.toArray(String[]::new))
                .jvmArgsAppend(jvmFlags)
                .forks(forks)
                // the first vector mnist epoch runs interpreted for about 2 s, and until C2 has compiled the
                // kernels they allocate: after one 1 s warm-up both measured iterations still allocated a few hundred
                // bytes an epoch, and once after two, on a busy machine (vector digits 144, mnist 272); so three
                .warmupIterations(3)
                .warmupTime(TimeValue.seconds(1))
                // the fewest bytes of three: two one-off JIT allocations can land in two of them, see
                // BenchResult.steadyBytesPerEpoch
                .measurementIterations(3)
                .measurementTime(TimeValue.seconds(1))
                .resultFormat(ResultFormatType.JSON)
                .result(results.toString())
                .build();
        Files.createDirectories(results.getParent());
        new Runner(options).run();
        RunRecord run = RunRecord.read(results);
        System.out.println("perf gate, " + machineClass + ":");
        System.out.print(Report.table(run));
        RUNS.put(machineClass, run);
        WORKLOADS.put(machineClass, workloads);
    }

    /** HotSpot's UseAVX level of this JVM, which its benchmark forks inherit; 0 where it cannot be read. */
    private static int useAvx() {
        return HotSpotOptions.intValue("UseAVX", 0);
    }

    private static Optional<String> whyVectorCannotLoad() {
        try {
            KernelProvider.create(Backend.VECTOR);
            return Optional.empty();
        } catch (RuntimeException | LinkageError e) {
            return Optional.of(e.getMessage());
        }
    }

    @Test
    void trainingAllocatesNothing() {
        RUNS.forEach((machineClass, run) -> {
            assertEquals(WORKLOADS.get(machineClass).size() * backends.size(),
                    run.jmh().stream().filter(BenchResult::isEpoch).count(),
                    machineClass + ": every training benchmark must have run; see JMH's output above");
            assertEquals(List.of(), Checks.allocationFailures(run.jmh()), machineClass);
        });
    }

    @Test
    void vectorKeepsItsLeadOverScalarOnEveryClass() {
        assumeTrue(vectorMissing.isEmpty(),
                () -> "perf gate: vector/scalar floors not checked, " + vectorMissing.orElse(""));
        RUNS.forEach((machineClass, run) -> {
            for (Workload w : WORKLOADS.get(machineClass)) {
                assertEquals(true, Checks.speedup(run.jmh(), w).isPresent(),
                        machineClass + ": " + w.id() + " lacks a backend's result");
            }
            assertEquals(List.of(), Checks.floorFailures(run.jmh(), Checks.GATE_FLOORS), machineClass);
        });
    }
}
