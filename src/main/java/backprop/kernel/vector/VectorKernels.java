package backprop.kernel.vector;

import backprop.Activation;
import backprop.kernel.AdamStep;
import backprop.kernel.FusedStep;
import backprop.kernel.KernelProvider;
import backprop.kernel.Kernels;
import backprop.kernel.PackedWeights;
import backprop.kernel.ScalarKernels;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;

import java.lang.ref.Cleaner;
import java.util.Arrays;
import java.util.Optional;
import java.util.function.IntConsumer;

import static backprop.kernel.vector.Vectors.LANES;
import static backprop.kernel.vector.Vectors.SPECIES;
import static backprop.kernel.vector.Vectors.VECTOR_CLASS;

/**
 * The kernels on {@code jdk.incubator.vector}, method for method beside {@link ScalarKernels}. Loaded only by
 * reflection from {@link KernelProvider}, so nothing that runs without the module touches a vector type.
 *
 * <p>The three matrix products go through one GEMM, in the parts BLIS splits it into: {@link GemmDriver} (the
 * macro-kernel: panels, inner blocks, row tiles), {@link Packing}, {@link MicroKernels} (the register tiles, one per
 * shape, generated), {@link Epilogues} (activation, derivative product, sums, applied to a tile in L1),
 * {@link WorkSharing} and {@link KernelWorkers} (threads), and {@link Blocking}, the parameters chosen for the
 * machine's register file. Products smaller than {@link Blocking#smallProduct} multiply-adds run as the scalar
 * loops; tiny networks train through a fused step of their own ({@link #fusedStep}): on vector registers where
 * each matrix fits one ({@link OneVectorStep}, written out layer by layer for one sigmoid hidden layer:
 * {@link TwoLayerStep}), else in plain loops ({@link SmallNetworkStep}).
 *
 * <p>An instance belongs to one trainer and is called from one thread; with {@code threads > 1} it splits large
 * products across its own worker threads, or, timing its steps ({@link ThreadTuning}), across all of them or
 * keeps to the caller alone, whichever proves faster. Every output element is computed by one thread in the same order
 * whatever the count, so the products are identical for any number of threads. (Exp and tanh can differ by an ulp
 * while code still runs in the interpreter instead of C2's intrinsic.)
 */
public final class VectorKernels implements Kernels {

    /** Stops the workers of kernels nobody uses any more; its own thread starts only when threads are asked for. */
    private static final class WorkerCleaner {
        static final Cleaner CLEANER = Cleaner.create();
    }

    private final Blocking blocking;
    private final int threads;
    private final ScalarKernels scalar = new ScalarKernels();
    private final GemmDriver gemm;
    private final ForwardInHalves halves;
    /** Times training steps on all the threads and on one, when asked to; else null. */
    private final ThreadTuning tuning;
    private final float[] tail = new float[LANES];
    /** The layout {@link #pack} makes, which another instance reads only if it names the same. */
    private final String packedLayout;

    public VectorKernels() {
        this(1);
    }

    /** Kernels that split each large product across {@code threads} threads: the caller and {@code threads - 1} workers. */
    public VectorKernels(int threads) {
        this(threads, false);
    }

    /**
     * Kernels of {@code threads} threads that, with {@code timesThreads}, choose between all of them and the caller
     * alone by timing the training steps that {@link #stepEnded} counts ({@link ThreadTuning}).
     */
    public VectorKernels(int threads, boolean timesThreads) {
        this(Blocking.forThisMachine(), threads, timesThreads ? ThreadTuning::new : null);
    }

    /** For tests: kernels with another blocking (tile rows, inner block, thresholds). */
    VectorKernels(Blocking blocking, int threads) {
        this(blocking, threads, null);
    }

