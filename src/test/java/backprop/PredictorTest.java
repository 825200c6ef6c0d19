package backprop;

import backprop.kernel.Backend;
import backprop.kernel.KernelProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** {@link Predictor}: predict's outputs, for many threads at once, without allocating. */
class PredictorTest {

    private static final int[] LAYERS = {20, 48, 32, 5};

    private static Network normalizedNetwork() {
        Network network = TestNetworks.network(LAYERS, Activation.TANH, Activation.SOFTMAX, 21);
        float[] rows = TestNetworks.rawRows(300, LAYERS[0], 22);
        network.setNormalization(Normalization.fit(Normalization.Method.STANDARD, rows, 300, LAYERS[0]));
        return network;
    }

    @ParameterizedTest
    @EnumSource(value = Backend.class, names = {"SCALAR", "VECTOR"})
    void givesPredictsOutputsAndLeavesTheRowsAlone(Backend backend) {
        assumeTrue(backend == Backend.SCALAR || KernelProvider.whyVectorUnavailable().isEmpty(),
                "vector backend not available: " + KernelProvider.whyVectorUnavailable().orElse(""));
        Network network = normalizedNetwork();
        Predictor predictor = Predictor.of(network, backend);
        // more rows than one pass takes, so that the slices meet
        int count = Predictor.MAX_ROWS_PER_PASS * 2 + 37;
        float[] rows = TestNetworks.rawRows(count, LAYERS[0], 23);
        float[] original = rows.clone();

        float[] batch = new float[count * predictor.outputs()];
        predictor.predict(rows, count, batch);
        float[] single = new float[predictor.outputs()];
        float[] row = new float[predictor.inputs()];
        System.arraycopy(rows, 5 * row.length, row, 0, row.length);
        predictor.predict(row, single);

        assertArrayEquals(original, rows, "the caller's rows are not changed");
        float[] expected = TestNetworks.predict(network, rows);
        float tolerance = backend == Backend.SCALAR ? 0f : 1e-5f;
        assertArrayEquals(expected, batch, tolerance);
        for (int j = 0; j < single.length; j++) assertEquals(expected[5 * single.length + j], single[j], tolerance);
    }

    @Test
    void givesARegressionModelsOutputsInTheTargetsUnits() {
        Network network = TestNetworks.regression(LAYERS, Activation.RELU, 25);
        Predictor predictor = Predictor.of(network);
        float[] rows = TestNetworks.rawRows(40, LAYERS[0], 26);
        float[] out = new float[40 * predictor.outputs()];

        predictor.predict(rows, 40, out);

        float[] expected = TestNetworks.predict(network, rows);
        for (int i = 0; i < expected.length; i++) {
            // in the targets' units, which reach thousands: the tolerance is relative
            assertEquals(expected[i], out[i], 1e-5f * Math.max(1, Math.abs(expected[i])), "output " + i);
        }
    }

    @Test
    void loadsAModelFile(@TempDir Path folder) throws Exception {
        Path file = folder.resolve("model.json");
        ModelFile.write(normalizedNetwork(), file);

        Predictor predictor = Predictor.load(file);

        assertEquals(20, predictor.inputs());
        assertEquals(5, predictor.outputs());
        assertEquals(List.of(), predictor.classNames());
        assertEquals("20-48-32-5 tanh/tanh/softmax", predictor.describe());
        float[] rows = TestNetworks.rawRows(3, 20, 24);
        float[] out = new float[15];
        predictor.predict(rows, 3, out);
        assertArrayEquals(TestNetworks.predict(ModelFile.read(file), rows), out, 1e-5f);
    }

    @Test
    void givesTheClassNamesTheModelStores(@TempDir Path folder) throws Exception {
        Network network = normalizedNetwork();
        List<String> names = List.of("a", "b", "c", "d", "e");
        network.setColumns(new ModelColumns(List.of(), "letter", names));
        Path file = folder.resolve("model.json");
        ModelFile.write(network, file);

        assertEquals(names, Predictor.load(file).classNames());
        assertEquals(names, Predictor.of(network).classNames());
    }

