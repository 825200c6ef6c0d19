package backprop.kernel.vector;

import backprop.Activation;
import backprop.kernel.Kernels;
import backprop.kernel.PackedWeights;
import backprop.kernel.ScalarKernels;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Every vector kernel against the scalar reference, for every size 1..67 in each dimension of its shape (the others
 * taking values around the tile and panel edges), so every vector tail, short row block and narrow panel runs.
 * Results must agree within 1e-5 relative to the magnitude of the sums involved, and nothing past a region may
 * change. Runs at the machine's preferred width and, through the pom, at 128 and 256 bits.
 */
@Tag("vector-equivalence")
class VectorKernelsTest {

    private static final int MAX = 67;
    /** Sizes for the dimensions not being swept: one, below a tile, just past two vectors of 16, and the maximum. */
    private static final int[] OTHERS = {1, 5, 33, 67};
    private static final float SENTINEL = -12345.5f;
    private static final int SLACK = 19;
    private static final double TOLERANCE = 1e-5;
    /** A JDK whose C2 gets other 16-register tiles than the running one's ({@link Blocking#forRegisters(int, int)}). */
    private static final int OTHER_JDK = Runtime.version().feature() > 17 ? 17 : 25;

    private final ScalarKernels scalar = new ScalarKernels();
    /**
     * Every product through the vector path, however small, so the tails are what is tested; the inner dimension
     * in blocks of 16 so that every block boundary and short last block runs too. Once with each register file's
     * tiles (6 and 8 rows), whatever this machine's, so every generated tile shape runs at this vector width.
     */
    private final VectorKernels vector = new VectorKernels(everyPath(16), 1);
    private final VectorKernels tall = new VectorKernels(everyPath(32), 1);
    /** The same, every product split across three threads: results must be bit for bit those of one thread. */
    private final VectorKernels threaded = new VectorKernels(everyPath(16), 3);
    private final VectorKernels tallThreaded = new VectorKernels(everyPath(32), 3);
    /**
     * On two threads, forward products with a tall {@code W} run their two inner halves at once, one a thread: a
     * path of its own, so compared bit for bit too.
     */
    private final VectorKernels paired = new VectorKernels(everyPath(16), 2);
    private final VectorKernels tallPaired = new VectorKernels(everyPath(32), 2);
    /** Each register file's tiles with every weight gradient's column tiles packed first, on one and three threads. */
    private final VectorKernels packingColumns = new VectorKernels(everyPath(16).withPackedColumnTilesFrom(1), 1);
    private final VectorKernels tallPackingColumns = new VectorKernels(everyPath(32).withPackedColumnTilesFrom(1), 1);
    private final VectorKernels packingColumnsThreaded =
            new VectorKernels(everyPath(16).withPackedColumnTilesFrom(1), 3);
    /**
     * Each register file's tiles with {@code A}'s row tiles packed down their columns in every forward and backward
     * delta product, on one and three threads.
     */
    private final VectorKernels packingRows = new VectorKernels(everyPath(16).withPackedRowTilesFrom(1), 1);
    private final VectorKernels tallPackingRows = new VectorKernels(everyPath(32).withPackedRowTilesFrom(1), 1);
    private final VectorKernels tallPackingRowsThreaded =
            new VectorKernels(everyPath(32).withPackedRowTilesFrom(1), 3);
    /**
     * The 16-register tiles of the other JDK's C2 (JDK 17 and later JDKs read a weight gradient's input down its
     * columns in tiles of different heights), so that both run on whichever JDK runs the tests.
     */
    private final VectorKernels otherJdk = new VectorKernels(everyPath(16, OTHER_JDK), 1);
    private final VectorKernels otherJdkThreaded = new VectorKernels(everyPath(16, OTHER_JDK), 3);
    private final VectorKernels otherJdkPaired = new VectorKernels(everyPath(16, OTHER_JDK), 2);
    /** The shipping configuration, with the small-shape path. */
    private final VectorKernels shipped = new VectorKernels();
    /** Each one-thread configuration with the two it must equal bit for bit. */
    private final VectorKernels[][] sameBits = {{vector, threaded, paired}, {tall, tallThreaded, tallPaired},
            {packingColumns, packingColumnsThreaded}, {tallPackingRows, tallPackingRowsThreaded, tall},
            {otherJdk, otherJdkThreaded, otherJdkPaired}};
    private final Random random = new Random(7);

    private static Blocking everyPath(int registers) {
        return everyPath(registers, Runtime.version().feature());
    }

