package backprop.kernel.vector;

import backprop.Activation;
import backprop.kernel.FusedStep;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * The whole SGD step of a network so small that each weight matrix and each bias fits in one vector, and so does
 * each layer's activations for a chunk of the batch's rows ({@code chunkRows x width}): the numpy example's 2-4-1 XOR
 * network with its batch of four holds 8, 16 and 4 floats per layer in one chunk of 16 lanes, or in two chunks of
 * two rows on 8 lanes. There the layer-by-layer kernels spend their time on calls, loops of two to four turns and
 * twenty scalar exponentials; here a layer's product is a few lane permutations and FMAs on registers and its
 * activation one vector exponential per chunk.
 *
 * <p>Every matrix lives in one vector in its row-major order, lane {@code i * cols + j} holding element
 * {@code (i, j)}. A product {@code C = sum_p A(:, p) (x) B(p, :)} is then, for each {@code p}, the lanes of
 * {@code A} rearranged so that lane {@code (i, j)} holds {@code A(i, p)}, times those of {@code B} rearranged so
 * that it holds {@code B(p, j)}: the permutations are fixed by the shape and built once. Where {@code C} fills half
 * a vector or less, copies of it side by side each sum a share of the terms, and folds add them ({@link Product}).
 * Lanes past a matrix's end carry values nobody reads; the update multiplies its gradient by a 1/0 lane pattern so
 * that they never touch the stored weights, and the loss sums only the output's lanes. The chunks of a batch go
 * through the forward pass and the deltas one after another with the same permutations; their weight gradients
 * add up before the folds, so the update is made once a step.
 *
 * <p>The activations and their derivatives are written out here rather than shared with {@link VectorKernels}: on
 * JDK 25, once both had trained in one JVM, the shared methods lost their intrinsics (C2 compiled them with
 * profiles from both callers) and the layer-by-layer kernels allocated on every digits-sized epoch.
 *
 * <p>The arrays it is given are shorter than a vector, and on JDK 17 a masked load or store that reaches past an
 * array allocates, so each is copied into a vector-sized scratch array and back. The loss is summed over the
 * output's lanes only, not reduced over the whole vector (a chain of dependent adds), and the copies back are in a
 * method of their own ({@link #writeBack}); see docs/DESIGN.md for the forms that were measured and dropped.
 */
final class OneVectorStep implements FusedStep {

    private static final VectorSpecies<Float> SPECIES = Vectors.SPECIES;
    private static final Class<FloatVector> VECTOR_CLASS = Vectors.VECTOR_CLASS;
    private static final int LANES = SPECIES.length();

    private final int chunkRows;
    private final int chunks;
    /** Floats of the output in one chunk. */
    private final int outputCount;
    private final int depth;
    private final int[] sizes;
    private final Activation[] activations;
    /** each layer's forward product, then its bias */
    private final Product[] forward;
    private final VectorShuffle<Float>[] biasTile;
    private final Product[] back;
    private final Product[] gradient;
    /** 1 on the lanes of a weight matrix and a bias, 0 past them. */
    private final float[][] weightLanes;
    private final float[][] biasLanes;
    // one vector's worth of each matrix, so that loads and stores never reach past an array; activations,
    // deltas and targets per chunk
    private final float[][][] a;
    private final float[][][] d;
    private final float[][] y;
    private final float[][] w;
    private final float[][] b;
    private final float[] weightSums = new float[LANES];
    private final float[] biasSums = new float[LANES];

    /**
     * Whether a network of {@code sizes} trained on batches of {@code rows} fits: every weight matrix in a vector,
     * and the batch in at most {@code maxChunks} chunks of equal rows whose every layer fits a vector.
     */
    static boolean fits(int[] sizes, Activation[] activations, int rows, int maxChunks) {
        for (int l = 0; l + 1 < sizes.length; l++) {
            if ((long) sizes[l] * sizes[l + 1] > LANES) return false;
        }
        // its activation switches know the hidden activations and sigmoid, not softmax or identity outputs
        for (Activation activation : activations) {
            if (!activation.isElementwise() || activation == Activation.IDENTITY) return false;
        }
        return chunkRows(sizes, rows, maxChunks) > 0;
    }

    /** The most rows a chunk can hold that divide the batch into at most {@code maxChunks} chunks, or 0. */
    static int chunkRows(int[] sizes, int rows, int maxChunks) {
        int widest = 1;
        for (int size : sizes) widest = Math.max(widest, size);
        for (int chunk = Math.min(rows, LANES / widest); chunk >= 1; chunk--) {
            if (rows % chunk == 0) return rows / chunk <= maxChunks ? chunk : 0;
        }
        return 0;
    }

    @SuppressWarnings("unchecked")
    OneVectorStep(int[] sizes, Activation[] activations, int rows, int maxChunks) {
        if (!fits(sizes, activations, rows, maxChunks)) {
            throw new IllegalArgumentException("the network does not fit one vector a layer");
        }
        this.chunkRows = chunkRows(sizes, rows, maxChunks);
        this.chunks = rows / chunkRows;
        this.outputCount = chunkRows * sizes[sizes.length - 1];
        this.sizes = sizes.clone();
        this.depth = sizes.length - 1;
        this.activations = activations.clone();
        forward = new Product[depth];
        biasTile = new VectorShuffle[depth];
        back = new Product[depth];
        gradient = new Product[depth];
        weightLanes = new float[depth][];
        biasLanes = new float[depth][];
        a = new float[chunks][depth + 1][LANES];
        d = new float[chunks][depth + 1][LANES];
        y = new float[chunks][LANES];
        w = new float[depth][LANES];
        b = new float[depth][LANES];
        for (int l = 0; l < depth; l++) {
            int in = sizes[l];
            int out = sizes[l + 1];
            forward[l] = Product.forward(chunkRows, in, out);
            biasTile[l] = biasTile(chunkRows, out);
            back[l] = Product.back(chunkRows, in, out);
            gradient[l] = Product.gradient(chunkRows, in, out);
            weightLanes[l] = ones(in * out);
            biasLanes[l] = ones(out);
        }
    }

    /** Lane {@code (r, j)} of a layer's output for {@code rows} rows takes bias {@code j}. */
    static VectorShuffle<Float> biasTile(int rows, int out) {
        return shuffle(rows, out, 1, 0, (p, r, j) -> j);
    }

    private interface LaneSource {
        /** The lane of an operand that term {@code p} of cell {@code (i, j)} reads. */
        int of(int p, int i, int j);
    }

    /**
     * The shuffles of a product {@code C(i, j) = sum_p left(p, i, j) * right(p, i, j)} over {@code terms} terms,
     * where {@code C} is {@code rowCount x cols} cells. A vector holds {@code groups} copies of {@code C}, so that
     * one FMA adds {@code groups} terms at once; halving folds then add the copies into the first. XOR's 4-1
     * layer needs two rearrangements and two folds where one copy needed eight rearrangements.
     */
    static final class Product {
        final VectorShuffle<Float>[] left;
        final VectorShuffle<Float>[] right;
        /** Lane i takes lane i + (half the remaining copies) x cells: add, and the copies halve. */
        final VectorShuffle<Float>[] folds;

        /** forward: lane (r, j) of the layer's output is the sum over k of input (r, k) times weight (k, j) */
        static Product forward(int rows, int in, int out) {
            return new Product(rows, out, in, (k, r, j) -> r * in + k, (k, r, j) -> k * out + j);
        }

        /** delta below: lane (r, k) is the sum over j of delta (r, j) times weight (k, j) */
        static Product back(int rows, int in, int out) {
            return new Product(rows, in, out, (j, r, k) -> r * out + j, (j, r, k) -> k * out + j);
        }

        /** weight gradient: lane (k, j) is the sum over r of input (r, k) times delta (r, j) */
        static Product gradient(int rows, int in, int out) {
            return new Product(in, out, rows, (r, k, j) -> r * in + k, (r, k, j) -> r * out + j);
        }

        @SuppressWarnings("unchecked")
        private Product(int rowCount, int cols, int terms, LaneSource leftLane, LaneSource rightLane) {
            int cells = rowCount * cols;
            int groups = 1;
            while (2 * groups * cells <= LANES && terms % (2 * groups) == 0) groups *= 2;
            left = new VectorShuffle[terms / groups];
            right = new VectorShuffle[terms / groups];
            for (int step = 0; step < left.length; step++) {
                left[step] = shuffle(rowCount, cols, groups, step * groups, leftLane);
                right[step] = shuffle(rowCount, cols, groups, step * groups, rightLane);
            }
            folds = new VectorShuffle[Integer.numberOfTrailingZeros(groups)];
            for (int f = 0, half = groups / 2; half > 0; f++, half /= 2) {
                int[] lanes = new int[LANES];
                for (int i = 0; i < LANES; i++) lanes[i] = (i + half * cells) % LANES;
                folds[f] = VectorShuffle.fromArray(SPECIES, lanes, 0);
            }
        }
    }

    /**
     * Lane {@code q * rowCount * cols + i * cols + j} of the result, copy {@code q} of cell {@code (i, j)}, takes
     * lane {@code source(firstTerm + q, i, j)}; lanes past the copies take lane 0.
     */
    private static VectorShuffle<Float> shuffle(int rowCount, int cols, int groups, int firstTerm,
                                                LaneSource source) {
        int[] lanes = new int[LANES];
        for (int q = 0; q < groups; q++) {
            for (int i = 0; i < rowCount; i++) {
                for (int j = 0; j < cols; j++) {
                    lanes[(q * rowCount + i) * cols + j] = source.of(firstTerm + q, i, j);
                }
            }
        }
        return VectorShuffle.fromArray(SPECIES, lanes, 0);
    }

    static float[] ones(int count) {
        float[] lanes = new float[LANES];
        for (int i = 0; i < count; i++) lanes[i] = 1f;
        return lanes;
    }

    /**
     * {@code System.arraycopy} of the first {@code count} floats, at most one vector's worth. A constant length of
     * up to eight compiles to plain moves, where a variable one calls a stub, and a step copies a dozen such short
     * arrays, so the stub calls would be a sizeable share of a XOR step (docs/DESIGN.md).
     */
    static void copy(float[] from, int fromOffset, float[] to, int toOffset, int count) {
        if (count > 8) {
            copyUpToEight(from, fromOffset, to, toOffset, 8);
            copyUpToEight(from, fromOffset + 8, to, toOffset + 8, count - 8);
        } else {
            copyUpToEight(from, fromOffset, to, toOffset, count);
        }
    }

    private static void copyUpToEight(float[] from, int fromOffset, float[] to, int toOffset, int count) {
        switch (count) {
            case 1: to[toOffset] = from[fromOffset]; break;
            case 2: System.arraycopy(from, fromOffset, to, toOffset, 2); break;
            case 3: System.arraycopy(from, fromOffset, to, toOffset, 3); break;
            case 4: System.arraycopy(from, fromOffset, to, toOffset, 4); break;
            case 5: System.arraycopy(from, fromOffset, to, toOffset, 5); break;
            case 6: System.arraycopy(from, fromOffset, to, toOffset, 6); break;
            case 7: System.arraycopy(from, fromOffset, to, toOffset, 7); break;
            case 8: System.arraycopy(from, fromOffset, to, toOffset, 8); break;
            default: System.arraycopy(from, fromOffset, to, toOffset, count);
        }
    }

    @Override
    public float train(float[] input, int inputOffset, float[] target, int targetOffset, float[][] weights,
                       float[][] biases, float scale, float[] output) {
        int inputCount = chunkRows * sizes[0];
        for (int c = 0; c < chunks; c++) {
            copy(input, inputOffset + c * inputCount, a[c][0], 0, inputCount);
            copy(target, targetOffset + c * outputCount, y[c], 0, outputCount);
        }
        for (int l = 0; l < depth; l++) {
            copy(weights[l], 0, w[l], 0, sizes[l] * sizes[l + 1]);
            copy(biases[l], 0, b[l], 0, sizes[l + 1]);
        }
        for (int l = 0; l < depth; l++) {
            Product product = forward[l];
            for (int c = 0; c < chunks; c++) {
                FloatVector in = FloatVector.fromArray(SPECIES, a[c][l], 0);
                FloatVector weight = FloatVector.fromArray(SPECIES, w[l], 0);
                FloatVector z = FloatVector.zero(SPECIES);
                for (int step = 0; step < product.left.length; step++) {
                    // every operand cast where it is used (see Vectors.VECTOR_CLASS): C2 parses a loop's body
                    // with a vector from before the loop typed as a plain FloatVector
                    z = VECTOR_CLASS.cast(in).rearrange(product.left[step])
                            .fma(VECTOR_CLASS.cast(weight).rearrange(product.right[step]), VECTOR_CLASS.cast(z));
                }
                for (VectorShuffle<Float> fold : product.folds) {
                    FloatVector copies = VECTOR_CLASS.cast(z);
                    z = copies.add(copies.rearrange(fold));
                }
                z = VECTOR_CLASS.cast(z).add(VECTOR_CLASS.cast(FloatVector.fromArray(SPECIES, b[l], 0))
                        .rearrange(biasTile[l]));
                z = VECTOR_CLASS.cast(z);
                FloatVector activated;
                switch (activations[l]) {
                    case SIGMOID:
                        activated = VECTOR_CLASS.cast(FloatVector.broadcast(SPECIES, 1f))
                                .div(z.neg().lanewise(VectorOperators.EXP).add(1f));
                        break;
                    case TANH:
                        activated = z.lanewise(VectorOperators.TANH);
                        break;
                    default:
                        activated = VECTOR_CLASS.cast(FloatVector.zero(SPECIES))
                                .blend(z, z.compare(VectorOperators.GT, 0f));
                }
                VECTOR_CLASS.cast(activated).intoArray(a[c][l + 1], 0);
            }
        }

        float squaredError = 0f;
        for (int c = 0; c < chunks; c++) {
            FloatVector error = VECTOR_CLASS.cast(FloatVector.fromArray(SPECIES, a[c][depth], 0))
                    .sub(VECTOR_CLASS.cast(FloatVector.fromArray(SPECIES, y[c], 0)));
            VECTOR_CLASS.cast(error).intoArray(d[c][depth], 0);
            float[] outputError = d[c][depth];
            for (int i = 0; i < outputCount; i++) squaredError += outputError[i] * outputError[i];
        }

        // each vector is loaded where its block uses it: kept live across the activation switch below, the delta
        // and the weights were boxed in some JVMs (TrapPollutionProbe)
        for (int l = depth - 1; l >= 0; l--) {
            if (l > 0) {
                Product product = back[l];
                for (int c = 0; c < chunks; c++) {
                    FloatVector delta = FloatVector.fromArray(SPECIES, d[c][l + 1], 0);
                    FloatVector weight = FloatVector.fromArray(SPECIES, w[l], 0);
                    // the forward product's loops again, written out: a method taking vectors boxes them whenever
                    // C2 declines to inline it, as it does near the end of this method
                    FloatVector below = FloatVector.zero(SPECIES);
                    for (int step = 0; step < product.left.length; step++) {
                        below = VECTOR_CLASS.cast(delta).rearrange(product.left[step])
                                .fma(VECTOR_CLASS.cast(weight).rearrange(product.right[step]),
                                        VECTOR_CLASS.cast(below));
                    }
                    for (VectorShuffle<Float> fold : product.folds) {
                        FloatVector copies = VECTOR_CLASS.cast(below);
                        below = copies.add(copies.rearrange(fold));
                    }
                    FloatVector activated = VECTOR_CLASS.cast(FloatVector.fromArray(SPECIES, a[c][l], 0));
                    switch (activations[l - 1]) {
                        case SIGMOID:
                            below = VECTOR_CLASS.cast(below)
                                    .mul(activated.mul(VECTOR_CLASS.cast(FloatVector.broadcast(SPECIES, 1f))
                                            .sub(activated)));
                            break;
                        case TANH:
                            below = VECTOR_CLASS.cast(below)
                                    .mul(VECTOR_CLASS.cast(FloatVector.broadcast(SPECIES, 1f))
                                            .sub(activated.mul(activated)));
                            break;
                        default:
                            below = VECTOR_CLASS.cast(FloatVector.zero(SPECIES))
                                    .blend(VECTOR_CLASS.cast(below), activated.compare(VectorOperators.GT, 0f));
                    }
                    VECTOR_CLASS.cast(below).intoArray(d[c][l], 0);
                }
            }
            Product product = gradient[l];
            // the chunks' sums are kept in memory between chunks: vectors carried across both loops were boxed
            VECTOR_CLASS.cast(FloatVector.zero(SPECIES)).intoArray(weightSums, 0);
            VECTOR_CLASS.cast(FloatVector.zero(SPECIES)).intoArray(biasSums, 0);
            for (int c = 0; c < chunks; c++) {
                FloatVector in = FloatVector.fromArray(SPECIES, a[c][l], 0);
                FloatVector delta = FloatVector.fromArray(SPECIES, d[c][l + 1], 0);
                FloatVector weightSum = FloatVector.fromArray(SPECIES, weightSums, 0);
                FloatVector biasSum = FloatVector.fromArray(SPECIES, biasSums, 0);
                for (int step = 0; step < product.left.length; step++) {
                    // lanes (k, j) of each copy take delta (r, j); those of k = 0 are lanes j, what the bias sums
                    FloatVector rowDelta = VECTOR_CLASS.cast(delta).rearrange(product.right[step]);
                    weightSum = VECTOR_CLASS.cast(in).rearrange(product.left[step])
                            .fma(rowDelta, VECTOR_CLASS.cast(weightSum));
                    biasSum = VECTOR_CLASS.cast(biasSum).add(rowDelta);
                }
                VECTOR_CLASS.cast(weightSum).intoArray(weightSums, 0);
                VECTOR_CLASS.cast(biasSum).intoArray(biasSums, 0);
            }
            FloatVector weightGradient = FloatVector.fromArray(SPECIES, weightSums, 0);
            FloatVector biasGradient = FloatVector.fromArray(SPECIES, biasSums, 0);
            for (VectorShuffle<Float> fold : product.folds) {
                FloatVector copies = VECTOR_CLASS.cast(weightGradient);
                weightGradient = copies.add(copies.rearrange(fold));
                copies = VECTOR_CLASS.cast(biasGradient);
                biasGradient = copies.add(copies.rearrange(fold));
            }
            FloatVector newWeight = VECTOR_CLASS.cast(weightGradient)
                    .fma(VECTOR_CLASS.cast(FloatVector.fromArray(SPECIES, weightLanes[l], 0)).mul(scale),
                            VECTOR_CLASS.cast(FloatVector.fromArray(SPECIES, w[l], 0)));
            VECTOR_CLASS.cast(newWeight).intoArray(w[l], 0);
            FloatVector newBias = VECTOR_CLASS.cast(biasGradient)
                    .fma(VECTOR_CLASS.cast(FloatVector.fromArray(SPECIES, biasLanes[l], 0)).mul(scale),
                            VECTOR_CLASS.cast(FloatVector.fromArray(SPECIES, b[l], 0)));
            VECTOR_CLASS.cast(newBias).intoArray(b[l], 0);
        }
        writeBack(weights, biases, output);
        return squaredError;
    }

    /**
     * A method of its own on purpose: C2 stops inlining near the end of {@link #train}, which is big
     * ({@code NodeCountInliningCutoff}), and each copy back was then a call of its own.
     */
    private void writeBack(float[][] weights, float[][] biases, float[] output) {
        for (int l = 0; l < depth; l++) {
            copy(w[l], 0, weights[l], 0, sizes[l] * sizes[l + 1]);
            copy(b[l], 0, biases[l], 0, sizes[l + 1]);
        }
        for (int c = 0; c < chunks; c++) copy(a[c][depth], 0, output, c * outputCount, outputCount);
    }
}
