package backprop.kernel.vector;

import backprop.Activation;
import backprop.kernel.FusedStep;
import backprop.kernel.KernelProvider;
import backprop.kernel.Kernels;
import backprop.kernel.ScalarKernels;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

import java.lang.ref.Cleaner;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * The kernels on {@code jdk.incubator.vector}, method for method beside {@link ScalarKernels}. Loaded only by
 * reflection from {@link KernelProvider}, so nothing that runs without the module touches a vector type.
 *
 * <p>The three matrix products (forward, {@code dZ W^T}, {@code A^T dZ}) share one driver, {@link #multiply}: it
 * cuts the result into tiles of {@value #TILE_ROWS} rows by one panel of columns, packs each panel of the right-hand
 * matrix contiguously (zero-padded to whole vectors, transposing on the way for {@code W^T}; a forward product's
 * {@code W} with close rows is read in place instead), and runs a register-blocked micro-kernel that keeps a whole
 * tile of accumulators in registers. Each product differs only in
 * the strides it reads its operands with, where its accumulators start (the bias, zero, or the target itself, so
 * the weight gradient with {@code scale = -lr/m} is the SGD update) and what happens to a finished tile: the
 * activation (forward) or the activation-derivative product (backward delta), applied while the tile is in L1.
 *
 * <p>Why the shapes are what they are: an 8 x 3-vector tile needs 24 accumulators, 3 panel vectors and a broadcast,
 * 28 of the 32 AVX-512 registers, and does 24 FMAs per 11 loads. It measured 5-15% faster than the 6-row tile it
 * replaced (18 FMAs per 9 loads) on every product of the mnist and wide layers (KernelBenchmark, JDK 17). (With
 * only 16 vector registers, as on AVX2, either tile spills; this machine class has AVX-512.) The last panel of a
 * product is 1, 2 or 3 vectors wide as its columns need, so narrow layers (10 outputs, 32 hidden units) waste few
 * lanes; the three tiles are written out separately because accumulators must be named locals to stay in
 * registers. Partial
 * tiles (the last rows, the last columns) run the same kernel on a zero-padded copy and copy back only the valid
 * part, so no load or store ever reaches past a region or an array (on JDK 17 masked accesses that reach past an
 * array allocate). Products with fewer multiply-adds than {@link #smallProduct} run as the scalar kernels: there
 * packing, tiling and one-vector exps cost more than they save (the 2-4-1 XOR network).
 *
 * <p>A forward product with a tall, narrow {@code W} (mnist's first layer) runs as two halves of its inner
 * dimension, added before the activation ({@link #splitsInner}), so that on two threads each core reads only the
 * rows of {@code W} its share of the weight gradient updates.
 *
 * <p>The {@code scale} of a product rides on the packed panel, so the micro-kernel broadcasts {@code A} straight from
 * memory; that alone made the tiles about 1.4x faster than scaling the broadcast value.
 *
 * <p>Scratch arrays grow on first use for a shape and are reused after that, so training allocates nothing once
 * warm. An instance belongs to one trainer and is called from one thread; with {@code threads > 1} it splits large
 * products across its own worker threads (see {@link #multiplyPart}).
 */
public final class VectorKernels implements Kernels {

    static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
    private static final int LANES = SPECIES.length();
    /**
     * The concrete class of {@link #SPECIES}' vectors. C2 knows some vectors only as {@code FloatVector}s: a loop's or
     * a branch's result, and one fresh from a load or an operation, which C2 inlines late. A method called on such a
     * vector is bound through its type profile behind a class check, and C2 stops emitting those checks in a
     * compilation once the traps counted over everything it inlines pass {@code -XX:PerMethodTrapLimit} (100). The
     * JDK's own Vector API code traps in some runs (JDK 17: four or five times in {@code VectorOperators.opCode},
     * counted again for every vector operation inlined), and a register tile, a hundred operations, then ran with
     * every vector boxed: 5.5 GB an mnist epoch. So a loop's or a branch's result is cast to this class before a
     * method is called on it, and so is every vector the tiles or the XOR step store, every panel vector the tiles'
     * fmas are called on and every vector the XOR step's inner loops call a method on; the cast folds away once C2
     * has inlined the rest. VectorKernelsTrapPollutionTest makes the JDK trap and checks that neither allocates.
     */
    @SuppressWarnings("unchecked")
    static final Class<FloatVector> VECTOR_CLASS = (Class<FloatVector>) SPECIES.vectorType();
    private static final int TILE_ROWS = 8;
    /** {@code 0, 1, ..., LANES - 1}: compared with a count, the mask of a vector's first lanes. */
    private static final float[] LANE_INDEXES = new float[LANES];

    static {
        for (int i = 0; i < LANES; i++) LANE_INDEXES[i] = i;
    }
    /** Columns of a wide panel: three vectors. The last panel of a product may be one or two vectors. */
    private static final int WIDE = 3 * LANES;
    /**
     * Inner steps per pass over the row tiles, so the part of a panel they all read (here at most 1024 x 48 floats,
     * 192 KB) stays in L2. Blocking for L1 instead (256 or 128 steps) measured slower on 784- and 1024-deep
     * products on this machine class: the extra passes over the output cost more than the L2 reads they save.
     */
    static final int DEFAULT_INNER_BLOCK = 1024;
    /**
     * The widest row stride (floats) at which a product reads an unscaled row-major B (a forward product's W)
     * where it lies instead of packing it. KernelBenchmark forward, JDK 17: mnist's W (rows 512 B apart) read in
     * place measured as fast as packed or faster (127 vs 111-122 GFLOP/s in two alternating runs); wide's (4 KB
     * apart, so every row falls in the same cache sets) slower (94-101 vs 109-153).
     */
    private static final int DIRECT_ROW_STRIDE = 256;
    /** Units a thread's run of row tiles is cut into, per panel: what another thread can take over. */
    private static final int UNITS_PER_SHARE = 4;
    /** Longs between two parts' entries in {@link #shares}: a cache line, so that their claims don't contend. */
    private static final int SHARE_STRIDE = 8;
    /**
     * Multiply-adds below which a product runs as scalar loops: the crossover measured on shapes from 4x2x4 to
     * 8x32x16.
     */
    static final long DEFAULT_SMALL_PRODUCT = 512;
    /**
     * Multiply-adds below which a product stays on the calling thread, where waking the workers would cost more
     * than it saves. Even mnist's output-layer products (164k) pay for splitting: on the caller alone they ran
     * slower (delta product 15-17 vs 12-13 us, timing loop on two threads), half their input lying in the other
     * core's cache after the split product before them.
     */
    static final long DEFAULT_PARALLEL_PRODUCT = 1 << 16;

    /** Stops the workers of kernels nobody uses any more; its own thread starts only when threads are asked for. */
    private static final class WorkerCleaner {
        static final Cleaner CLEANER = Cleaner.create();
    }

    /** What happens to a finished tile of a product. */
    private enum Product {
        /** {@code bias + a W}, then the activation. */
        FORWARD,
        /** {@code (dZ W^T) * f'(input)}. */
        BACKWARD_DELTA,
        /** {@code target + scale * (A^T dZ)}. */
        WEIGHT_GRADIENT,
        /**
         * The second half of a forward product computed in two (see {@link #splitsInner}): {@code A B} from zero,
         * plus the first half's sum ({@code aux}), then the activation.
         */
        FORWARD_ADDED
    }

    /** Elementwise functions applied to whole vectors. */
    private enum Op {
        SIGMOID, TANH, RELU, EXP;

        static Op of(Activation activation) {
            switch (activation) {
                case SIGMOID: return SIGMOID;
                case TANH: return TANH;
                case RELU: return RELU;
                default: throw new IllegalArgumentException(activation + " is not elementwise");
            }
        }
    }

    /** The scratch one thread needs for its tiles; each worker has its own. */
    private static final class Scratch {
        float[] panel = new float[0];
        /** The panel {@link #panel} holds for the current product, or -1. */
        int packedPanel = -1;
        float[] shortRows = new float[0];
        final float[] tile = new float[TILE_ROWS * WIDE];
        final float[] auxTile = new float[TILE_ROWS * WIDE];
        final float[] panelBias = new float[WIDE];
    }

    private final long smallProduct;
    private final int innerBlock;
    private final long parallelProduct;
    private final ScalarKernels scalar = new ScalarKernels();
    private final Scratch[] scratch;
    private final KernelWorkers workers;
    private final KernelWorkers.Task productPart = this::multiplyPart;
    /** Per part of the current product: its next unclaimed unit (high half) and its end (low half). */
    private final AtomicLongArray shares;
    private final float[] zeros = new float[WIDE];
    /**
     * On two threads, one kernels of one thread for each half of a forward product split by {@link #splitsInner},
     * so that both halves run at once, each with its own product state and scratch; else null.
     */
    private final VectorKernels[] halfProducts;
    private final KernelWorkers.Task innerHalves = this::computeInnerHalf;
    private final KernelWorkers.Task halvesAdded = this::addHalves;
    /** The first half's sum of a forward product split by {@link #splitsInner}. */
    private float[] innerHalfSum = new float[0];
    private float[] zeroBias = new float[0];
    // the forward product being computed in halves
    private float[] halfInput;
    private int halfInputOffset;
    private int halfRows;
    private int halfInputs;
    private int halfSplit;
    private float[] halfWeights;
    private float[] halfBias;
    private int halfOutputs;
    private float[] halfOutput;
    private Op halfOp;
    private final float[] tail = new float[LANES];

    // the product being computed, read by every thread that takes part in it
    private Product product;
    private float[] a;
    private int aBase;
    private int aRowStride;
    private int aInnerStride;
    private int rows;
    private int inner;
    private float[] b;
    private int bBase;
    private int bInnerStride;
    private int bColStride;
    private int cols;
    private float[] bias;
    private float scale;
    private Activation activation;
    private Op op;
    private float[] aux;
    private float[] dst;
    private int panels;
    private int tiles;

    public VectorKernels() {
        this(1);
    }

    /**
     * Kernels that split each large product across {@code threads} threads: the caller and {@code threads - 1}
     * workers that live as long as these kernels. Every output element is computed by one thread in the same order
     * whatever the count, so the products are identical for any number of threads. (Exp and tanh, as on one
     * thread, can differ by an ulp while code still runs in the interpreter instead of C2's intrinsic.)
     */
    public VectorKernels(int threads) {
        this(DEFAULT_SMALL_PRODUCT, DEFAULT_INNER_BLOCK, threads, DEFAULT_PARALLEL_PRODUCT);
    }

    /**
     * For tests: {@code smallProduct = 0} sends every product, however small, through the vector path, a small
     * {@code innerBlock} makes small products take several inner blocks, and {@code parallelProduct = 0} splits
     * every product across the threads.
     */
    VectorKernels(long smallProduct, int innerBlock, int threads, long parallelProduct) {
        if (threads < 1) throw new IllegalArgumentException("threads must be at least 1, got " + threads);
        this.smallProduct = smallProduct;
        this.innerBlock = innerBlock;
        this.parallelProduct = parallelProduct;
        this.scratch = new Scratch[threads];
        this.shares = new AtomicLongArray(threads * SHARE_STRIDE);
        for (int t = 0; t < threads; t++) scratch[t] = new Scratch();
        if (threads > 1) {
            workers = new KernelWorkers(threads);
            WorkerCleaner.CLEANER.register(this, workers::close);
        } else {
            workers = null;
        }
        halfProducts = threads == 2
                ? new VectorKernels[] {new VectorKernels(smallProduct, innerBlock, 1, parallelProduct),
                        new VectorKernels(smallProduct, innerBlock, 1, parallelProduct)}
                : null;
    }

    @Override
    public String description() {
        String width = "vector, " + LANES + " x float (" + SPECIES.vectorBitSize() + "-bit)";
        return scratch.length == 1 ? width : width + ", " + scratch.length + " threads";
    }

    @Override
    public void forward(float[] input, int inputOffset, int rows, int inputs, float[] weights, float[] bias,
                        int outputs, Activation activation, float[] output) {
        if (isSmall(rows, inputs, outputs)) {
            // even the activation: one vector exp costs about as much as a dozen scalar ones that overlap
            scalar.forward(input, inputOffset, rows, inputs, weights, bias, outputs, activation, output);
            return;
        }
        if (splitsInner(rows, inputs, outputs, activation)) {
            forwardInHalves(input, inputOffset, rows, inputs, weights, bias, outputs, activation, output);
            return;
        }
        multiply(Product.FORWARD, input, inputOffset, inputs, 1, rows, inputs, weights, 0, outputs, 1, outputs,
                bias, 1f, activation, null, output);
        if (!activation.isElementwise()) softmaxRows(output, rows, outputs);
    }

    /**
     * Whether a forward product is computed as two halves of its inner dimension: when {@code W} is tall (at least
     * twice as many rows as the batch) and narrow (fewer than eight panels, so that two threads would share the
     * product by rows of the batch). Decided by the shape alone, so that any number of threads computes the same
     * sums. The threshold is the one for splitting across threads, so small products never pay for it.
     */
    private boolean splitsInner(int rows, int inputs, int outputs, Activation activation) {
        return activation.isElementwise() && inputs >= 2 * rows && inputs >= 2 * TILE_ROWS
                && (outputs + WIDE - 1) / WIDE < 8 && (long) rows * inputs * outputs >= parallelProduct;
    }

    /**
     * {@code f(bias + X W)} as {@code f(X[:, h:] W[h:, :] + (bias + X[:, :h] W[:h, :]))}: the first half into
     * {@link #innerHalfSum}, the second from zero, added to it with the activation as each tile finishes. On two
     * threads each half runs on its own core and {@code h} is where the weight gradient splits the rows of {@code W}
     * between them, so each core reads only the rows of {@code W} it updates; the sum and the activation follow in
     * a pass of their own, element for element the same. Split by rows of the batch instead, both cores read all
     * of {@code W} every step while each updates half of it, and half of {@code W} moved between the cores every
     * step. On one thread (or more than two) the halves run one after the other, each shared as any product is.
     */
    private void forwardInHalves(float[] input, int inputOffset, int rows, int inputs, float[] weights, float[] bias,
                                 int outputs, Activation activation, float[] output) {
        if (innerHalfSum.length < rows * outputs) innerHalfSum = new float[rows * outputs];
        // the weight gradient's split of W's rows between two threads: the first half of its row tiles
        int split = TILE_ROWS * ((inputs + TILE_ROWS - 1) / TILE_ROWS / 2);
        if (halfProducts == null) {
            multiply(Product.FORWARD, input, inputOffset, inputs, 1, rows, split, weights, 0, outputs, 1, outputs,
                    bias, 1f, null, null, innerHalfSum);
            multiply(Product.FORWARD_ADDED, input, inputOffset + split, inputs, 1, rows, inputs - split, weights,
                    split * outputs, outputs, 1, outputs, null, 1f, activation, innerHalfSum, output);
            return;
        }
        if (zeroBias.length < outputs) zeroBias = new float[outputs];
        halfInput = input;
        halfInputOffset = inputOffset;
        halfRows = rows;
        halfInputs = inputs;
        halfSplit = split;
        halfWeights = weights;
        halfBias = bias;
        halfOutputs = outputs;
        halfOutput = output;
        halfOp = Op.of(activation);
        workers.run(innerHalves);
        workers.run(halvesAdded);
        halfInput = halfWeights = halfBias = halfOutput = null;
    }

    /** On two threads: thread {@code half} computes that half of the product {@link #forwardInHalves} splits. */
    private void computeInnerHalf(int half, int halves) {
        if (half == 0) {
            halfProducts[0].multiply(Product.FORWARD, halfInput, halfInputOffset, halfInputs, 1, halfRows, halfSplit,
                    halfWeights, 0, halfOutputs, 1, halfOutputs, halfBias, 1f, null, null, innerHalfSum);
        } else {
            halfProducts[1].multiply(Product.FORWARD, halfInput, halfInputOffset + halfSplit, halfInputs, 1,
                    halfRows, halfInputs - halfSplit, halfWeights, halfSplit * halfOutputs, halfOutputs, 1,
                    halfOutputs, zeroBias, 1f, null, null, halfOutput);
        }
    }

    /**
     * Part {@code part} of {@code output = f(output + innerHalfSum)} after {@link #computeInnerHalf}: whole vectors
     * counted from the start of the output, the last part taking the tail too; every element gets the same sum and
     * the same vector activation as in the one-thread order.
     */
    private void addHalves(int part, int parts) {
        int count = halfRows * halfOutputs;
        int vectors = count / LANES;
        for (int v = vectors * part / parts; v < vectors * (part + 1) / parts; v++) {
            addAndApplyAt(halfOp, halfOutput, v * LANES, innerHalfSum, v * LANES);
        }
        if (part == parts - 1 && vectors * LANES < count) {
            for (int i = vectors * LANES; i < count; i++) halfOutput[i] += innerHalfSum[i];
            apply(halfOp, halfOutput, vectors * LANES, count - vectors * LANES);
        }
    }

    @Override
    public float outputDelta(float[] output, float[] target, int targetOffset, int count, float[] delta) {
        int bound = SPECIES.loopBound(count);
        float sum = 0f;
        // below one vector the accumulator is never used, and C2 then boxes it (120 B a call seen on JDK 17)
        if (bound > 0) {
            FloatVector squares = FloatVector.zero(SPECIES);
            for (int i = 0; i < bound; i += LANES) {
                FloatVector d = FloatVector.fromArray(SPECIES, output, i)
                        .sub(FloatVector.fromArray(SPECIES, target, targetOffset + i));
                d.intoArray(delta, i);
                squares = d.fma(d, squares);
            }
            sum = VECTOR_CLASS.cast(squares).reduceLanes(VectorOperators.ADD);
        }
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
        multiply(Product.BACKWARD_DELTA, delta, 0, outputs, 1, rows, outputs, weights, 0, 1, outputs, inputs,
                null, 1f, inputActivation, input, inputDelta);
    }

    @Override
    public void addWeightGradient(float[] input, int inputOffset, float[] delta, int rows, int inputs, int outputs,
                                  float scale, float[] target) {
        if (isSmall(rows, inputs, outputs)) {
            scalar.addWeightGradient(input, inputOffset, delta, rows, inputs, outputs, scale, target);
            return;
        }
        // A^T by strides: tile row k, step r reads input[r * inputs + k]
        multiply(Product.WEIGHT_GRADIENT, input, inputOffset, 1, inputs, inputs, rows, delta, 0, outputs, 1, outputs,
                null, scale, null, null, target);
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
        for (int j = bound; j < outputs; j++) {
            float sum = 0f;
            for (int r = 0; r < rows; r++) sum += delta[r * outputs + j];
            target[j] += scale * sum;
        }
    }

    @Override
    public void scale(float[] values, int count, float factor) {
        int bound = SPECIES.loopBound(count);
        for (int i = 0; i < bound; i += LANES) {
            FloatVector.fromArray(SPECIES, values, i).mul(factor).intoArray(values, i);
        }
        for (int i = bound; i < count; i++) values[i] *= factor;
    }

    @Override
    public void addScaled(float[] target, float[] values, int count, float factor) {
        int bound = SPECIES.loopBound(count);
        for (int i = 0; i < bound; i += LANES) {
            FloatVector.fromArray(SPECIES, values, i).mul(factor)
                    .add(FloatVector.fromArray(SPECIES, target, i)).intoArray(target, i);
        }
        for (int i = bound; i < count; i++) target[i] += factor * values[i];
    }

    @Override
    public Optional<FusedStep> fusedStep(int[] layerSizes, Activation[] activations, int rows) {
        return OneVectorStep.fits(layerSizes, activations, rows)
                ? Optional.of(new OneVectorStep(layerSizes, activations, rows)) : Optional.empty();
    }

    private boolean isSmall(int rows, int inner, int cols) {
        return (long) rows * inner * cols < smallProduct;
    }

    /**
     * {@code dst (rows x cols) = finish(base + A (scale B))}, where {@code A(i, p) = a[aBase + i * aRowStride + p *
     * aInnerStride]} and {@code B(p, c) = b[bBase + p * bInnerStride + c * bColStride]}, {@code p < inner}. The base
     * is the bias (forward), zero (backward delta, the second half of a forward product) or {@code dst} itself
     * (weight gradient); {@code aux}, shaped like {@code dst}, is the layer output whose derivative the backward
     * delta multiplies in, or the first half's sum that the second half adds.
     */
    private void multiply(Product product, float[] a, int aBase, int aRowStride, int aInnerStride, int rows, int inner,
                          float[] b, int bBase, int bInnerStride, int bColStride, int cols,
                          float[] bias, float scale, Activation activation, float[] aux, float[] dst) {
        this.product = product;
        this.a = a;
        this.aBase = aBase;
        this.aRowStride = aRowStride;
        this.aInnerStride = aInnerStride;
        this.rows = rows;
        this.inner = inner;
        this.b = b;
        this.bBase = bBase;
        this.bInnerStride = bInnerStride;
        this.bColStride = bColStride;
        this.cols = cols;
        this.bias = bias;
        this.scale = scale;
        this.activation = activation;
        this.op = activation != null && activation.isElementwise() ? Op.of(activation) : null;
        this.aux = aux;
        this.dst = dst;
        this.panels = (cols + WIDE - 1) / WIDE;
        this.tiles = (rows + TILE_ROWS - 1) / TILE_ROWS;
        int parts = workers == null || (long) rows * inner * cols < parallelProduct ? 1 : workers.parts();
        for (int part = 0; part < parts; part++) shares.set(part * SHARE_STRIDE, unitsOf(part, parts));
        if (parts == 1) {
            multiplyPart(0, 1);
        } else {
            workers.run(productPart);
        }
        // drop the references, so these kernels keep no caller's arrays alive
        this.a = this.b = this.bias = this.aux = this.dst = null;
    }

    /**
     * Part {@code part} of {@code parts} of the current product. Each part owns a share: some column panels when
     * there are plenty (each thread then packs only its own), else a run of row tiles across all panels, the same
     * rows in every product of a step, so that a layer's rows are read by the core that wrote them. A share is cut
     * into units; a thread runs its own from the front, then takes what is left of the others' from their backs:
     * on a shared machine one thread is often held up for a while, and the other then finishes its work instead
     * of waiting for it. Every tile is still computed whole by one thread, in the same order, so the result does
     * not depend on who computed what.
     */
    private void multiplyPart(int part, int parts) {
        Scratch s = scratch[part];
        s.packedPanel = -1;
        for (int n = 0; n < parts; n++) {
            int owner = (part + n) % parts;
            for (int unit = claim(owner, owner == part); unit >= 0; unit = claim(owner, owner == part)) {
                runUnit(s, owner, parts, unit);
            }
        }
    }

    /** How the current product is shared out: by column panels, or by row tiles across all panels. */
    private boolean splitsPanels(int parts) {
        return parts == 1 || panels >= 4 * parts;
    }

    private int unitsOf(int owner, int parts) {
        if (splitsPanels(parts)) return panels * (owner + 1) / parts - panels * owner / parts;
        int ownTiles = tiles * (owner + 1) / parts - tiles * owner / parts;
        int perUnit = tilesPerUnit(ownTiles);
        return panels * ((ownTiles + perUnit - 1) / perUnit);
    }

    /** A run of row tiles is cut into about {@value #UNITS_PER_SHARE} units per panel. */
    private static int tilesPerUnit(int ownTiles) {
        return Math.max(1, (ownTiles + UNITS_PER_SHARE - 1) / UNITS_PER_SHARE);
    }

    /** Unit {@code unit} of {@code owner}'s share: a whole panel, or one panel by a run of the owner's row tiles. */
    private void runUnit(Scratch s, int owner, int parts, int unit) {
        if (splitsPanels(parts)) {
            multiplyRange(s, panels * owner / parts + unit, 0, tiles);
            return;
        }
        int firstOwnTile = tiles * owner / parts;
        int endOwnTile = tiles * (owner + 1) / parts;
        int perUnit = tilesPerUnit(endOwnTile - firstOwnTile);
        int unitsPerPanel = (endOwnTile - firstOwnTile + perUnit - 1) / perUnit;
        int firstTile = firstOwnTile + unit % unitsPerPanel * perUnit;
        multiplyRange(s, unit / unitsPerPanel, firstTile, Math.min(endOwnTile, firstTile + perUnit));
    }

    /**
     * The next unclaimed unit of {@code owner}'s share, from its front (the owner) or its back (another thread);
     * -1 when none is left. A share's next and end units are packed in one long, so both ends move atomically.
     */
    private int claim(int owner, boolean front) {
        int at = owner * SHARE_STRIDE;
        while (true) {
            long range = shares.get(at);
            int next = (int) (range >>> 32);
            int end = (int) range;
            if (next >= end) return -1;
            long claimed = front ? range + (1L << 32) : range - 1;
            if (shares.compareAndSet(at, range, claimed)) return front ? next : end - 1;
        }
    }

    /**
     * Row tiles {@code firstTile..endTile-1} of column panel {@code q} of the current product. Every panel but the
     * last is {@link #WIDE}; the last is as many vectors (1 to 3) as the columns left need.
     */
    private void multiplyRange(Scratch s, int q, int firstTile, int endTile) {
        int j0 = q * WIDE;
        int width = cols - j0 > 2 * LANES ? WIDE : cols - j0 > LANES ? 2 * LANES : LANES;
        int valid = Math.min(width, cols - j0);
        // B read where it lies when the pack would only copy it (forward: W's rows hold whole vectors of the
        // panel) and its rows are close; see DIRECT_ROW_STRIDE
        boolean direct = bColStride == 1 && scale == 1f && valid == width && bInnerStride <= DIRECT_ROW_STRIDE;
        if (!direct && s.packedPanel != q) {
            packPanel(s, b, bBase + j0 * bColStride, bInnerStride, bColStride, inner, valid, width, scale);
            s.packedPanel = q;
        }
        float[] panel = direct ? b : s.panel;
        int panelBase = direct ? bBase + j0 : 0;
        int panelStride = direct ? bInnerStride : width;
        if (product == Product.FORWARD) {
            System.arraycopy(bias, j0, s.panelBias, 0, valid);
            Arrays.fill(s.panelBias, valid, width, 0f);
        }
        // the inner dimension in blocks, so the block of the panel every row tile reads stays in cache
        for (int p0 = 0; p0 < inner; p0 += innerBlock) {
            int depth = Math.min(innerBlock, inner - p0);
            boolean first = p0 == 0;
            boolean last = p0 + depth == inner;
            boolean startFromDst = !first || product == Product.WEIGHT_GRADIENT;
            for (int i0 = firstTile * TILE_ROWS; i0 < Math.min(rows, endTile * TILE_ROWS); i0 += TILE_ROWS) {
                int tileRows = Math.min(TILE_ROWS, rows - i0);
                int dstOffset = i0 * cols + j0;
                // a partial tile is computed whole in scratch; only its valid part is copied in and out, and
                // finished: the vectors that hold valid rows and columns (whole vectors, still inside the tile)
                boolean whole = tileRows == TILE_ROWS && valid == width;
                float[] out = whole ? dst : s.tile;
                int outOffset = whole ? dstOffset : 0;
                int outStride = whole ? cols : width;
                if (!whole && startFromDst) copyBlock(dst, dstOffset, cols, s.tile, 0, width, tileRows, valid);

                float[] left = a;
                int leftOffset = aBase + i0 * aRowStride + p0 * aInnerStride;
                int leftRowStride = aRowStride;
                int leftInnerStride = aInnerStride;
                // the tiles read A by rows (inner stride 1) or by columns (row stride 1); other strides are packed
                if (tileRows < TILE_ROWS || (aInnerStride != 1 && aRowStride != 1)) {
                    packShortRows(s, a, leftOffset, aRowStride, aInnerStride, tileRows, depth);
                    left = s.shortRows;
                    leftOffset = 0;
                    leftRowStride = depth;
                    leftInnerStride = 1;
                }
                float[] base = startFromDst ? out : product == Product.FORWARD ? s.panelBias : zeros;
                int baseOffset = startFromDst ? outOffset : 0;
                int baseStride = startFromDst ? outStride : 0;
                if (width == WIDE) {
                    wideTile(left, leftOffset, leftRowStride, leftInnerStride, panel, panelBase + p0 * panelStride,
                            panelStride, depth, base, baseOffset, baseStride, out, outOffset, outStride);
                } else if (width == 2 * LANES) {
                    doubleTile(left, leftOffset, leftRowStride, leftInnerStride, panel, panelBase + p0 * panelStride,
                            panelStride, depth, base, baseOffset, baseStride, out, outOffset, outStride);
                } else {
                    narrowTile(left, leftOffset, leftRowStride, leftInnerStride, panel, panelBase + p0 * panelStride,
                            panelStride, depth, base, baseOffset, baseStride, out, outOffset, outStride);
                }
                if (last && product == Product.FORWARD && op != null) {
                    for (int i = 0; i < tileRows; i++) {
                        for (int c = 0; c < valid; c += LANES) applyAt(op, out, outOffset + i * outStride + c);
                    }
                } else if (last && (product == Product.BACKWARD_DELTA || product == Product.FORWARD_ADDED)) {
                    float[] outAux = aux;
                    if (!whole) {
                        copyBlock(aux, dstOffset, cols, s.auxTile, 0, width, tileRows, valid);
                        outAux = s.auxTile;
                    }
                    for (int i = 0; i < tileRows; i++) {
                        for (int c = 0; c < valid; c += LANES) {
                            int at = outOffset + i * outStride + c;
                            if (product == Product.BACKWARD_DELTA) {
                                multiplyByDerivativeAt(activation, out, at, outAux, at);
                            } else {
                                addAndApplyAt(op, out, at, outAux, at);
                            }
                        }
                    }
                }
                if (!whole) copyBlock(s.tile, 0, width, dst, dstOffset, cols, tileRows, valid);
            }
        }
    }

    /**
     * {@code panel[p * width + c] = scale * B(p, j0 + c)} for the valid columns, zero for the rest of the width. The
     * scale rides on the packing copy so that the micro-kernel can broadcast {@code A} straight from memory.
     */
    private static void packPanel(Scratch s, float[] b, int offset, int innerStride, int colStride, int inner,
                                  int valid, int width, float scale) {
        if (s.panel.length < inner * width) s.panel = new float[inner * WIDE];
        float[] panel = s.panel;
        if (colStride == 1) {
            // vector copies: panel rows are a few vectors long, too short for arraycopy's fixed cost to pay
            int copied = SPECIES.loopBound(valid);
            int partial = valid - copied;
            int zeroFrom = partial == 0 ? valid : copied + LANES;
            // a partial last vector (mnist's 10 outputs) is loaded whole, its lanes past the valid columns zeroed,
            // on every row where that load ends inside the region (the panel's last row ends where B's does):
            // element by element, this pack was a fifth of mnist's 128 x 128 x 10 products
            int room = (inner - 1) * innerStride + partial - LANES;
            int vectorRows = partial == 0 || room < 0 ? 0 : Math.min(inner, room / innerStride + 1);
            for (int p = 0; p < inner; p++) {
                int from = offset + p * innerStride;
                int to = p * width;
                for (int c = 0; c < copied; c += LANES) {
                    FloatVector.fromArray(SPECIES, b, from + c).mul(scale).intoArray(panel, to + c);
                }
                if (p < vectorRows) {
                    FloatVector row = FloatVector.fromArray(SPECIES, b, from + copied).mul(scale);
                    VectorMask<Float> inside = FloatVector.fromArray(SPECIES, LANE_INDEXES, 0)
                            .compare(VectorOperators.LT, (float) partial);
                    VECTOR_CLASS.cast(FloatVector.zero(SPECIES).blend(row, inside)).intoArray(panel, to + copied);
                } else {
                    for (int c = copied; c < zeroFrom; c++) panel[to + c] = c < valid ? scale * b[from + c] : 0f;
                }
                for (int c = zeroFrom; c < width; c += LANES) FloatVector.zero(SPECIES).intoArray(panel, to + c);
            }
        } else {
            // a transposing pack (W^T): eight source rows walked together, each panel row getting eight adjacent
            // floats at a time. Packing all of wide's 1024 x 1024 W^T (timing loop, JDK 17 / 25): 0.41 / 0.42 ms,
            // against 0.89 / 0.76 ms one source row at a time (a store to a new cache line every element); vector
            // gathers were slower still, and a 16 x 16 in-register transpose ran 18 ms on JDK 17 (its rearranges
            // fell back to Java code) though 0.20 ms on JDK 25
            int c = 0;
            for (; c + 8 <= valid; c += 8) {
                int from = offset + c * colStride;
                for (int p = 0; p < inner; p++) {
                    int to = p * width + c;
                    int at = from + p * innerStride;
                    panel[to] = scale * b[at];
                    panel[to + 1] = scale * b[at + colStride];
                    panel[to + 2] = scale * b[at + 2 * colStride];
                    panel[to + 3] = scale * b[at + 3 * colStride];
                    panel[to + 4] = scale * b[at + 4 * colStride];
                    panel[to + 5] = scale * b[at + 5 * colStride];
                    panel[to + 6] = scale * b[at + 6 * colStride];
                    panel[to + 7] = scale * b[at + 7 * colStride];
                }
            }
            for (; c < valid; c++) {
                int from = offset + c * colStride;
                for (int p = 0; p < inner; p++) panel[p * width + c] = scale * b[from + p * innerStride];
            }
            for (c = valid; c < width; c++) {
                for (int p = 0; p < inner; p++) panel[p * width + c] = 0f;
            }
        }
    }

    /** The last rows of {@code A}, fewer than a tile, as a contiguous zero-padded tile's worth. */
    private static void packShortRows(Scratch s, float[] a, int offset, int rowStride, int innerStride, int rows,
                                      int inner) {
        if (s.shortRows.length < TILE_ROWS * inner) s.shortRows = new float[TILE_ROWS * inner];
        float[] shortRows = s.shortRows;
        for (int i = 0; i < rows; i++) {
            for (int p = 0; p < inner; p++) shortRows[i * inner + p] = a[offset + i * rowStride + p * innerStride];
        }
        Arrays.fill(shortRows, rows * inner, TILE_ROWS * inner, 0f);
    }

    private static void copyBlock(float[] from, int fromOffset, int fromStride, float[] to, int toOffset, int toStride,
                                  int rows, int cols) {
        for (int i = 0; i < rows; i++) {
            System.arraycopy(from, fromOffset + i * fromStride, to, toOffset + i * toStride, cols);
        }
    }

    /** One 8-row x 3-vector tile: {@code out = base + sum_p A(i, p) panel(p, c)}, accumulators in registers. */
    private static void wideTile(float[] a, int aOffset, int aRowStride, int aInnerStride,
                                 float[] panel, int panelOffset, int panelStride, int inner,
                                 float[] base, int baseOffset, int baseStride,
                                 float[] out, int outOffset, int outStride) {
        int q0 = baseOffset + 0 * baseStride;
        int q1 = baseOffset + 1 * baseStride;
        int q2 = baseOffset + 2 * baseStride;
        int q3 = baseOffset + 3 * baseStride;
        int q4 = baseOffset + 4 * baseStride;
        int q5 = baseOffset + 5 * baseStride;
        int q6 = baseOffset + 6 * baseStride;
        int q7 = baseOffset + 7 * baseStride;
        FloatVector c00 = FloatVector.fromArray(SPECIES, base, q0);
        FloatVector c01 = FloatVector.fromArray(SPECIES, base, q0 + 1 * LANES);
        FloatVector c02 = FloatVector.fromArray(SPECIES, base, q0 + 2 * LANES);
        FloatVector c10 = FloatVector.fromArray(SPECIES, base, q1);
        FloatVector c11 = FloatVector.fromArray(SPECIES, base, q1 + 1 * LANES);
        FloatVector c12 = FloatVector.fromArray(SPECIES, base, q1 + 2 * LANES);
        FloatVector c20 = FloatVector.fromArray(SPECIES, base, q2);
        FloatVector c21 = FloatVector.fromArray(SPECIES, base, q2 + 1 * LANES);
        FloatVector c22 = FloatVector.fromArray(SPECIES, base, q2 + 2 * LANES);
        FloatVector c30 = FloatVector.fromArray(SPECIES, base, q3);
        FloatVector c31 = FloatVector.fromArray(SPECIES, base, q3 + 1 * LANES);
        FloatVector c32 = FloatVector.fromArray(SPECIES, base, q3 + 2 * LANES);
        FloatVector c40 = FloatVector.fromArray(SPECIES, base, q4);
        FloatVector c41 = FloatVector.fromArray(SPECIES, base, q4 + 1 * LANES);
        FloatVector c42 = FloatVector.fromArray(SPECIES, base, q4 + 2 * LANES);
        FloatVector c50 = FloatVector.fromArray(SPECIES, base, q5);
        FloatVector c51 = FloatVector.fromArray(SPECIES, base, q5 + 1 * LANES);
        FloatVector c52 = FloatVector.fromArray(SPECIES, base, q5 + 2 * LANES);
        FloatVector c60 = FloatVector.fromArray(SPECIES, base, q6);
        FloatVector c61 = FloatVector.fromArray(SPECIES, base, q6 + 1 * LANES);
        FloatVector c62 = FloatVector.fromArray(SPECIES, base, q6 + 2 * LANES);
        FloatVector c70 = FloatVector.fromArray(SPECIES, base, q7);
        FloatVector c71 = FloatVector.fromArray(SPECIES, base, q7 + 1 * LANES);
        FloatVector c72 = FloatVector.fromArray(SPECIES, base, q7 + 2 * LANES);
        // two loops that differ only in how they find A(i, p), each in the form C2 range-checks cheaply: rows of
        // A that are contiguous (forward, backward delta) are checked once before the loop; A read down its
        // columns (the weight gradient, rows adjacent) needs one check per step for all eight rows. The fmas are
        // called on the panel vectors, cast to VECTOR_CLASS (a broadcast per row would need eight casts, and its
        // JDK code is inlined late); b * x + c is x * b + c exactly
        if (aInnerStride == 1) {
            int a0 = aOffset + 0 * aRowStride;
            int a1 = aOffset + 1 * aRowStride;
            int a2 = aOffset + 2 * aRowStride;
            int a3 = aOffset + 3 * aRowStride;
            int a4 = aOffset + 4 * aRowStride;
            int a5 = aOffset + 5 * aRowStride;
            int a6 = aOffset + 6 * aRowStride;
            int a7 = aOffset + 7 * aRowStride;
            for (int p = 0; p < inner; p++) {
                int at = panelOffset + p * panelStride;
                FloatVector b0 = VECTOR_CLASS.cast(FloatVector.fromArray(SPECIES, panel, at));
                FloatVector b1 = VECTOR_CLASS.cast(FloatVector.fromArray(SPECIES, panel, at + 1 * LANES));
                FloatVector b2 = VECTOR_CLASS.cast(FloatVector.fromArray(SPECIES, panel, at + 2 * LANES));
                FloatVector x;
                x = FloatVector.broadcast(SPECIES, a[a0 + p]);
                c00 = b0.fma(x, c00); c01 = b1.fma(x, c01); c02 = b2.fma(x, c02);
                x = FloatVector.broadcast(SPECIES, a[a1 + p]);
                c10 = b0.fma(x, c10); c11 = b1.fma(x, c11); c12 = b2.fma(x, c12);
                x = FloatVector.broadcast(SPECIES, a[a2 + p]);
                c20 = b0.fma(x, c20); c21 = b1.fma(x, c21); c22 = b2.fma(x, c22);
                x = FloatVector.broadcast(SPECIES, a[a3 + p]);
                c30 = b0.fma(x, c30); c31 = b1.fma(x, c31); c32 = b2.fma(x, c32);
                x = FloatVector.broadcast(SPECIES, a[a4 + p]);
                c40 = b0.fma(x, c40); c41 = b1.fma(x, c41); c42 = b2.fma(x, c42);
                x = FloatVector.broadcast(SPECIES, a[a5 + p]);
                c50 = b0.fma(x, c50); c51 = b1.fma(x, c51); c52 = b2.fma(x, c52);
                x = FloatVector.broadcast(SPECIES, a[a6 + p]);
                c60 = b0.fma(x, c60); c61 = b1.fma(x, c61); c62 = b2.fma(x, c62);
                x = FloatVector.broadcast(SPECIES, a[a7 + p]);
                c70 = b0.fma(x, c70); c71 = b1.fma(x, c71); c72 = b2.fma(x, c72);
            }
        } else {
            for (int p = 0; p < inner; p++) {
                int at = panelOffset + p * panelStride;
                FloatVector b0 = VECTOR_CLASS.cast(FloatVector.fromArray(SPECIES, panel, at));
                FloatVector b1 = VECTOR_CLASS.cast(FloatVector.fromArray(SPECIES, panel, at + 1 * LANES));
                FloatVector b2 = VECTOR_CLASS.cast(FloatVector.fromArray(SPECIES, panel, at + 2 * LANES));
                int q = aOffset + p * aInnerStride;
                FloatVector x;
                x = FloatVector.broadcast(SPECIES, a[q + 0]);
                c00 = b0.fma(x, c00); c01 = b1.fma(x, c01); c02 = b2.fma(x, c02);
                x = FloatVector.broadcast(SPECIES, a[q + 1]);
                c10 = b0.fma(x, c10); c11 = b1.fma(x, c11); c12 = b2.fma(x, c12);
                x = FloatVector.broadcast(SPECIES, a[q + 2]);
                c20 = b0.fma(x, c20); c21 = b1.fma(x, c21); c22 = b2.fma(x, c22);
                x = FloatVector.broadcast(SPECIES, a[q + 3]);
                c30 = b0.fma(x, c30); c31 = b1.fma(x, c31); c32 = b2.fma(x, c32);
                x = FloatVector.broadcast(SPECIES, a[q + 4]);
                c40 = b0.fma(x, c40); c41 = b1.fma(x, c41); c42 = b2.fma(x, c42);
                x = FloatVector.broadcast(SPECIES, a[q + 5]);
                c50 = b0.fma(x, c50); c51 = b1.fma(x, c51); c52 = b2.fma(x, c52);
                x = FloatVector.broadcast(SPECIES, a[q + 6]);
                c60 = b0.fma(x, c60); c61 = b1.fma(x, c61); c62 = b2.fma(x, c62);
                x = FloatVector.broadcast(SPECIES, a[q + 7]);
                c70 = b0.fma(x, c70); c71 = b1.fma(x, c71); c72 = b2.fma(x, c72);
            }
        }
        int o0 = outOffset + 0 * outStride;
        VECTOR_CLASS.cast(c00).intoArray(out, o0);
        VECTOR_CLASS.cast(c01).intoArray(out, o0 + 1 * LANES);
        VECTOR_CLASS.cast(c02).intoArray(out, o0 + 2 * LANES);
        int o1 = outOffset + 1 * outStride;
        VECTOR_CLASS.cast(c10).intoArray(out, o1);
        VECTOR_CLASS.cast(c11).intoArray(out, o1 + 1 * LANES);
        VECTOR_CLASS.cast(c12).intoArray(out, o1 + 2 * LANES);
        int o2 = outOffset + 2 * outStride;
        VECTOR_CLASS.cast(c20).intoArray(out, o2);
        VECTOR_CLASS.cast(c21).intoArray(out, o2 + 1 * LANES);
        VECTOR_CLASS.cast(c22).intoArray(out, o2 + 2 * LANES);
        int o3 = outOffset + 3 * outStride;
        VECTOR_CLASS.cast(c30).intoArray(out, o3);
        VECTOR_CLASS.cast(c31).intoArray(out, o3 + 1 * LANES);
        VECTOR_CLASS.cast(c32).intoArray(out, o3 + 2 * LANES);
        int o4 = outOffset + 4 * outStride;
        VECTOR_CLASS.cast(c40).intoArray(out, o4);
        VECTOR_CLASS.cast(c41).intoArray(out, o4 + 1 * LANES);
        VECTOR_CLASS.cast(c42).intoArray(out, o4 + 2 * LANES);
        int o5 = outOffset + 5 * outStride;
        VECTOR_CLASS.cast(c50).intoArray(out, o5);
        VECTOR_CLASS.cast(c51).intoArray(out, o5 + 1 * LANES);
        VECTOR_CLASS.cast(c52).intoArray(out, o5 + 2 * LANES);
        int o6 = outOffset + 6 * outStride;
        VECTOR_CLASS.cast(c60).intoArray(out, o6);
        VECTOR_CLASS.cast(c61).intoArray(out, o6 + 1 * LANES);
        VECTOR_CLASS.cast(c62).intoArray(out, o6 + 2 * LANES);
        int o7 = outOffset + 7 * outStride;
        VECTOR_CLASS.cast(c70).intoArray(out, o7);
        VECTOR_CLASS.cast(c71).intoArray(out, o7 + 1 * LANES);
        VECTOR_CLASS.cast(c72).intoArray(out, o7 + 2 * LANES);
    }

    /** One 8-row x 2-vector tile. */
    private static void doubleTile(float[] a, int aOffset, int aRowStride, int aInnerStride,
                                 float[] panel, int panelOffset, int panelStride, int inner,
                                 float[] base, int baseOffset, int baseStride,
                                 float[] out, int outOffset, int outStride) {
        int q0 = baseOffset + 0 * baseStride;
        int q1 = baseOffset + 1 * baseStride;
        int q2 = baseOffset + 2 * baseStride;
        int q3 = baseOffset + 3 * baseStride;
        int q4 = baseOffset + 4 * baseStride;
        int q5 = baseOffset + 5 * baseStride;
        int q6 = baseOffset + 6 * baseStride;
        int q7 = baseOffset + 7 * baseStride;
        FloatVector c00 = FloatVector.fromArray(SPECIES, base, q0);
        FloatVector c01 = FloatVector.fromArray(SPECIES, base, q0 + 1 * LANES);
        FloatVector c10 = FloatVector.fromArray(SPECIES, base, q1);
        FloatVector c11 = FloatVector.fromArray(SPECIES, base, q1 + 1 * LANES);
        FloatVector c20 = FloatVector.fromArray(SPECIES, base, q2);
        FloatVector c21 = FloatVector.fromArray(SPECIES, base, q2 + 1 * LANES);
        FloatVector c30 = FloatVector.fromArray(SPECIES, base, q3);
        FloatVector c31 = FloatVector.fromArray(SPECIES, base, q3 + 1 * LANES);
        FloatVector c40 = FloatVector.fromArray(SPECIES, base, q4);
        FloatVector c41 = FloatVector.fromArray(SPECIES, base, q4 + 1 * LANES);
        FloatVector c50 = FloatVector.fromArray(SPECIES, base, q5);
        FloatVector c51 = FloatVector.fromArray(SPECIES, base, q5 + 1 * LANES);
        FloatVector c60 = FloatVector.fromArray(SPECIES, base, q6);
        FloatVector c61 = FloatVector.fromArray(SPECIES, base, q6 + 1 * LANES);
        FloatVector c70 = FloatVector.fromArray(SPECIES, base, q7);
        FloatVector c71 = FloatVector.fromArray(SPECIES, base, q7 + 1 * LANES);
        // the two forms of wideTile's loop, for contiguous rows of A and for A read down its columns
        if (aInnerStride == 1) {
            int a0 = aOffset + 0 * aRowStride;
            int a1 = aOffset + 1 * aRowStride;
            int a2 = aOffset + 2 * aRowStride;
            int a3 = aOffset + 3 * aRowStride;
            int a4 = aOffset + 4 * aRowStride;
            int a5 = aOffset + 5 * aRowStride;
            int a6 = aOffset + 6 * aRowStride;
            int a7 = aOffset + 7 * aRowStride;
            for (int p = 0; p < inner; p++) {
                int at = panelOffset + p * panelStride;
                FloatVector b0 = VECTOR_CLASS.cast(FloatVector.fromArray(SPECIES, panel, at));
                FloatVector b1 = VECTOR_CLASS.cast(FloatVector.fromArray(SPECIES, panel, at + 1 * LANES));
                FloatVector x;
                x = FloatVector.broadcast(SPECIES, a[a0 + p]);
                c00 = b0.fma(x, c00); c01 = b1.fma(x, c01);
                x = FloatVector.broadcast(SPECIES, a[a1 + p]);
                c10 = b0.fma(x, c10); c11 = b1.fma(x, c11);
                x = FloatVector.broadcast(SPECIES, a[a2 + p]);
                c20 = b0.fma(x, c20); c21 = b1.fma(x, c21);
                x = FloatVector.broadcast(SPECIES, a[a3 + p]);
                c30 = b0.fma(x, c30); c31 = b1.fma(x, c31);
                x = FloatVector.broadcast(SPECIES, a[a4 + p]);
                c40 = b0.fma(x, c40); c41 = b1.fma(x, c41);
                x = FloatVector.broadcast(SPECIES, a[a5 + p]);
                c50 = b0.fma(x, c50); c51 = b1.fma(x, c51);
                x = FloatVector.broadcast(SPECIES, a[a6 + p]);
                c60 = b0.fma(x, c60); c61 = b1.fma(x, c61);
                x = FloatVector.broadcast(SPECIES, a[a7 + p]);
                c70 = b0.fma(x, c70); c71 = b1.fma(x, c71);
            }
        } else {
            for (int p = 0; p < inner; p++) {
                int at = panelOffset + p * panelStride;
                FloatVector b0 = VECTOR_CLASS.cast(FloatVector.fromArray(SPECIES, panel, at));
                FloatVector b1 = VECTOR_CLASS.cast(FloatVector.fromArray(SPECIES, panel, at + 1 * LANES));
                int q = aOffset + p * aInnerStride;
                FloatVector x;
                x = FloatVector.broadcast(SPECIES, a[q + 0]);
                c00 = b0.fma(x, c00); c01 = b1.fma(x, c01);
                x = FloatVector.broadcast(SPECIES, a[q + 1]);
                c10 = b0.fma(x, c10); c11 = b1.fma(x, c11);
                x = FloatVector.broadcast(SPECIES, a[q + 2]);
                c20 = b0.fma(x, c20); c21 = b1.fma(x, c21);
                x = FloatVector.broadcast(SPECIES, a[q + 3]);
                c30 = b0.fma(x, c30); c31 = b1.fma(x, c31);
                x = FloatVector.broadcast(SPECIES, a[q + 4]);
                c40 = b0.fma(x, c40); c41 = b1.fma(x, c41);
                x = FloatVector.broadcast(SPECIES, a[q + 5]);
                c50 = b0.fma(x, c50); c51 = b1.fma(x, c51);
                x = FloatVector.broadcast(SPECIES, a[q + 6]);
                c60 = b0.fma(x, c60); c61 = b1.fma(x, c61);
                x = FloatVector.broadcast(SPECIES, a[q + 7]);
                c70 = b0.fma(x, c70); c71 = b1.fma(x, c71);
            }
        }
        int o0 = outOffset + 0 * outStride;
        VECTOR_CLASS.cast(c00).intoArray(out, o0);
        VECTOR_CLASS.cast(c01).intoArray(out, o0 + 1 * LANES);
        int o1 = outOffset + 1 * outStride;
        VECTOR_CLASS.cast(c10).intoArray(out, o1);
        VECTOR_CLASS.cast(c11).intoArray(out, o1 + 1 * LANES);
        int o2 = outOffset + 2 * outStride;
        VECTOR_CLASS.cast(c20).intoArray(out, o2);
        VECTOR_CLASS.cast(c21).intoArray(out, o2 + 1 * LANES);
        int o3 = outOffset + 3 * outStride;
        VECTOR_CLASS.cast(c30).intoArray(out, o3);
        VECTOR_CLASS.cast(c31).intoArray(out, o3 + 1 * LANES);
        int o4 = outOffset + 4 * outStride;
        VECTOR_CLASS.cast(c40).intoArray(out, o4);
        VECTOR_CLASS.cast(c41).intoArray(out, o4 + 1 * LANES);
        int o5 = outOffset + 5 * outStride;
        VECTOR_CLASS.cast(c50).intoArray(out, o5);
        VECTOR_CLASS.cast(c51).intoArray(out, o5 + 1 * LANES);
        int o6 = outOffset + 6 * outStride;
        VECTOR_CLASS.cast(c60).intoArray(out, o6);
        VECTOR_CLASS.cast(c61).intoArray(out, o6 + 1 * LANES);
        int o7 = outOffset + 7 * outStride;
        VECTOR_CLASS.cast(c70).intoArray(out, o7);
        VECTOR_CLASS.cast(c71).intoArray(out, o7 + 1 * LANES);
    }

    /** One 8-row x 1-vector tile. */
    private static void narrowTile(float[] a, int aOffset, int aRowStride, int aInnerStride,
                                 float[] panel, int panelOffset, int panelStride, int inner,
                                 float[] base, int baseOffset, int baseStride,
                                 float[] out, int outOffset, int outStride) {
        int q0 = baseOffset + 0 * baseStride;
        int q1 = baseOffset + 1 * baseStride;
        int q2 = baseOffset + 2 * baseStride;
        int q3 = baseOffset + 3 * baseStride;
        int q4 = baseOffset + 4 * baseStride;
        int q5 = baseOffset + 5 * baseStride;
        int q6 = baseOffset + 6 * baseStride;
        int q7 = baseOffset + 7 * baseStride;
        FloatVector c00 = FloatVector.fromArray(SPECIES, base, q0);
        FloatVector c10 = FloatVector.fromArray(SPECIES, base, q1);
        FloatVector c20 = FloatVector.fromArray(SPECIES, base, q2);
        FloatVector c30 = FloatVector.fromArray(SPECIES, base, q3);
        FloatVector c40 = FloatVector.fromArray(SPECIES, base, q4);
        FloatVector c50 = FloatVector.fromArray(SPECIES, base, q5);
        FloatVector c60 = FloatVector.fromArray(SPECIES, base, q6);
        FloatVector c70 = FloatVector.fromArray(SPECIES, base, q7);
        // the two forms of wideTile's loop, for contiguous rows of A and for A read down its columns
        if (aInnerStride == 1) {
            int a0 = aOffset + 0 * aRowStride;
            int a1 = aOffset + 1 * aRowStride;
            int a2 = aOffset + 2 * aRowStride;
            int a3 = aOffset + 3 * aRowStride;
            int a4 = aOffset + 4 * aRowStride;
            int a5 = aOffset + 5 * aRowStride;
            int a6 = aOffset + 6 * aRowStride;
            int a7 = aOffset + 7 * aRowStride;
            for (int p = 0; p < inner; p++) {
                int at = panelOffset + p * panelStride;
                FloatVector b0 = VECTOR_CLASS.cast(FloatVector.fromArray(SPECIES, panel, at));
                FloatVector x;
                x = FloatVector.broadcast(SPECIES, a[a0 + p]);
                c00 = b0.fma(x, c00);
                x = FloatVector.broadcast(SPECIES, a[a1 + p]);
                c10 = b0.fma(x, c10);
                x = FloatVector.broadcast(SPECIES, a[a2 + p]);
                c20 = b0.fma(x, c20);
                x = FloatVector.broadcast(SPECIES, a[a3 + p]);
                c30 = b0.fma(x, c30);
                x = FloatVector.broadcast(SPECIES, a[a4 + p]);
                c40 = b0.fma(x, c40);
                x = FloatVector.broadcast(SPECIES, a[a5 + p]);
                c50 = b0.fma(x, c50);
                x = FloatVector.broadcast(SPECIES, a[a6 + p]);
                c60 = b0.fma(x, c60);
                x = FloatVector.broadcast(SPECIES, a[a7 + p]);
                c70 = b0.fma(x, c70);
            }
        } else {
            for (int p = 0; p < inner; p++) {
                int at = panelOffset + p * panelStride;
                FloatVector b0 = VECTOR_CLASS.cast(FloatVector.fromArray(SPECIES, panel, at));
                int q = aOffset + p * aInnerStride;
                FloatVector x;
                x = FloatVector.broadcast(SPECIES, a[q + 0]);
                c00 = b0.fma(x, c00);
                x = FloatVector.broadcast(SPECIES, a[q + 1]);
                c10 = b0.fma(x, c10);
                x = FloatVector.broadcast(SPECIES, a[q + 2]);
                c20 = b0.fma(x, c20);
                x = FloatVector.broadcast(SPECIES, a[q + 3]);
                c30 = b0.fma(x, c30);
                x = FloatVector.broadcast(SPECIES, a[q + 4]);
                c40 = b0.fma(x, c40);
                x = FloatVector.broadcast(SPECIES, a[q + 5]);
                c50 = b0.fma(x, c50);
                x = FloatVector.broadcast(SPECIES, a[q + 6]);
                c60 = b0.fma(x, c60);
                x = FloatVector.broadcast(SPECIES, a[q + 7]);
                c70 = b0.fma(x, c70);
            }
        }
        int o0 = outOffset + 0 * outStride;
        VECTOR_CLASS.cast(c00).intoArray(out, o0);
        int o1 = outOffset + 1 * outStride;
        VECTOR_CLASS.cast(c10).intoArray(out, o1);
        int o2 = outOffset + 2 * outStride;
        VECTOR_CLASS.cast(c20).intoArray(out, o2);
        int o3 = outOffset + 3 * outStride;
        VECTOR_CLASS.cast(c30).intoArray(out, o3);
        int o4 = outOffset + 4 * outStride;
        VECTOR_CLASS.cast(c40).intoArray(out, o4);
        int o5 = outOffset + 5 * outStride;
        VECTOR_CLASS.cast(c50).intoArray(out, o5);
        int o6 = outOffset + 6 * outStride;
        VECTOR_CLASS.cast(c60).intoArray(out, o6);
        int o7 = outOffset + 7 * outStride;
        VECTOR_CLASS.cast(c70).intoArray(out, o7);
    }

    /** {@code op} over {@code count} contiguous values; the tail goes through a one-vector scratch copy. */
    private void apply(Op op, float[] values, int offset, int count) {
        int bound = SPECIES.loopBound(count);
        for (int i = 0; i < bound; i += LANES) applyAt(op, values, offset + i);
        int rest = count - bound;
        if (rest > 0) {
            System.arraycopy(values, offset + bound, tail, 0, rest);
            applyAt(op, tail, 0);
            System.arraycopy(tail, 0, values, offset + bound, rest);
        }
    }

    /** {@code op} on the one vector at {@code values[at]}. */
    private static void applyAt(Op op, float[] values, int at) {
        FloatVector z = FloatVector.fromArray(SPECIES, values, at);
        FloatVector result;
        switch (op) {
            case SIGMOID:
                result = FloatVector.broadcast(SPECIES, 1f).div(z.neg().lanewise(VectorOperators.EXP).add(1f));
                break;
            case TANH:
                result = z.lanewise(VectorOperators.TANH);
                break;
            case RELU:
                // not max(z, 0): that keeps NaN, and the scalar reference maps NaN to 0
                result = FloatVector.zero(SPECIES).blend(z, z.compare(VectorOperators.GT, 0f));
                break;
            default:
                result = z.lanewise(VectorOperators.EXP);
        }
        VECTOR_CLASS.cast(result).intoArray(values, at);
    }

    /** {@code values[at] = op(values[at] + addend[addendAt])} for one vector. */
    private static void addAndApplyAt(Op op, float[] values, int at, float[] addend, int addendAt) {
        FloatVector.fromArray(SPECIES, values, at).add(FloatVector.fromArray(SPECIES, addend, addendAt))
                .intoArray(values, at);
        applyAt(op, values, at);
    }

    /** {@code delta[at] *= f'(a)} for one vector, with {@code f'} written through the layer output {@code a}. */
    private static void multiplyByDerivativeAt(Activation activation, float[] delta, int at, float[] output,
                                               int outputAt) {
        FloatVector d = FloatVector.fromArray(SPECIES, delta, at);
        FloatVector a = FloatVector.fromArray(SPECIES, output, outputAt);
        FloatVector result;
        switch (activation) {
            case SIGMOID:
                result = d.mul(a.mul(FloatVector.broadcast(SPECIES, 1f).sub(a)));
                break;
            case TANH:
                result = d.mul(FloatVector.broadcast(SPECIES, 1f).sub(a.mul(a)));
                break;
            case RELU:
                result = FloatVector.zero(SPECIES).blend(d, a.compare(VectorOperators.GT, 0f));
                break;
            default:
                throw new IllegalArgumentException(activation + " has no derivative in a hidden layer");
        }
        VECTOR_CLASS.cast(result).intoArray(delta, at);
    }

    /**
     * Softmax of each row, shifted by its maximum as {@link Activation#softmaxRow} does; the exponentials, the
     * costly part, run as vectors over the whole contiguous block, so narrow rows (10 classes) still fill them.
     */
    private void softmaxRows(float[] values, int rows, int cols) {
        for (int r = 0; r < rows; r++) {
            int offset = r * cols;
            float max = Float.NEGATIVE_INFINITY;
            for (int j = 0; j < cols; j++) max = Math.max(max, values[offset + j]);
            for (int j = 0; j < cols; j++) values[offset + j] -= max;
        }
        apply(Op.EXP, values, 0, rows * cols);
        for (int r = 0; r < rows; r++) {
            int offset = r * cols;
            float sum = 0f;
            for (int j = 0; j < cols; j++) sum += values[offset + j];
            float inverse = 1f / sum;
            for (int j = 0; j < cols; j++) values[offset + j] *= inverse;
        }
    }
}