    private static Blocking everyPath(int registers, int jdk) {
        return Blocking.forRegisters(registers, jdk).withThresholds(16, 0, 0);
    }

    /** Calls {@code check} for every (a, b, c) with one of them swept over 1..MAX and the other two from OTHERS. */
    private static void forEachShape(ShapeCheck check) {
        for (int swept = 0; swept < 3; swept++) {
            for (int n = 1; n <= MAX; n++) {
                for (int x : OTHERS) {
                    for (int y : OTHERS) {
                        int[] shape = swept == 0 ? new int[]{n, x, y} : swept == 1 ? new int[]{x, n, y} : new int[]{x, y, n};
                        check.run(shape[0], shape[1], shape[2]);
                    }
                }
            }
        }
    }

    private interface ShapeCheck {
        void run(int a, int b, int c);
    }

    @Test
    void forwardMatchesScalarForEveryActivationAndShape() {
        for (Activation activation : Activation.values()) {
            forEachShape((rows, inputs, outputs) -> {
                float[] input = randomArray(rows * inputs);
                float[] weights = randomArray(inputs * outputs);
                float[] bias = randomArray(outputs);
                float[] expected = padded(rows * outputs);
                scalar.forward(input, 0, rows, inputs, weights, bias, outputs, activation, expected);
                for (VectorKernels kernels : new VectorKernels[]{vector, tall, shipped, threaded, paired, packingRows,
                        tallPackingRows, otherJdk}) {
                    float[] actual = padded(rows * outputs);
                    kernels.forward(input, 0, rows, inputs, weights, bias, outputs, activation, actual);
                    assertForwardClose(expected, actual, input, weights, bias, rows, inputs, outputs, activation);
                    // exp and tanh may differ by an ulp between a thread's interpreted warm-up and C2's intrinsic,
                    // so only relu's and identity's forward are compared bit for bit (checked against scalar above)
                    for (VectorKernels[] same : sameBits) {
                        if (kernels != same[0] || activation != Activation.RELU && activation != Activation.IDENTITY) continue;
                        for (int t = 1; t < same.length; t++) {
                            float[] split = padded(rows * outputs);
                            same[t].forward(input, 0, rows, inputs, weights, bias, outputs, activation, split);
                            assertArrayEquals(actual, split, "forward on " + same[t].description());
                        }
                    }
                }
            });
        }
    }

    /**
     * Forward products on weights packed once ({@link VectorKernels#pack}, serving's path): every activation and
     * shape, each register file's tiles, the shipped kernels and three threads, the rows read at an offset; weights
     * packed by kernels of other tiles, and by the scalar kernels, are read as they are.
     */
    @Test
    void forwardOnPackedWeightsMatchesScalarForEveryActivationAndShape() {
        for (Activation activation : Activation.values()) {
            forEachShape((rows, inputs, outputs) -> {
                int offset = 3;
                float[] input = randomArray(offset + rows * inputs);
                float[] weights = randomArray(inputs * outputs);
                float[] bias = randomArray(outputs);
                float[] rowsRead = Arrays.copyOfRange(input, offset, input.length);
                float[] expected = padded(rows * outputs);
                scalar.forward(input, offset, rows, inputs, weights, bias, outputs, activation, expected);
                VectorKernels[] packers = {vector, tall, shipped, threaded, tallPackingRows};
                for (VectorKernels kernels : packers) {
                    PackedWeights packed = kernels.pack(weights, inputs, outputs);
                    for (VectorKernels reader : new VectorKernels[] {kernels, kernels == vector ? tall : vector}) {
                        float[] actual = padded(rows * outputs);
                        reader.forward(input, offset, rows, packed, bias, activation, actual);
                        assertForwardClose(expected, actual, rowsRead, weights, bias, rows, inputs, outputs,
                                activation);
                    }
                }
                float[] fromScalar = padded(rows * outputs);
                shipped.forward(input, offset, rows, scalar.pack(weights, inputs, outputs), bias, activation, fromScalar);
                assertForwardClose(expected, fromScalar, rowsRead, weights, bias, rows, inputs, outputs, activation);
                float[] byScalar = padded(rows * outputs);
                scalar.forward(input, offset, rows, shipped.pack(weights, inputs, outputs), bias, activation, byScalar);
                assertArrayEquals(expected, byScalar, "the scalar kernels read packed weights as they are");
            });
        }
    }