    /** Kernels whose thread tuning, if {@code tuningOf} is not null, it makes; tests pass tunings of their own. */
    VectorKernels(Blocking blocking, int threads, TuningFactory tuningOf) {
        if (threads < 1) throw new IllegalArgumentException("threads must be at least 1, got " + threads);
        this.blocking = blocking;
        this.threads = threads;
        KernelWorkers workers = null;
        if (threads > 1) {
            workers = new KernelWorkers(threads);
            WorkerCleaner.CLEANER.register(this, workers::close);
        }
        this.tuning = workers != null && tuningOf != null ? tuningOf.create(threads, workers::useParts) : null;
        this.gemm = new GemmDriver(blocking, workers);
        this.halves = new ForwardInHalves(blocking, gemm, workers);
        this.packedLayout = "vector " + LANES + " lanes, " + blocking.rowTile.vectors + "-vector panels";
    }

    /** How {@link ThreadTuning} is made from the kernels' thread count and the switch between counts. */
    interface TuningFactory {
        ThreadTuning create(int threads, IntConsumer use);
    }

    @Override
    public String description() {
        String width = "vector, " + LANES + " x float (" + SPECIES.vectorBitSize() + "-bit), " + blocking.describe();
        if (threads == 1) return width;
        if (tuning == null) return width + ", " + threads + " threads";
        return width + ", " + threads + " threads timed, " + (tuning.chosen() == 1 ? "1 thread" : "all") + " chosen";
    }

    @Override
    public void stepEnded() {
        if (tuning != null) tuning.stepEnded();
    }

    @Override
    public void forward(float[] input, int inputOffset, int rows, int inputs, float[] weights, float[] bias,
                        int outputs, Activation activation, float[] output) {
        if (isSmall(rows, inputs, outputs)) {
            // even the activation: one vector exp costs about as much as a dozen scalar ones that overlap
            scalar.forward(input, inputOffset, rows, inputs, weights, bias, outputs, activation, output);
            return;
        }
        if (rows < blocking.rowTile.rows && !blocking.readsWeightsInPlace(inputs, outputs)) {
            forwardFewRows(input, inputOffset, rows, inputs, weights, bias, outputs, activation, output);
            return;
        }
        if (halves.applies(rows, inputs, outputs, activation)) {
            halves.forward(input, inputOffset, rows, inputs, weights, bias, outputs, activation, output);
            return;
        }
        gemm.multiply(GemmDriver.Product.FORWARD, input, inputOffset, inputs, 1, rows, inputs, weights, 0, outputs, 1,
                outputs, bias, 1f, activation, null, output);
        if (!activation.isElementwise()) Epilogues.softmaxRows(output, rows, outputs, tail);
    }

    /** Every panel of {@code W} for this blocking's row tiles, in one array (see {@link Packing#packPanels}). */
    @Override
    public PackedWeights pack(float[] weights, int inputs, int outputs) {
        return new PackedWeights(weights, inputs, outputs,
                Packing.packPanels(weights, inputs, outputs, blocking.rowTile.vectors), packedLayout);
    }

    /**
     * The forward product on weights this kind of kernels packed: through the GEMM with its panels read where
     * they lie, for few rows as for many, since packed panels stream from memory in one pass where a row of
     * {@code W} in place is a page apart from the next. Small products run as the scalar loops, as unpacked.
     */
    @Override
    public void forward(float[] input, int inputOffset, int rows, PackedWeights weights, float[] bias,
                        Activation activation, float[] output) {
        int inputs = weights.inputs();
        int outputs = weights.outputs();
        if (!packedLayout.equals(weights.layout()) || isSmall(rows, inputs, outputs)) {
            forward(input, inputOffset, rows, inputs, weights.weights(), bias, outputs, activation, output);
            return;
        }
        gemm.multiplyPacked(input, inputOffset, rows, inputs, weights.packed(), outputs, bias, activation, output);
        if (!activation.isElementwise()) Epilogues.softmaxRows(output, rows, outputs, tail);
    }

