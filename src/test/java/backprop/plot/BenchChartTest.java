package backprop.plot;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BenchChartTest {

    @TempDir
    Path dir;

    private Path table(String... rows) throws Exception {
        return Files.write(dir.resolve("table.csv"), List.of(rows));
    }

    @ParameterizedTest
    @ValueSource(strings = {"bench.png", "bench.svg"})
    void drawsTheTableAtTheRequestedSize(String name) throws Exception {
        Path csv = table(BenchChart.HEADER, "xor,scalar,1000", "xor,vector,1500", "digits,scalar,20",
                "digits,vector,80", "digits,peers,60");
        Path out = dir.resolve(name);
        int exit = new CommandLine(new BenchChart()).execute(csv.toString(), out.toString(), "--width", "700",
                "--height", "450");
        assertEquals(0, exit);
        Images.assertImage(out, 700, 450);
    }

    @Test
    void defaultSizeIsUsedWithoutOptions() throws Exception {
        Path csv = table(BenchChart.HEADER, "xor,scalar,1000");
        Path out = dir.resolve("bench.png");
        assertEquals(0, new CommandLine(new BenchChart()).execute(csv.toString(), out.toString()));
        Images.assertPng(out, ChartSize.DEFAULT.width(), ChartSize.DEFAULT.height());
    }

    @Test
    void readsOneSeriesPerNameInTableOrderAndLeavesMissingWorkloadsEmpty() throws Exception {
        Path csv = table(BenchChart.HEADER, "xor,vector,1500", "xor,scalar,1000", "digits,scalar,20");
        Map<String, Map<String, Double>> bySeries = BenchChart.read(csv);
        assertEquals(List.of("vector", "scalar"), List.copyOf(bySeries.keySet()));
        assertEquals(Map.of("xor", 1000.0, "digits", 20.0), bySeries.get("scalar"));
        var chart = BenchChart.build(bySeries, "t", ChartSize.DEFAULT);
        assertEquals(Arrays.asList(1500.0, null), new ArrayList<>(chart.getSeriesMap().get("vector").getYData()));
    }

    @Test
    void badTablesGetAOneLineErrorWithTheLine() throws Exception {
        Path wrongHeader = table("workload,epochs", "xor,1");
        assertEquals(wrongHeader + ":1: expected the header " + BenchChart.HEADER,
                assertThrows(IllegalArgumentException.class, () -> BenchChart.read(wrongHeader)).getMessage());
        Path text = table(BenchChart.HEADER, "xor,scalar,1000", "xor,vector,fast");
        assertEquals(text + ":3: 'fast' is not a number",
                assertThrows(IllegalArgumentException.class, () -> BenchChart.read(text)).getMessage());
        Path zero = table(BenchChart.HEADER, "xor,scalar,0");
        assertTrue(assertThrows(IllegalArgumentException.class, () -> BenchChart.read(zero)).getMessage()
                .startsWith(zero + ":2: epochs_per_second must be positive"));
    }

    @Test
    void commandReportsABadOutputPathOnOneLineAndExitsOne() throws Exception {
        Path csv = table(BenchChart.HEADER, "xor,scalar,1000");
        Path out = dir.resolve("missing").resolve("bench.png");
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(new BenchChart());
        cli.setErr(new PrintWriter(err));
        var previous = System.err;
        var captured = new java.io.ByteArrayOutputStream();
        System.setErr(new java.io.PrintStream(captured, true, java.nio.charset.StandardCharsets.UTF_8));
        int exit;
        try {
            exit = cli.execute(csv.toString(), out.toString());
        } finally {
            System.setErr(previous);
        }
        assertEquals(1, exit);
        String message = captured.toString(java.nio.charset.StandardCharsets.UTF_8);
        assertEquals(1, message.lines().count(), message);
        assertTrue(message.contains(out.toString()), message);
    }
}