    /**
     * Fewer rows than a register tile on a {@code W} wider than the GEMM reads in place: the shipped kernels run down
     * {@code W} row by row instead of packing it (serving's single rows), four of its rows at a time and the rest
     * one by one, every vector tail included.
     */
    @Test
    void forwardOfFewRowsOnAWideMatrixMatchesScalar() {
        VectorKernels shippedKernels = new VectorKernels();
        for (Activation activation : Activation.values()) {
            for (int rows = 1; rows <= 9; rows++) {
                for (int inputs : new int[] {1, 3, 4, 7, 64}) {
                    for (int outputs : new int[] {257, 300, 1029}) {
                        float[] input = randomArray(rows * inputs);
                        float[] weights = randomArray(inputs * outputs);
                        float[] bias = randomArray(outputs);
                        float[] expected = padded(rows * outputs);
                        scalar.forward(input, 0, rows, inputs, weights, bias, outputs, activation, expected);
                        float[] actual = padded(rows * outputs);
                        shippedKernels.forward(input, 0, rows, inputs, weights, bias, outputs, activation, actual);
                        assertForwardClose(expected, actual, input, weights, bias, rows, inputs, outputs, activation);
                        float[] packed = padded(rows * outputs);
                        shippedKernels.forward(input, 0, rows, shippedKernels.pack(weights, inputs, outputs), bias,
                                activation, packed);
                        assertForwardClose(expected, packed, input, weights, bias, rows, inputs, outputs, activation);
                    }
                }
            }
        }
    }

    /** Each output within 1e-5 of the magnitude of its sum, nothing past the region changed. */
    private static void assertForwardClose(float[] expected, float[] actual, float[] input, float[] weights,
                                           float[] bias, int rows, int inputs, int outputs, Activation activation) {
        for (int r = 0; r < rows; r++) {
            for (int j = 0; j < outputs; j++) {
                double magnitude = Math.abs(bias[j]);
                for (int k = 0; k < inputs; k++) {
                    magnitude += Math.abs(input[r * inputs + k] * weights[k * outputs + j]);
                }
                // activations are bounded by 1 or grow no faster than their input; the +1 covers
                // the float rounding of exp itself when the sums are tiny
                int i = r * outputs + j;
                assertClose(expected[i], actual[i], TOLERANCE * (magnitude + 1),
                        "forward " + activation + " " + rows + "x" + inputs + "x" + outputs + " at " + i);
            }
        }
        assertUntouchedPast(actual, rows * outputs, "forward " + activation);
    }

    @Test
    void backpropDeltaMatchesScalarForEveryActivationAndShape() {
        for (Activation activation : Activation.values()) {
            if (!activation.allowedInHiddenLayer()) continue;
            forEachShape((rows, outputs, inputs) -> {
                float[] delta = randomArray(rows * outputs);
                float[] weights = randomArray(inputs * outputs);
                float[] input = activationOutputs(rows * inputs, activation);
                float[] expected = padded(rows * inputs);
                scalar.backpropDelta(delta, rows, outputs, weights, inputs, input, activation, expected);
                for (VectorKernels kernels : new VectorKernels[]{vector, tall, shipped, packingRows, tallPackingRows}) {
                    float[] actual = padded(rows * inputs);
                    kernels.backpropDelta(delta, rows, outputs, weights, inputs, input, activation, actual);
                    for (int r = 0; r < rows; r++) {
                        for (int k = 0; k < inputs; k++) {
                            double magnitude = 0;
                            for (int j = 0; j < outputs; j++) {
                                magnitude += Math.abs(delta[r * outputs + j] * weights[k * outputs + j]);
                            }
                            int i = r * inputs + k;
                            magnitude *= Math.abs(activation.derivativeFromOutput(input[i]));
                            assertClose(expected[i], actual[i], TOLERANCE * magnitude + Float.MIN_NORMAL,
                                    "backpropDelta " + activation + " " + rows + "x" + outputs + "x" + inputs + " at " + i);
                        }
                    }
                    assertUntouchedPast(actual, rows * inputs, "backpropDelta " + activation);
                    for (VectorKernels[] same : sameBits) {
                        if (kernels != same[0]) continue;
                        for (int t = 1; t < same.length; t++) {
                            float[] split = padded(rows * inputs);
                            same[t].backpropDelta(delta, rows, outputs, weights, inputs, input, activation, split);
                            assertArrayEquals(actual, split, "backpropDelta on " + same[t].description());
                        }
                    }
                }
            });
        }
    }

