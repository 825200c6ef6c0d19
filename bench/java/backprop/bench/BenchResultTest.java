package backprop.bench;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class BenchResultTest {

    private static JsonNode run(String unit, String rawData) throws Exception {
        return RunRecord.JSON.readTree("[{\"benchmark\": \"backprop.bench.EpochBenchmark.epoch\", \"params\": {},"
                + " \"primaryMetric\": {\"score\": 2.0, \"scoreError\": \"NaN\", \"scoreUnit\": \"" + unit + "\","
                + " \"rawData\": " + rawData + "}, \"secondaryMetrics\": {}}]");
    }

    @Test
    void theBestIterationOfARateIsTheHighest() throws Exception {
        BenchResult result = BenchResult.fromJmh(run("ops/s", "[[1.5, 2.5, 2.0]]")).get(0);
        assertEquals(2.0, result.score());
        assertEquals(2.5, result.bestIteration());
    }

    @Test
    void theBestIterationOfATimeIsTheShortest() throws Exception {
        assertEquals(1.5, BenchResult.fromJmh(run("s/op", "[[1.5, 2.5, 2.0]]")).get(0).bestIteration());
    }

    @Test
    void withoutRawDataTheBestIterationIsTheScore() throws Exception {
        assertEquals(2.0, BenchResult.fromJmh(run("ops/s", "[]")).get(0).bestIteration());
    }
}
