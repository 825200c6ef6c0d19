package backprop.bench;

import com.fasterxml.jackson.databind.node.MissingNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class ReportTest {

    private static final RunRecord RUN = new RunRecord(MissingNode.getInstance(), List.of(
            new BenchResult(BenchResult.EPOCH, Map.of("workload", "mnist", "backend", "scalar"), 0.5, 0.05, "ops/s",
                    Map.of(), 0),
            new BenchResult(BenchResult.EPOCH, Map.of("workload", "mnist", "backend", "vector"), 20, 1, "ops/s",
                    Map.of(), 0),
            new BenchResult(BenchResult.EPOCH, Map.of("workload", "mnist", "backend", "vector", "threads", "2"), 36,
                    1, "ops/s", Map.of(), 0),
            new BenchResult(BenchResult.FMA_PEAK, Map.of(), 1, 0, "ops/s", Map.of("flops", 100e9), Double.NaN)),
            List.of(new RunRecord.PeerResult("mnist", "torch-manual", 1, 16),
                    new RunRecord.PeerResult("mnist", "torch-manual", 2, 25)));

    @Test
    void csvHasOneRowPerSeriesWithTheThreadCountInThePeersNames(@TempDir Path dir) throws IOException {
        Path csv = dir.resolve("run.csv");
        Report.writeCsv(RUN, csv);
        assertEquals(List.of("workload,series,epochs_per_second", "mnist,scalar,0.500000", "mnist,vector,20.0000",
                "mnist,vector-2t,36.0000", "mnist,torch-manual,16.0000", "mnist,torch-manual-2t,25.0000"),
                Files.readAllLines(csv));
    }

    @Test
    void tableShowsSpeedupPeakShareAndTheRatioToTheBestSingleThreadPeer() {
        String table = Report.table(RUN);
        assertTrue(table.contains("FMA peak measured in this run: 100.0 GFLOP/s"), table);
        // 20 epochs/s x 4.09 GFLOP = 81.8 GFLOP/s, 82% of the 100 GFLOP/s peak
        assertTrue(table.matches("(?s).*mnist .* 40\\.00x .* 81\\.8\\d .* 82%.*"), table);
        // the 2-thread peer is shown but the ratio is against the best 1-thread one
        assertTrue(table.matches("(?s).*mnist +16\\.0 +25\\.0 +16\\.0 +1\\.25x.*"), table);
        // two threads: 36 against its own 20 on one, and against the 2-thread peer's 25
        assertTrue(table.matches("(?s).*mnist +2 +20\\.0±5% +36\\.0±3% +1\\.80x +25\\.0 +1\\.44x.*"), table);
    }
    @Test
    void probesReadInOrderAndAWorkloadWithASlowProbeBeforeOrAfterItIsNamed(@TempDir Path dir) throws IOException {
        // a JMH result of fmaPeak as -rf json writes it, its flops per second among the secondary metrics
        String[] names = {"1-xor", "2-digits", "3-mnist", "10-end"};
        double[] gflops = {200, 198, 140, 201};
        for (int i = 0; i < names.length; i++) {
            Files.writeString(dir.resolve("probe-" + names[i] + ".json"), "[{\"benchmark\":"
                    + "\"backprop.bench.KernelBenchmark.fmaPeak\",\"params\":{},\"primaryMetric\":{\"score\":1,"
                    + "\"scoreError\":0,\"scoreUnit\":\"ops/s\"},\"secondaryMetrics\":{\"flops\":{\"score\":"
                    + gflops[i] * 1e9 + "}}}]");
        }
        Files.writeString(dir.resolve("epoch-xor.json"), "[]");
        List<RunRecord.HostProbe> probes = Report.readProbes(dir);
        assertEquals(List.of(new RunRecord.HostProbe("xor", 200), new RunRecord.HostProbe("digits", 198),
                new RunRecord.HostProbe("mnist", 140), new RunRecord.HostProbe("end", 201)), probes);

        String line = Report.hostSpeed(new RunRecord(MissingNode.getInstance(), List.of(), List.of(), probes));
        assertTrue(line.contains("xor 200 digits 198 mnist 140 end 201"), line);
        // mnist's own probe was slow, and digits ran up to it
        assertTrue(line.contains("slow window: the host ran below 85% of its fastest probe around digits, mnist;"),
                line);
        assertEquals("", Report.hostSpeed(RUN), "no probes, no line");
    }

    @Test
    void coresRoundTripsAroundAMultiThreadRunAreReadAndAFarApartPairIsFlagged(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("cores-mnist-before.json"), "{\"roundTripNanos\":452.0}\n");
        Files.writeString(dir.resolve("cores-mnist-after.json"), "{\"roundTripNanos\":73.0}\n");
        Files.writeString(dir.resolve("cores-wide-after.json"), "{\"roundTripNanos\":81.0}\n");
        Files.writeString(dir.resolve("probe-1-mnist.json"), "");
        List<RunRecord.CoreProbe> probes = Report.readCoreProbes(dir);
        assertEquals(List.of(new RunRecord.CoreProbe("mnist", 452.0, 73.0),
                new RunRecord.CoreProbe("wide", Double.NaN, 81.0)), probes);
        assertTrue(probes.get(0).farApart());
        assertTrue(!probes.get(1).farApart(), "a missing reading is not far apart");

        String table = Report.table(new RunRecord(MissingNode.getInstance(), RUN.jmh(), RUN.peers(), List.of(),
                probes));
        assertTrue(table.matches("(?s).*mnist +2 +20\\.0±5% +36\\.0±3% +1\\.80x +25\\.0 +1\\.44x +452 / 73\n.*"),
                table);
        assertTrue(table.contains("above 200 ns the host had the threads' cores far apart"), table);
        assertTrue(!Report.table(RUN).contains("far apart"), "no probes, no note");
    }

    @Test
    void aCoresRoundTripIsMeasuredBetweenTwoThreads() throws InterruptedException {
        assumeTrue(Runtime.getRuntime().availableProcessors() >= 2,
                "a round trip between two cores needs two; this machine has one");
        double nanos = CoreRoundTrip.medianRoundTripNanos();
        // a line cannot cross between cores and back in under a nanosecond, nor take a millisecond while both spin
        assertTrue(nanos > 1 && nanos < 1e6, "round trip " + nanos + " ns");
    }

    @Test
    void theCeilingIsTheFastestFmaLoopOfTheRunProbesIncluded() {
        RunRecord probed = new RunRecord(MissingNode.getInstance(), RUN.jmh(), RUN.peers(),
                List.of(new RunRecord.HostProbe("mnist", 125), new RunRecord.HostProbe("end", 90)));
        String table = Report.table(probed);
        assertTrue(table.contains("FMA peak measured in this run: 125.0 GFLOP/s, a host probe's"
                + " (KernelBenchmark.fmaPeak read 100.0)"), table);
        // 81.8 GFLOP/s of mnist is 65% of 125
        assertTrue(table.matches("(?s).*mnist .* 81\\.8\\d .* 65%.*"), table);
    }
}