    @Test
    void weightGradientMatchesScalarForEveryShape() {
        forEachShape((rows, inputs, outputs) -> {
            float[] input = randomArray(rows * inputs);
            float[] delta = randomArray(rows * outputs);
            float[] start = paddedRandom(inputs * outputs);
            float scale = -0.37f;
            float[] expected = start.clone();
            scalar.addWeightGradient(input, 0, delta, rows, inputs, outputs, scale, expected);
            for (VectorKernels kernels : new VectorKernels[]{vector, tall, shipped, packingColumns, tallPackingColumns,
                    otherJdk}) {
                float[] actual = start.clone();
                kernels.addWeightGradient(input, 0, delta, rows, inputs, outputs, scale, actual);
                for (int k = 0; k < inputs; k++) {
                    for (int j = 0; j < outputs; j++) {
                        double magnitude = 0;
                        for (int r = 0; r < rows; r++) {
                            magnitude += Math.abs(input[r * inputs + k] * delta[r * outputs + j]);
                        }
                        int i = k * outputs + j;
                        assertClose(expected[i], actual[i], TOLERANCE * (Math.abs(scale) * magnitude + Math.abs(start[i])),
                                "addWeightGradient " + rows + "x" + inputs + "x" + outputs + " at " + i);
                    }
                }
                assertUntouchedPast(actual, inputs * outputs, "addWeightGradient");
                for (VectorKernels[] same : sameBits) {
                    if (kernels != same[0]) continue;
                    for (int t = 1; t < same.length; t++) {
                        float[] split = start.clone();
                        same[t].addWeightGradient(input, 0, delta, rows, inputs, outputs, scale, split);
                        assertArrayEquals(actual, split, "addWeightGradient on " + same[t].description());
                    }
                }
            }
        });
    }

    /** A batch read at an offset inside a larger array gives what the same rows copied to offset 0 give. */
    @Test
    void inputAndTargetOffsetsReadTheRowsWhereTheyLie() {
        for (Kernels kernels : new Kernels[]{scalar, vector, tall, shipped, threaded, packingColumns, tallPackingRows}) {
            forEachShape((rows, inputs, outputs) -> {
                int offset = 3 + rows * inputs;
                float[] around = randomArray(offset + rows * inputs + 7);
                float[] input = java.util.Arrays.copyOfRange(around, offset, offset + rows * inputs);
                float[] weights = randomArray(inputs * outputs);
                float[] bias = randomArray(outputs);
                float[] expected = padded(rows * outputs);
                float[] actual = padded(rows * outputs);
                kernels.forward(input, 0, rows, inputs, weights, bias, outputs, Activation.RELU, expected);
                kernels.forward(around, offset, rows, inputs, weights, bias, outputs, Activation.RELU, actual);
                assertArrayEquals(expected, actual, "forward at an offset " + rows + "x" + inputs + "x" + outputs);

                float[] delta = randomArray(rows * outputs);
                float[] start = paddedRandom(inputs * outputs);
                float[] expectedGradient = start.clone();
                float[] actualGradient = start.clone();
                kernels.addWeightGradient(input, 0, delta, rows, inputs, outputs, 0.5f, expectedGradient);
                kernels.addWeightGradient(around, offset, delta, rows, inputs, outputs, 0.5f, actualGradient);
                assertArrayEquals(expectedGradient, actualGradient,
                        "addWeightGradient at an offset " + rows + "x" + inputs + "x" + outputs);

                int count = rows * outputs;
                float[] output = randomArray(count);
                float[] expectedDelta = padded(count);
                float[] actualDelta = padded(count);
                float expectedSquares = kernels.outputDelta(output, input, 0, Math.min(count, input.length),
                        expectedDelta);
                float actualSquares = kernels.outputDelta(output, around, offset, Math.min(count, input.length),
                        actualDelta);
                // a vector sum of squares may round differently by an ulp between a call that ran before C2
                // compiled reduceLanes and one after (seen once at 72.03696 against 72.036964, 128-bit run on JDK 25)
                assertEquals(expectedSquares, actualSquares, Math.abs(expectedSquares) * 1e-6f,
                        "outputDelta at an offset");
                assertArrayEquals(expectedDelta, actualDelta, "outputDelta at an offset");
            });
        }
    }

