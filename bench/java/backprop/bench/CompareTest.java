package backprop.bench;

import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CompareTest {

    private static BenchResult epoch(String workload, String backend, double score, double error, double bytes) {
        return new BenchResult(BenchResult.EPOCH, Map.of("workload", workload, "backend", backend), score, error,
                "ops/s", Map.of(), bytes);
    }

    private static final MachineClass ZEN5 = new MachineClass("AMD EPYC", "Species[float, 16, S_512_BIT]", "3");

    private static RunRecord run(BenchResult... results) {
        return run(ZEN5, results);
    }

    private static RunRecord run(MachineClass machineClass, BenchResult... results) {
        ObjectNode machine = RunRecord.JSON.createObjectNode();
        machineClass.writeTo(machine);
        return new RunRecord(machine, List.of(results), List.of());
    }

    private static List<String> failures(RunRecord base, RunRecord current, double threshold) {
        return Compare.compare(base, current, threshold).failures();
    }

    @Test
    void aDropBeyondThresholdAndErrorBarsFails() {
        List<String> failures = failures(run(epoch("xor", "scalar", 100, 2, 0)),
                run(epoch("xor", "scalar", 80, 2, 0)), 0.10);
        assertEquals(1, failures.size(), failures.toString());
        assertTrue(failures.get(0).contains("20.0% slower"), failures.get(0));
    }

    @Test
    void aDropWithinTheErrorBarsOrTheThresholdPasses() {
        assertEquals(List.of(), failures(run(epoch("xor", "scalar", 100, 15, 0)),
                run(epoch("xor", "scalar", 80, 10, 0)), 0.10));
        assertEquals(List.of(), failures(run(epoch("xor", "scalar", 100, 0, 0)),
                run(epoch("xor", "scalar", 95, 0, 0)), 0.10));
    }

    @Test
    void speedAcrossMachineClassesIsNotJudgedButAllocationStillIs() {
        MachineClass avx2 = new MachineClass("Intel Xeon", "Species[float, 8, S_256_BIT]", "2");
        Compare.Outcome outcome = Compare.compare(run(epoch("xor", "scalar", 100, 0, 0)),
                run(avx2, epoch("xor", "scalar", 50, 0, 48)), 0.10);
        assertFalse(outcome.speedJudged());
        assertEquals(3, outcome.machineDifferences().size(), outcome.machineDifferences().toString());
        assertEquals(1, outcome.failures().size(), outcome.failures().toString());
        assertTrue(outcome.failures().get(0).contains("48.0 bytes per epoch"), outcome.failures().get(0));
    }

    @Test
    void aRunThatPredatesTheMachineClassIsOfNoKnownClass() {
        RunRecord bare = new RunRecord(MissingNode.getInstance(), List.of(epoch("xor", "scalar", 100, 0, 0)),
                List.of());
        Compare.Outcome outcome = Compare.compare(bare, run(epoch("xor", "scalar", 50, 0, 0)), 0.10);
        assertFalse(outcome.speedJudged());
        assertEquals(List.of(), outcome.failures());
    }

    @Test
    void allocationInTrainingFails() {
        List<String> failures = failures(run(epoch("mnist", "scalar", 1, 0, 0)),
                run(epoch("mnist", "scalar", 1, 0, 48)), 0.10);
        assertEquals(1, failures.size(), failures.toString());
        assertTrue(failures.get(0).contains("48.0 bytes per epoch"), failures.get(0));
    }

    @Test
    void vectorUnderItsFloorFailsEvenWithoutABase() {
        RunRecord current = run(epoch("wide", "scalar", 0.1, 0, 0), epoch("wide", "vector", 0.25, 0, 0),
                epoch("xor", "scalar", 100, 0, 0), epoch("xor", "vector", 150, 0, 0));
        List<String> failures = failures(run(), current, 0.10);
        assertEquals(List.of("wide: vector is 2.50x scalar, below the floor of 3.0x"), failures);
        assertEquals(List.of(), Checks.floorFailures(current.jmh(), Map.of()));
    }

    @Test
    void readsBareJmhJsonAndTakesTheSteadyAllocationOfItsOwnCounterOverJmhs(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("jmh.json");
        Files.writeString(file, "[{\"benchmark\":\"backprop.bench.EpochBenchmark.epoch\","
                + "\"params\":{\"backend\":\"scalar\",\"workload\":\"wide\"},"
                + "\"primaryMetric\":{\"score\":0.08,\"scoreError\":\"NaN\",\"scoreUnit\":\"ops/s\"},"
                + "\"secondaryMetrics\":{\"allocatedBytes\":{\"score\":584.0,\"rawData\":[[0.0,584.0]]},"
                + "\"epochs\":{\"score\":4.0,\"rawData\":[[2.0,2.0]]},"
                + "\"gc.alloc.rate.norm\":{\"score\":5848.0}}}]");
        BenchResult r = RunRecord.read(file).jmh().get(0);
        assertEquals("EpochBenchmark.epoch backend=scalar workload=wide", r.key());
        assertEquals(0.0, r.error());
        assertEquals(0.0, r.bytesPerOp().getAsDouble());
    }

    @Test
    void theOriginalOptimizerIsLeftOutOfTheKeySoOlderRunsStillCompare() {
        BenchResult sgd = new BenchResult("EpochBenchmark.epoch",
                new java.util.TreeMap<>(Map.of("backend", "vector", "optimizer", "sgd", "workload", "mnist")),
                1, 0, "ops/s", Map.of(), Double.NaN);
        BenchResult adam = new BenchResult("EpochBenchmark.epoch",
                new java.util.TreeMap<>(Map.of("backend", "vector", "optimizer", "adam", "workload", "mnist")),
                1, 0, "ops/s", Map.of(), Double.NaN);
        assertEquals("EpochBenchmark.epoch backend=vector workload=mnist", sgd.key());
        assertEquals("EpochBenchmark.epoch backend=vector optimizer=adam workload=mnist", adam.key());
    }

    @Test
    void everyStoredBaselineIsNamedByItsOwnMachineClassAndJdk() throws IOException {
        assertEquals("amd-epyc-family-26-model-2-useavx-2-256-bit",
                new MachineClass("AMD EPYC (family 26, model 2)", "Species[float, 8, S_256_BIT]", "2").fileName());
        List<Path> baselines;
        try (var files = Files.list(Path.of("bench", "baselines"))) {
            baselines = files.toList();
        }
        assertFalse(baselines.isEmpty());
        for (Path baseline : baselines) {
            assertEquals(Compare.baselineName(RunRecord.read(baseline)), baseline.getFileName().toString());
        }
    }
}
