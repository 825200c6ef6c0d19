package backprop.kernel.vector;

import backprop.Activation;
import backprop.kernel.FusedStep;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link OneVectorStep} for the numpy example's network: one hidden layer, sigmoid on both layers, the batch in
 * {@link #CHUNKS} chunks (XOR's 2-4-1 at batch 4: one chunk on 16 lanes, two of two rows on 8). The same lane
 * products in the same order, so it computes bit for bit what that step computes, written out layer by layer instead
 * of in loops over layers and chunks: the forward pass and both deltas keep every vector in registers from the
 * operation that makes it to the one that uses it, where the general step passes each layer's values to the next
 * turn of its loops through memory (a vector carried from one turn to the next would be boxed, docs/DESIGN.md), and
 * on a network this small those round trips and the loops' own work are a large share of the step.
 *
 * <p>The forward pass with both deltas, and each layer's update, are methods too big for C2 to inline
 * ({@code FreqInlineSize}) that take arrays, never vectors: the Vector API's operations take many nodes, and in one
 * compilation the whole step ran past C2's {@code NodeCountInliningCutoff}, which leaves the last operations as
 * calls that box their vectors. Only sigmoid, so that the forward pass and both deltas fit one compilation. The
 * forward pass runs chunk after chunk; the update adds both chunks' terms into sums it keeps in registers.
 */
final class TwoLayerStep implements FusedStep {

    private static final VectorSpecies<Float> SPECIES = Vectors.SPECIES;
    private static final Class<FloatVector> VECTOR_CLASS = Vectors.VECTOR_CLASS;
    private static final int LANES = SPECIES.length();
    /**
     * The chunks of rows a batch is cut into: one on 16 lanes or more, two on fewer. A constant, so that C2 compiles
     * the one-chunk step with no trace of the second chunk: with the count in a field, XOR's step on 16 lanes runs
     * slower (docs/DESIGN.md).
     */
    static final int CHUNKS = LANES >= 16 ? 1 : 2;

    /** Floats of the input and of the target in one chunk. */
    private final int inputCount;
    private final int targetCount;
    private final int inputs;
    private final int hidden;
    private final int outputs;
    private final OneVectorStep.Product hiddenForward;
    private final OneVectorStep.Product outputForward;
    private final VectorShuffle<Float> hiddenBiasTile;
    private final VectorShuffle<Float> outputBiasTile;
    /** The output layer's delta back to the hidden layer; the input layer has no delta below it. */
    private final OneVectorStep.Product outputBack;
    private final OneVectorStep.Product hiddenGradient;
    private final OneVectorStep.Product outputGradient;
    private final float[] hiddenWeightLanes;
    private final float[] hiddenBiasLanes;
    private final float[] outputWeightLanes;
    private final float[] outputBiasLanes;
    // one vector's worth of each array the step reads or writes, a vector a chunk for the rows' values, so that
    // loads and stores never reach past one
    private final float[] hiddenWeights = new float[LANES];
    private final float[] hiddenBiases = new float[LANES];
    private final float[] outputWeights = new float[LANES];
    private final float[] outputBiases = new float[LANES];
    private final float[] x;
    private final float[] y;
    private final float[] hiddenValues;
    private final float[] outputValues;
    private final float[] errorValues;
    private final float[] belowValues;

    /**
     * Whether a network of {@code sizes} trained on batches of {@code rows} fits: one hidden layer, sigmoid on both
     * layers, and what {@link OneVectorStep} takes in exactly {@link #CHUNKS} chunks.
     */
    static boolean fits(int[] sizes, Activation[] activations, int rows, int maxChunks) {
        return sizes.length == 3 && activations[0] == Activation.SIGMOID && activations[1] == Activation.SIGMOID
                && CHUNKS <= maxChunks && OneVectorStep.fits(sizes, activations, rows, maxChunks)
                && rows / OneVectorStep.chunkRows(sizes, rows, maxChunks) == CHUNKS;
    }

    TwoLayerStep(int[] sizes, Activation[] activations, int rows, int maxChunks) {
        if (!fits(sizes, activations, rows, maxChunks)) {
            throw new IllegalArgumentException("not a sigmoid network of one hidden layer whose batch fits "
                    + CHUNKS + " vectors a layer");
        }
        int chunkRows = rows / CHUNKS;
        inputs = sizes[0];
        hidden = sizes[1];
        outputs = sizes[2];
        inputCount = chunkRows * inputs;
        targetCount = chunkRows * outputs;
        x = new float[CHUNKS * LANES];
        y = new float[CHUNKS * LANES];
        hiddenValues = new float[CHUNKS * LANES];
        outputValues = new float[CHUNKS * LANES];
        errorValues = new float[CHUNKS * LANES];
        belowValues = new float[CHUNKS * LANES];
        hiddenForward = OneVectorStep.Product.forward(chunkRows, inputs, hidden);
        outputForward = OneVectorStep.Product.forward(chunkRows, hidden, outputs);
        hiddenBiasTile = OneVectorStep.biasTile(chunkRows, hidden);
        outputBiasTile = OneVectorStep.biasTile(chunkRows, outputs);
        outputBack = OneVectorStep.Product.back(chunkRows, hidden, outputs);
        hiddenGradient = OneVectorStep.Product.gradient(chunkRows, inputs, hidden);
        outputGradient = OneVectorStep.Product.gradient(chunkRows, hidden, outputs);
        hiddenWeightLanes = OneVectorStep.ones(inputs * hidden);
        hiddenBiasLanes = OneVectorStep.ones(hidden);
        outputWeightLanes = OneVectorStep.ones(hidden * outputs);
        outputBiasLanes = OneVectorStep.ones(outputs);
    }

    @Override
    public float train(float[] input, int inputOffset, float[] target, int targetOffset, float[][] weights,
                       float[][] biases, float scale, float[] output) {
        for (int c = 0; c < CHUNKS; c++) {
            OneVectorStep.copy(input, inputOffset + c * inputCount, x, c * LANES, inputCount);
            OneVectorStep.copy(target, targetOffset + c * targetCount, y, c * LANES, targetCount);
        }
        OneVectorStep.copy(weights[0], 0, hiddenWeights, 0, inputs * hidden);
        OneVectorStep.copy(biases[0], 0, hiddenBiases, 0, hidden);
        OneVectorStep.copy(weights[1], 0, outputWeights, 0, hidden * outputs);
        OneVectorStep.copy(biases[1], 0, outputBiases, 0, outputs);
        for (int c = 0; c < CHUNKS; c++) forwardAndBack(c * LANES);
        float squaredError = 0f;
        for (int c = 0; c < CHUNKS; c++) {
            for (int i = c * LANES; i < c * LANES + targetCount; i++) {
                float error = outputValues[i] - y[i];
                squaredError += error * error;
            }
        }
        update(outputGradient, hiddenValues, errorValues, outputWeights, outputBiases, outputWeightLanes,
                outputBiasLanes, scale);
        update(hiddenGradient, x, belowValues, hiddenWeights, hiddenBiases, hiddenWeightLanes, hiddenBiasLanes,
                scale);
        writeBack(weights, biases, output);
        return squaredError;
    }

    /**
     * The forward pass into {@link #hiddenValues} and {@link #outputValues}, the output delta into
     * {@link #errorValues} and the delta below it, with the output layer's weights from before the update, into
     * {@link #belowValues}, for the chunk whose vectors start at {@code chunk}.
     */
    private void forwardAndBack(int chunk) {
        // every operand cast where it is used (see Vectors.VECTOR_CLASS)
        FloatVector in = VECTOR_CLASS.cast(FloatVector.fromArray(SPECIES, x, chunk));
        FloatVector w0 = VECTOR_CLASS.cast(FloatVector.fromArray(SPECIES, hiddenWeights, 0));
        FloatVector z = VECTOR_CLASS.cast(FloatVector.zero(SPECIES));
        for (int step = 0; step < hiddenForward.left.length; step++) {
            z = VECTOR_CLASS.cast(in).rearrange(hiddenForward.left[step])
                    .fma(VECTOR_CLASS.cast(w0).rearrange(hiddenForward.right[step]), VECTOR_CLASS.cast(z));
        }
        for (VectorShuffle<Float> fold : hiddenForward.folds) {
            FloatVector copies = VECTOR_CLASS.cast(z);
            z = copies.add(copies.rearrange(fold));
        }
        z = VECTOR_CLASS.cast(z).add(VECTOR_CLASS.cast(FloatVector.fromArray(SPECIES, hiddenBiases, 0))
                .rearrange(hiddenBiasTile));
        z = VECTOR_CLASS.cast(z);
        FloatVector h = VECTOR_CLASS.cast(FloatVector.broadcast(SPECIES, 1f))
                .div(z.neg().lanewise(VectorOperators.EXP).add(1f));
        VECTOR_CLASS.cast(h).intoArray(hiddenValues, chunk);

        FloatVector w1 = VECTOR_CLASS.cast(FloatVector.fromArray(SPECIES, outputWeights, 0));
        z = VECTOR_CLASS.cast(FloatVector.zero(SPECIES));
        for (int step = 0; step < outputForward.left.length; step++) {
            z = VECTOR_CLASS.cast(h).rearrange(outputForward.left[step])
                    .fma(VECTOR_CLASS.cast(w1).rearrange(outputForward.right[step]), VECTOR_CLASS.cast(z));
        }
        for (VectorShuffle<Float> fold : outputForward.folds) {
            FloatVector copies = VECTOR_CLASS.cast(z);
            z = copies.add(copies.rearrange(fold));
        }
        z = VECTOR_CLASS.cast(z).add(VECTOR_CLASS.cast(FloatVector.fromArray(SPECIES, outputBiases, 0))
                .rearrange(outputBiasTile));
        z = VECTOR_CLASS.cast(z);
        FloatVector out = VECTOR_CLASS.cast(FloatVector.broadcast(SPECIES, 1f))
                .div(z.neg().lanewise(VectorOperators.EXP).add(1f));
        VECTOR_CLASS.cast(out).intoArray(outputValues, chunk);

        FloatVector error = VECTOR_CLASS.cast(out).sub(VECTOR_CLASS.cast(FloatVector.fromArray(SPECIES, y, chunk)));
        VECTOR_CLASS.cast(error).intoArray(errorValues, chunk);
        FloatVector below = VECTOR_CLASS.cast(FloatVector.zero(SPECIES));
        for (int step = 0; step < outputBack.left.length; step++) {
            below = VECTOR_CLASS.cast(error).rearrange(outputBack.left[step])
                    .fma(VECTOR_CLASS.cast(w1).rearrange(outputBack.right[step]), VECTOR_CLASS.cast(below));
        }
        for (VectorShuffle<Float> fold : outputBack.folds) {
            FloatVector copies = VECTOR_CLASS.cast(below);
            below = copies.add(copies.rearrange(fold));
        }
        below = VECTOR_CLASS.cast(below)
                .mul(VECTOR_CLASS.cast(h).mul(VECTOR_CLASS.cast(FloatVector.broadcast(SPECIES, 1f))
                        .sub(VECTOR_CLASS.cast(h))));
        VECTOR_CLASS.cast(below).intoArray(belowValues, chunk);
    }

    /**
     * One layer's update, as {@link OneVectorStep} makes it: the weight gradient
     * {@code sum_r input(r, :) (x) delta(r, :)} and the bias gradient {@code sum_r delta(r, :)}, times
     * {@code scale}, added to the layer's scratch copies; the chunks' terms add into the same sums, chunk after chunk.
     */
    private static void update(OneVectorStep.Product gradient, float[] inputValues, float[] deltaValues,
                               float[] weights, float[] biases, float[] weightLanes, float[] biasLanes, float scale) {
        FloatVector weightSum = VECTOR_CLASS.cast(FloatVector.zero(SPECIES));
        FloatVector biasSum = VECTOR_CLASS.cast(FloatVector.zero(SPECIES));
        FloatVector input = VECTOR_CLASS.cast(FloatVector.fromArray(SPECIES, inputValues, 0));
        FloatVector delta = VECTOR_CLASS.cast(FloatVector.fromArray(SPECIES, deltaValues, 0));
        for (int step = 0; step < gradient.left.length; step++) {
            // lanes (k, j) of each copy take delta (r, j); those of k = 0 are lanes j, what the bias sums
            FloatVector rowDelta = VECTOR_CLASS.cast(delta).rearrange(gradient.right[step]);
            weightSum = VECTOR_CLASS.cast(input).rearrange(gradient.left[step])
                    .fma(rowDelta, VECTOR_CLASS.cast(weightSum));
            biasSum = VECTOR_CLASS.cast(biasSum).add(rowDelta);
        }
        if (CHUNKS == 2) {
            // the second chunk's terms into the same sums, the loop above again: a loop over chunks around it
            // would carry the sums across both loops, and C2 boxes them there
            input = VECTOR_CLASS.cast(FloatVector.fromArray(SPECIES, inputValues, LANES));
            delta = VECTOR_CLASS.cast(FloatVector.fromArray(SPECIES, deltaValues, LANES));
            for (int step = 0; step < gradient.left.length; step++) {
                FloatVector rowDelta = VECTOR_CLASS.cast(delta).rearrange(gradient.right[step]);
                weightSum = VECTOR_CLASS.cast(input).rearrange(gradient.left[step])
                        .fma(rowDelta, VECTOR_CLASS.cast(weightSum));
                biasSum = VECTOR_CLASS.cast(biasSum).add(rowDelta);
            }
        }
        for (VectorShuffle<Float> fold : gradient.folds) {
            FloatVector copies = VECTOR_CLASS.cast(weightSum);
            weightSum = copies.add(copies.rearrange(fold));
            copies = VECTOR_CLASS.cast(biasSum);
            biasSum = copies.add(copies.rearrange(fold));
        }
        // every vector cast before it is stored (Vectors.VECTOR_CLASS)
        FloatVector newWeights = VECTOR_CLASS.cast(weightSum)
                .fma(VECTOR_CLASS.cast(FloatVector.fromArray(SPECIES, weightLanes, 0)).mul(scale),
                        VECTOR_CLASS.cast(FloatVector.fromArray(SPECIES, weights, 0)));
        VECTOR_CLASS.cast(newWeights).intoArray(weights, 0);
        FloatVector newBiases = VECTOR_CLASS.cast(biasSum)
                .fma(VECTOR_CLASS.cast(FloatVector.fromArray(SPECIES, biasLanes, 0)).mul(scale),
                        VECTOR_CLASS.cast(FloatVector.fromArray(SPECIES, biases, 0)));
        VECTOR_CLASS.cast(newBiases).intoArray(biases, 0);
    }

    /** The step's scratch copies back into the network's arrays, and the outputs into the caller's. */
    private void writeBack(float[][] weights, float[][] biases, float[] output) {
        OneVectorStep.copy(hiddenWeights, 0, weights[0], 0, inputs * hidden);
        OneVectorStep.copy(hiddenBiases, 0, biases[0], 0, hidden);
        OneVectorStep.copy(outputWeights, 0, weights[1], 0, hidden * outputs);
        OneVectorStep.copy(outputBiases, 0, biases[1], 0, outputs);
        for (int c = 0; c < CHUNKS; c++) {
            OneVectorStep.copy(outputValues, c * LANES, output, c * targetCount, targetCount);
        }
    }
}