    @Test
    void badArgumentsAreClearErrors() {
        Predictor predictor = Predictor.of(normalizedNetwork());

        assertEquals("a row needs 20 features, got 19", assertThrows(IllegalArgumentException.class,
                () -> predictor.predict(new float[19], new float[5])).getMessage());
        assertEquals("out needs room for 5 outputs, has 4", assertThrows(IllegalArgumentException.class,
                () -> predictor.predict(new float[20], new float[4])).getMessage());
        assertEquals("3 rows of 20 features need 60 values, but rows has 59", assertThrows(
                IllegalArgumentException.class, () -> predictor.predict(new float[59], 3, new float[15])).getMessage());
        assertEquals("3 rows of 5 outputs need 15 values, but out has 14", assertThrows(
                IllegalArgumentException.class, () -> predictor.predict(new float[60], 3, new float[14])).getMessage());
        assertEquals("count must not be negative, got -1", assertThrows(IllegalArgumentException.class,
                () -> predictor.predict(new float[60], -1, new float[15])).getMessage());
    }

    @Test
    void eightThreadsThroughOnePredictorGetTheSingleThreadedOutputs() throws Exception {
        Predictor predictor = Predictor.of(normalizedNetwork());
        int threads = 8;
        int[] batchSizes = {1, 3, 64, 300};
        float[][] rows = new float[threads][];
        float[][] expected = new float[threads][];
        // warm up first, so that every thread runs the code the reference ran, compiled
        float[] warmUpRows = TestNetworks.rawRows(300, predictor.inputs(), 99);
        float[] warmUp = new float[300 * predictor.outputs()];
        for (int i = 0; i < 1_000; i++) predictor.predict(warmUpRows, batchSizes[i % batchSizes.length], warmUp);
        for (int t = 0; t < threads; t++) {
            int count = batchSizes[t % batchSizes.length];
            rows[t] = TestNetworks.rawRows(count, predictor.inputs(), 100 + t);
            expected[t] = new float[count * predictor.outputs()];
            predictor.predict(rows[t], count, expected[t]);
        }

        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<Integer>> calls = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                calls.add(pool.submit(() -> {
                    float[] out = new float[expected[thread].length];
                    int count = out.length / predictor.outputs();
                    int done = 0;
                    while (System.nanoTime() < end) {
                        predictor.predict(rows[thread], count, out);
                        assertArrayEquals(expected[thread], out, "thread " + thread + ", call " + done);
                        done++;
                    }
                    return done;
                }));
            }
            int total = 0;
            for (Future<Integer> call : calls) total += call.get();
            assertTrue(total >= threads, "every thread predicted at least once, " + total + " calls in all");
        } finally {
            pool.shutdownNow();
        }
    }

    /** Enough for the JIT to settle on a loaded 2-core machine; past it the window measures what it finds. */
    private static final int MAX_WARM_UP_ROUNDS = 20;

    @Test
    void aCallAllocatesNothingAfterItsThreadsFirst() {
        assumeTrue(KernelProvider.c2Enabled(), "skipped: this JVM runs without C2, where vector code allocates");
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        assumeTrue(threads.isThreadAllocatedMemorySupported(), "skipped: no per-thread allocation counter");
        Predictor predictor = Predictor.of(normalizedNetwork());
        float[] rows = TestNetworks.rawRows(256, 20, 31);
        float[] out = new float[256 * predictor.outputs()];
        // every batch size is its own path through the kernels' row tiles and tails, each compiled on its own, and
        // each runs often enough in one round for C2 to take it on its calls alone (a 2-row call is the one call of
        // its 2-row tile)
        int[] counts = {1, 2, 3, 7, 8, 16, 17, 64, 100, 255, 256};
        int callsPerRound = JitQueue.callsToCompile();
        int rounds = JitQueue.settle(() -> {
            for (int count : counts) for (int i = 0; i < callsPerRound; i++) predictor.predict(rows, count, out);
        }, 4, MAX_WARM_UP_ROUNDS);

        int calls = 0;
        long compiledBefore = JitQueue.latestCompile();
        long thread = Thread.currentThread().getId();
        long[] allocatedBy = new long[counts.length];
        for (int c = 0; c < counts.length; c++) {
            long before = threads.getThreadAllocatedBytes(thread);
            for (int i = 0; i < 500; i++, calls++) predictor.predict(rows, counts[c], out);
            allocatedBy[c] = threads.getThreadAllocatedBytes(thread) - before;
        }
        long allocated = Arrays.stream(allocatedBy).sum();
        long compiledAfter = JitQueue.latestCompile();
        assertTrue(allocated < calls, predictor.backend() + ": " + allocated + " bytes allocated in " + calls
                + " calls of 1 to 256 rows after " + rounds + " warm-up rounds; by rows per call "
                + Arrays.toString(counts) + ": " + Arrays.toString(allocatedBy) + "; latest compile id of the watched"
                + " classes " + compiledBefore + " before the window, " + compiledAfter + " after; in C1's profiling code"
                + " after the window: " + JitQueue.profiledOnly("backprop.kernel.vector."));
    }
}
