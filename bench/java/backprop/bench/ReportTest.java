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
}