    /**
     * The forward product of fewer rows than one register tile, on a {@code W} so wide that the GEMM would pack it:
     * each row runs down {@code W} in place, four of its rows at a time, so {@code W} streams once per row where
     * packing would first copy all of it, a cost a few rows never repay (serving one row at a time is this case).
     */
    private void forwardFewRows(float[] input, int inputOffset, int rows, int inputs, float[] weights, float[] bias,
                                int outputs, Activation activation, float[] output) {
        int bound = SPECIES.loopBound(outputs);
        for (int r = 0; r < rows; r++) {
            int out = r * outputs;
            int in = inputOffset + r * inputs;
            System.arraycopy(bias, 0, output, out, outputs);
            int k = 0;
            for (; k + 4 <= inputs; k += 4) {
                float a0 = input[in + k];
                float a1 = input[in + k + 1];
                float a2 = input[in + k + 2];
                float a3 = input[in + k + 3];
                int w0 = k * outputs;
                int w1 = w0 + outputs;
                int w2 = w1 + outputs;
                int w3 = w2 + outputs;
                FloatVector b0 = FloatVector.broadcast(SPECIES, a0);
                FloatVector b1 = FloatVector.broadcast(SPECIES, a1);
                FloatVector b2 = FloatVector.broadcast(SPECIES, a2);
                FloatVector b3 = FloatVector.broadcast(SPECIES, a3);
                for (int j = 0; j < bound; j += LANES) {
                    FloatVector sum = FloatVector.fromArray(SPECIES, output, out + j);
                    sum = VECTOR_CLASS.cast(FloatVector.fromArray(SPECIES, weights, w0 + j)).fma(b0, sum);
                    sum = VECTOR_CLASS.cast(FloatVector.fromArray(SPECIES, weights, w1 + j)).fma(b1, sum);
                    sum = VECTOR_CLASS.cast(FloatVector.fromArray(SPECIES, weights, w2 + j)).fma(b2, sum);
                    sum = VECTOR_CLASS.cast(FloatVector.fromArray(SPECIES, weights, w3 + j)).fma(b3, sum);
                    VECTOR_CLASS.cast(sum).intoArray(output, out + j);
                }
                for (int j = bound; j < outputs; j++) {
                    float sum = Math.fma(weights[w0 + j], a0, output[out + j]);
                    sum = Math.fma(weights[w1 + j], a1, sum);
                    sum = Math.fma(weights[w2 + j], a2, sum);
                    output[out + j] = Math.fma(weights[w3 + j], a3, sum);
                }
            }
            for (; k < inputs; k++) {
                float a = input[in + k];
                int w = k * outputs;
                FloatVector b = FloatVector.broadcast(SPECIES, a);
                for (int j = 0; j < bound; j += LANES) {
                    VECTOR_CLASS.cast(FloatVector.fromArray(SPECIES, weights, w + j))
                            .fma(b, FloatVector.fromArray(SPECIES, output, out + j))
                            .intoArray(output, out + j);
                }
                for (int j = bound; j < outputs; j++) output[out + j] = Math.fma(weights[w + j], a, output[out + j]);
            }
        }
        if (activation.isElementwise()) {
            Epilogues.apply(Epilogues.Op.of(activation), output, 0, rows * outputs, tail);
        } else {
            Epilogues.softmaxRows(output, rows, outputs, tail);
        }
    }

    @Override
    public float outputDelta(float[] output, float[] target, int targetOffset, int count, float[] delta) {
        int bound = SPECIES.loopBound(count);
        float sum = 0f;
        // below one vector the accumulator is never used, and C2 then boxes it
        if (bound > 0) {
            FloatVector squares = FloatVector.zero(SPECIES);
            for (int i = 0; i < bound; i += LANES) {
                FloatVector d = VECTOR_CLASS.cast(FloatVector.fromArray(SPECIES, output, i))
                        .sub(FloatVector.fromArray(SPECIES, target, targetOffset + i));
                d.intoArray(delta, i);
                squares = d.fma(d, squares);
            }
            sum = VECTOR_CLASS.cast(squares).reduceLanes(VectorOperators.ADD);
        }
        // scalar tail
        for (int i = bound; i < count; i++) {
            float d = output[i] - target[targetOffset + i];
            delta[i] = d;
            sum += d * d;
        }
        return sum;
    }

    @Override
    public void backpropDelta(float[] delta, int rows, int outputs, float[] weights, int inputs,
                              float[] input, Activation inputActivation, float[] inputDelta) {
        if (isSmall(rows, outputs, inputs)) {
            scalar.backpropDelta(delta, rows, outputs, weights, inputs, input, inputActivation, inputDelta);
            return;
        }
        // W^T is packed panel by panel straight from W: no transposed copy of the whole matrix is made
        gemm.multiply(GemmDriver.Product.BACKWARD_DELTA, delta, 0, outputs, 1, rows, outputs, weights, 0, 1, outputs,
                inputs, null, 1f, inputActivation, input, inputDelta);
    }