    @Test
    void columnSumsMatchScalar() {
        for (int rows = 1; rows <= MAX; rows++) {
            for (int outputs = 1; outputs <= MAX; outputs++) {
                float[] delta = randomArray(rows * outputs);
                float[] start = paddedRandom(outputs);
                float[] expected = start.clone();
                float[] actual = start.clone();
                scalar.addColumnSums(delta, rows, outputs, 0.5f, expected);
                vector.addColumnSums(delta, rows, outputs, 0.5f, actual);
                for (int j = 0; j < outputs; j++) {
                    double magnitude = Math.abs(start[j]);
                    for (int r = 0; r < rows; r++) magnitude += 0.5 * Math.abs(delta[r * outputs + j]);
                    assertClose(expected[j], actual[j], TOLERANCE * magnitude, "addColumnSums " + rows + "x" + outputs);
                }
                assertUntouchedPast(actual, outputs, "addColumnSums");
            }
        }
    }

    @Test
    void elementwiseKernelsMatchScalar() {
        for (int count = 1; count <= MAX * 3; count++) {
            float[] output = randomArray(count);
            float[] target = randomArray(count);
            float[] expectedDelta = padded(count);
            float[] actualDelta = padded(count);
            float expectedSquares = scalar.outputDelta(output, target, 0, count, expectedDelta);
            float actualSquares = vector.outputDelta(output, target, 0, count, actualDelta);
            assertClose(expectedSquares, actualSquares, TOLERANCE * expectedSquares, "outputDelta squares " + count);
            for (int i = 0; i < count; i++) assertEquals(expectedDelta[i], actualDelta[i], "outputDelta " + count);
            assertUntouchedPast(actualDelta, count, "outputDelta");

            float[] values = paddedRandom(count);
            float[] expectedScaled = values.clone();
            float[] actualScaled = values.clone();
            scalar.scale(expectedScaled, count, 0.9f);
            vector.scale(actualScaled, count, 0.9f);
            assertTrue(Arrays.equals(expectedScaled, actualScaled), "scale " + count);
            assertUntouchedPast(actualScaled, count, "scale");

            float[] increment = randomArray(count);
            float[] expectedSum = values.clone();
            float[] actualSum = values.clone();
            scalar.addScaled(expectedSum, increment, count, -0.25f);
            vector.addScaled(actualSum, increment, count, -0.25f);
            for (int i = 0; i < count; i++) {
                assertClose(expectedSum[i], actualSum[i], TOLERANCE * (Math.abs(values[i]) + Math.abs(increment[i])),
                        "addScaled " + count + " at " + i);
            }
            assertUntouchedPast(actualSum, count, "addScaled");
        }
    }

    @Test
    void describesItsWidth() {
        int lanes = Vectors.LANES;
        String tiles = Runtime.version().feature() > 17 ? "6 x 2 and 5 x 2 tiles" : "6 x 2 tiles";
        assertEquals("vector, " + lanes + " x float (" + lanes * 32 + "-bit), 16 registers, " + tiles,
                vector.description());
        assertEquals("vector, " + lanes + " x float (" + lanes * 32 + "-bit), 32 registers, 8 x 3 tiles, 3 threads",
                tallThreaded.description());
    }

    private float[] randomArray(int length) {
        float[] values = new float[length];
        for (int i = 0; i < length; i++) values[i] = random.nextFloat() * 2f - 1f;
        return values;
    }

    /** Outputs a layer with this activation can produce, so its derivative takes realistic values. */
    private float[] activationOutputs(int length, Activation activation) {
        float[] values = randomArray(length);
        for (int i = 0; i < length; i++) values[i] = activation.apply(values[i] * 3f);
        return values;
    }

    /** A region of {@code length} zeros followed by sentinels that no kernel may change. */
    private static float[] padded(int length) {
        float[] values = new float[length + SLACK];
        Arrays.fill(values, length, values.length, SENTINEL);
        return values;
    }

    private float[] paddedRandom(int length) {
        float[] values = padded(length);
        System.arraycopy(randomArray(length), 0, values, 0, length);
        return values;
    }

    private static void assertUntouchedPast(float[] values, int end, String what) {
        for (int i = end; i < values.length; i++) {
            if (values[i] != SENTINEL) fail(what + " wrote past its region at " + i + " (region ends at " + end + ")");
        }
    }

    private static void assertClose(float expected, float actual, double tolerance, String what) {
        if (!(Math.abs(expected - actual) <= tolerance)) {
            fail(what + ": expected " + expected + " but was " + actual + " (tolerance " + tolerance + ")");
        }
    }
}
