package backprop.bench;

import backprop.Workload;
import backprop.kernel.Backend;
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
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The performance regression gate of {@code ./mvnw verify}: the training benchmarks of every workload with JMH's
 * quickest sensible settings, judged only on what cannot flap on a shared machine, because both sides of each
 * comparison come from the same run: vector/scalar ratios against {@link Checks#GATE_FLOORS}, and bytes allocated
 * per epoch, which do not depend on load at all. Absolute speeds are printed, never judged.
 */
@Tag("perf")
class PerfGateIT {

    private static final Path RESULTS = Path.of("target", "perf-gate.json");

    private static Optional<String> vectorMissing;
    private static List<String> backends;
    private static RunRecord run;

    @BeforeAll
    static void runTheTrainingBenchmarks() throws Exception {
        vectorMissing = whyVectorCannotLoad();
        backends = vectorMissing.isPresent() ? List.of("scalar") : List.of("scalar", "vector");
        vectorMissing.ifPresent(why -> System.out.println("perf gate: measuring scalar only, " + why));
        Options options = new OptionsBuilder()
                .include(EpochBenchmark.class.getName() + "\\.epoch")
                .param("workload", Arrays.stream(Workload.values()).map(Workload::id).toArray(String[]::new))
                .param("backend", backends.toArray(String[]::new))
                .forks(1)
                // the first vector mnist epoch runs interpreted for about 2 s, and until C2 has compiled the
                // kernels they allocate: after one 1 s warm-up both measured iterations still allocated a few hundred
                // bytes an epoch, and once after two, on a busy machine (vector digits 144, mnist 272); so three
                .warmupIterations(3)
                .warmupTime(TimeValue.seconds(1))
                .measurementIterations(2)
                .measurementTime(TimeValue.seconds(1))
                .resultFormat(ResultFormatType.JSON)
                .result(RESULTS.toString())
                .build();
        Files.createDirectories(RESULTS.getParent());
        new Runner(options).run();
        run = RunRecord.read(RESULTS);
        System.out.print(Report.table(run));
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
        assertEquals(Workload.values().length * backends.size(), run.jmh().stream().filter(BenchResult::isEpoch)
                .count(), "every training benchmark must have run; see JMH's output above");
        assertEquals(List.of(), Checks.allocationFailures(run.jmh()));
    }

    @Test
    void vectorKeepsItsLeadOverScalarOnTheLargeWorkloads() {
        assumeTrue(vectorMissing.isEmpty(),
                () -> "perf gate: vector/scalar floors not checked, " + vectorMissing.orElse(""));
        for (Workload w : Checks.GATE_FLOORS.keySet()) {
            assertEquals(true, Checks.speedup(run.jmh(), w).isPresent(), w.id() + " lacks a backend's result");
        }
        assertEquals(List.of(), Checks.floorFailures(run.jmh(), Checks.GATE_FLOORS));
    }
}
