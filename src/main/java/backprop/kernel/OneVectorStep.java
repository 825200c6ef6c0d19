package backprop.kernel;

import backprop.Activation;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * The whole SGD step of a network so small that each layer's batch of activations ({@code rows x width}), each
 * weight matrix and each bias fits in one vector: the listing's 2-4-1 XOR network with its batch of four holds 8,
 * 16 and 4 floats per layer. There the layer-by-layer kernels spend their time on calls, loops of two to four
 * turns and twenty scalar exponentials; here a layer's product is a few lane permutations and FMAs on registers
 * and its activation one vector exponential.
 *
 * <p>Every matrix lives in one vector in its row-major order, lane {@code i * cols + j} holding element
 * {@code (i, j)}. A product {@code C = sum_p A(:, p) (x) B(p, :)} is then, for each {@code p}, the lanes of
 * {@code A} rearranged so that lane {@code (i, j)} holds {@code A(i, p)}, times those of {@code B} rearranged so
 * that it holds {@code B(p, j)}: the permutations are fixed by the shape and built once. Lanes past a matrix's end
 * carry values nobody reads; the update multiplies its gradient by a 1/0 lane pattern so that they never touch the
 * stored weights, and the loss by one so that they never reach the sum.
 *
 * <p>The activations and their derivatives are written out here rather than shared with {@link VectorKernels}: on
 * JDK 25, once both had trained in one JVM, the shared methods lost their intrinsics (C2 compiled them with
 * profiles from both callers) and the layer-by-layer kernels allocated about 140 KB per digits-sized epoch.
 *
 * <p>The arrays it is given are shorter than a vector, and on JDK 17 a masked load or store that reaches past an
 * array allocates, so each is copied into a vector-sized scratch array and back. Measured on the XOR step (JDK 17,
 * this machine): the whole step about 130 ns against about 490 ns for the layer-by-layer kernels; the copies were
 * a quarter of it until short copies were given constant lengths ({@link #copy}). Gathers straight from the arrays,
 * a polynomial exponential in place of {@code EXP}, and loads through narrower species were tried and dropped:
 * each allocated on JDK 17.
 */
final class OneVectorStep implements FusedStep {

    private static final VectorSpecies<Float> SPECIES = VectorKernels.SPECIES;
    private static final Class<FloatVector> VECTOR_CLASS = VectorKernels.VECTOR_CLASS;
    private static final int LANES = SPECIES.length();

    private final int rows;
    private final int depth;
    private final int[] sizes;
    private final Activation[] activations;
    /** forward: lane (r, j) of layer l's output takes input (r, k) ... */
    private final VectorShuffle<Float>[][] forwardInput;
    /** ... times weight (k, j), for k = 0 .. inputs-1, starting from bias j. */
    private final VectorShuffle<Float>[][] forwardWeight;
    private final VectorShuffle<Float>[] biasTile;
    /** delta below: lane (r, k) takes delta (r, j) times weight (k, j), for j = 0 .. outputs-1. */
    private final VectorShuffle<Float>[][] backDelta;
    private final VectorShuffle<Float>[][] backWeight;
    /** weight gradient: lane (k, j) takes input (r, k) times delta (r, j), for r = 0 .. rows-1 ... */
    private final VectorShuffle<Float>[][] gradientInput;
    private final VectorShuffle<Float>[][] gradientDelta;
    /** 1 on the lanes of a weight matrix, a bias and the output, 0 past them. */
    private final float[][] weightLanes;
    private final float[][] biasLanes;
    private final float[] outputLanes;
    // one vector's worth of each matrix, so that loads and stores never reach past an array
    private final float[][] a;
    private final float[][] d;
    private final float[][] w;
    private final float[][] b;
    private final float[] y = new float[LANES];

    /** Whether a network of {@code sizes} trained on batches of {@code rows} fits, one matrix per vector. */
    static boolean fits(int[] sizes, Activation[] activations, int rows) {
        for (int l = 0; l < sizes.length; l++) {
            if ((long) rows * sizes[l] > LANES) return false;
            if (l + 1 < sizes.length && (long) sizes[l] * sizes[l + 1] > LANES) return false;
        }
        for (Activation activation : activations) if (!activation.isElementwise()) return false;
        return true;
    }

    @SuppressWarnings("unchecked")
    OneVectorStep(int[] sizes, Activation[] activations, int rows) {
        if (!fits(sizes, activations, rows)) {
            throw new IllegalArgumentException("the network does not fit one vector a layer");
        }
        this.rows = rows;
        this.sizes = sizes.clone();
        this.depth = sizes.length - 1;
        this.activations = activations.clone();
        forwardInput = new VectorShuffle[depth][];
        forwardWeight = new VectorShuffle[depth][];
        biasTile = new VectorShuffle[depth];
        backDelta = new VectorShuffle[depth][];
        backWeight = new VectorShuffle[depth][];
        gradientInput = new VectorShuffle[depth][];
        gradientDelta = new VectorShuffle[depth][];
        weightLanes = new float[depth][];
        biasLanes = new float[depth][];
        a = new float[depth + 1][LANES];
        d = new float[depth + 1][LANES];
        w = new float[depth][LANES];
        b = new float[depth][LANES];
        for (int l = 0; l < depth; l++) {
            int in = sizes[l];
            int out = sizes[l + 1];
            forwardInput[l] = new VectorShuffle[in];
            forwardWeight[l] = new VectorShuffle[in];
            for (int k = 0; k < in; k++) {
                int p = k;
                forwardInput[l][k] = shuffle(rows, out, (r, j) -> r * in + p);
                forwardWeight[l][k] = shuffle(rows, out, (r, j) -> p * out + j);
            }
            biasTile[l] = shuffle(rows, out, (r, j) -> j);
            backDelta[l] = new VectorShuffle[out];
            backWeight[l] = new VectorShuffle[out];
            for (int j = 0; j < out; j++) {
                int p = j;
                backDelta[l][j] = shuffle(rows, in, (r, k) -> r * out + p);
                backWeight[l][j] = shuffle(rows, in, (r, k) -> k * out + p);
            }
            gradientInput[l] = new VectorShuffle[rows];
            gradientDelta[l] = new VectorShuffle[rows];
            for (int r = 0; r < rows; r++) {
                int p = r;
                gradientInput[l][r] = shuffle(in, out, (k, j) -> p * in + k);
                gradientDelta[l][r] = shuffle(in, out, (k, j) -> p * out + j);
            }
            weightLanes[l] = ones(in * out);
            biasLanes[l] = ones(out);
        }
        outputLanes = ones(rows * sizes[depth]);
    }

    private interface LaneSource {
        int of(int i, int j);
    }

    /** Lane {@code i * cols + j} of the result takes lane {@code source(i, j)}; lanes past the matrix take lane 0. */
    private static VectorShuffle<Float> shuffle(int rowCount, int cols, LaneSource source) {
        int[] lanes = new int[LANES];
        for (int i = 0; i < rowCount; i++) {
            for (int j = 0; j < cols; j++) lanes[i * cols + j] = source.of(i, j);
        }
        return VectorShuffle.fromArray(SPECIES, lanes, 0);
    }

    private static float[] ones(int count) {
        float[] lanes = new float[LANES];
        for (int i = 0; i < count; i++) lanes[i] = 1f;
        return lanes;
    }

    /**
     * {@code System.arraycopy} of the first {@code count} floats, at most one vector's worth. A constant length of
     * up to eight compiles to plain moves, where a variable one calls a stub that costs about 2.5 ns, and a step
     * copies a dozen such short arrays: together about 15% of a XOR step, measured on JDK 17.
     */
    private static void copy(float[] from, int fromOffset, float[] to, int toOffset, int count) {
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
        copy(input, inputOffset, a[0], 0, rows * sizes[0]);
        copy(target, targetOffset, y, 0, rows * sizes[depth]);
        for (int l = 0; l < depth; l++) {
            copy(weights[l], 0, w[l], 0, sizes[l] * sizes[l + 1]);
            copy(biases[l], 0, b[l], 0, sizes[l + 1]);
        }
        for (int l = 0; l < depth; l++) {
            // cast: the inner loop calls methods on them (see VectorKernels.VECTOR_CLASS)
            FloatVector in = VECTOR_CLASS.cast(FloatVector.fromArray(SPECIES, a[l], 0));
            FloatVector weight = VECTOR_CLASS.cast(FloatVector.fromArray(SPECIES, w[l], 0));
            FloatVector z = FloatVector.fromArray(SPECIES, b[l], 0).rearrange(biasTile[l]);
            for (int k = 0; k < sizes[l]; k++) {
                z = in.rearrange(forwardInput[l][k]).fma(weight.rearrange(forwardWeight[l][k]), z);
            }
            FloatVector activated;
            switch (activations[l]) {
                case SIGMOID:
                    activated = FloatVector.broadcast(SPECIES, 1f).div(z.neg().lanewise(VectorOperators.EXP).add(1f));
                    break;
                case TANH:
                    activated = z.lanewise(VectorOperators.TANH);
                    break;
                default:
                    activated = FloatVector.zero(SPECIES).blend(z, z.compare(VectorOperators.GT, 0f));
            }
            VECTOR_CLASS.cast(activated).intoArray(a[l + 1], 0);
        }

        FloatVector error = FloatVector.fromArray(SPECIES, a[depth], 0).sub(FloatVector.fromArray(SPECIES, y, 0))
                .mul(FloatVector.fromArray(SPECIES, outputLanes, 0));
        VECTOR_CLASS.cast(error).intoArray(d[depth], 0);
        float squaredError = error.mul(error).reduceLanes(VectorOperators.ADD);

        for (int l = depth - 1; l >= 0; l--) {
            FloatVector delta = VECTOR_CLASS.cast(FloatVector.fromArray(SPECIES, d[l + 1], 0));
            FloatVector weight = VECTOR_CLASS.cast(FloatVector.fromArray(SPECIES, w[l], 0));
            if (l > 0) {
                FloatVector below = FloatVector.zero(SPECIES);
                for (int j = 0; j < sizes[l + 1]; j++) {
                    below = delta.rearrange(backDelta[l][j]).fma(weight.rearrange(backWeight[l][j]), below);
                }
                FloatVector activated = FloatVector.fromArray(SPECIES, a[l], 0);
                switch (activations[l - 1]) {
                    case SIGMOID:
                        below = VECTOR_CLASS.cast(below)
                                .mul(activated.mul(FloatVector.broadcast(SPECIES, 1f).sub(activated)));
                        break;
                    case TANH:
                        below = VECTOR_CLASS.cast(below)
                                .mul(FloatVector.broadcast(SPECIES, 1f).sub(activated.mul(activated)));
                        break;
                    default:
                        below = FloatVector.zero(SPECIES).blend(below, activated.compare(VectorOperators.GT, 0f));
                }
                VECTOR_CLASS.cast(below).intoArray(d[l], 0);
            }
            FloatVector in = VECTOR_CLASS.cast(FloatVector.fromArray(SPECIES, a[l], 0));
            FloatVector gradient = FloatVector.zero(SPECIES);
            FloatVector biasGradient = FloatVector.zero(SPECIES);
            for (int r = 0; r < rows; r++) {
                // lanes (k, j) take delta (r, j); those of k = 0 are lanes j, what the bias gradient sums
                FloatVector rowDelta = delta.rearrange(gradientDelta[l][r]);
                gradient = in.rearrange(gradientInput[l][r]).fma(rowDelta, gradient);
                biasGradient = VECTOR_CLASS.cast(biasGradient).add(rowDelta);
            }
            FloatVector newWeight = VECTOR_CLASS.cast(gradient)
                    .fma(FloatVector.fromArray(SPECIES, weightLanes[l], 0).mul(scale), weight);
            VECTOR_CLASS.cast(newWeight).intoArray(w[l], 0);
            FloatVector newBias = VECTOR_CLASS.cast(biasGradient)
                    .fma(FloatVector.fromArray(SPECIES, biasLanes[l], 0).mul(scale),
                            FloatVector.fromArray(SPECIES, b[l], 0));
            VECTOR_CLASS.cast(newBias).intoArray(b[l], 0);
            copy(w[l], 0, weights[l], 0, sizes[l] * sizes[l + 1]);
            copy(b[l], 0, biases[l], 0, sizes[l + 1]);
        }
        copy(a[depth], 0, output, 0, rows * sizes[depth]);
        return squaredError;
    }
}