    @Override
    public void addWeightGradient(float[] input, int inputOffset, float[] delta, int rows, int inputs, int outputs,
                                  float scale, float[] target) {
        if (isSmall(rows, inputs, outputs)) {
            scalar.addWeightGradient(input, inputOffset, delta, rows, inputs, outputs, scale, target);
            return;
        }
        // A^T by strides: tile row k, step r reads input[r * inputs + k] (or a copy of its tiles: Blocking
        // .packsColumnTiles)
        gemm.multiply(GemmDriver.Product.WEIGHT_GRADIENT, input, inputOffset, 1, inputs, inputs, rows, delta, 0,
                outputs, 1, outputs, null, scale, null, null, target);
    }

    @Override
    public void addColumnSums(float[] delta, int rows, int outputs, float scale, float[] target) {
        int bound = SPECIES.loopBound(outputs);
        for (int j = 0; j < bound; j += LANES) {
            FloatVector sum = FloatVector.zero(SPECIES);
            for (int r = 0; r < rows; r++) {
                sum = VECTOR_CLASS.cast(sum).add(FloatVector.fromArray(SPECIES, delta, r * outputs + j));
            }
            VECTOR_CLASS.cast(sum).mul(scale).add(FloatVector.fromArray(SPECIES, target, j)).intoArray(target, j);
        }
        // scalar tail: row by row into one sum per column, so that the columns' chains of adds overlap
        int rest = outputs - bound;
        if (rest == 0) return;
        Arrays.fill(tail, 0, rest, 0f);
        for (int r = 0; r < rows; r++) {
            for (int j = 0; j < rest; j++) tail[j] += delta[r * outputs + bound + j];
        }
        for (int j = 0; j < rest; j++) target[bound + j] += scale * tail[j];
    }

    @Override
    public void scale(float[] values, int count, float factor) {
        int bound = SPECIES.loopBound(count);
        for (int i = 0; i < bound; i += LANES) {
            VECTOR_CLASS.cast(FloatVector.fromArray(SPECIES, values, i)).mul(factor).intoArray(values, i);
        }
        // scalar tail
        for (int i = bound; i < count; i++) values[i] *= factor;
    }

    @Override
    public void addScaled(float[] target, float[] values, int count, float factor) {
        int bound = SPECIES.loopBound(count);
        for (int i = 0; i < bound; i += LANES) {
            VECTOR_CLASS.cast(FloatVector.fromArray(SPECIES, values, i)).mul(factor)
                    .add(FloatVector.fromArray(SPECIES, target, i)).intoArray(target, i);
        }
        // scalar tail
        for (int i = bound; i < count; i++) target[i] += factor * values[i];
    }

    @Override
    public void adamUpdate(float[] parameters, float[] gradients, float[] firstMoments, float[] secondMoments,
                           int count, AdamStep step) {
        OptimizerUpdates.adam(parameters, gradients, firstMoments, secondMoments, count, step);
    }

    @Override
    public Optional<FusedStep> fusedStep(int[] layerSizes, Activation[] activations, int rows) {
        if (blocking.twoLayerStep && TwoLayerStep.fits(layerSizes, activations, rows, blocking.oneVectorChunks)) {
            return Optional.of(new TwoLayerStep(layerSizes, activations, rows, blocking.oneVectorChunks));
        }
        if (OneVectorStep.fits(layerSizes, activations, rows, blocking.oneVectorChunks)) {
            return Optional.of(new OneVectorStep(layerSizes, activations, rows, blocking.oneVectorChunks));
        }
        if (SmallNetworkStep.fits(layerSizes, activations, rows, blocking.smallNetworkLayer)) {
            return Optional.of(new SmallNetworkStep(layerSizes, activations, rows));
        }
        return Optional.empty();
    }

    private boolean isSmall(int rows, int inner, int cols) {
        return (long) rows * inner * cols < blocking.smallProduct;
    }
}
