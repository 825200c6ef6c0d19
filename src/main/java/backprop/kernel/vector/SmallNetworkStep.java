package backprop.kernel.vector;

import backprop.Activation;
import backprop.kernel.FusedStep;

import static backprop.kernel.vector.Vectors.LANES;

/**
 * The whole SGD step of a tiny network in plain loops, for vectors too narrow to hold its matrices
 * ({@link OneVectorStep} needs each weight matrix and each chunk of a layer's rows in one vector): the numpy
 * example's 2-4-1 XOR network on 8 lanes. Layer by layer, such a network spends its step on a dozen kernel calls,
 * each a loop of two to four turns with a vector body that never runs and a scalar tail that does; here the step is
 * one method over arrays a few floats long, whose loops C2 unrolls whole. The exponentials, the costly part of a
 * tiny step, run as vectors over each layer's whole batch ({@link Epilogues#applyAt}), so XOR's twenty take three
 * vector calls on 8 lanes.
 *
 * <p>It computes what {@link backprop.kernel.ScalarKernels} computes; the forward pass and the deltas add in the
 * same order, the weight gradient sums over the batch's rows before it scales.
 */
final class SmallNetworkStep implements FusedStep {

    private final int depth;
    private final int rows;
    private final int[] sizes;
    private final Activation[] activations;
    /**
     * {@code activated[l + 1]} is layer {@code l}'s output, {@code rows x sizes[l + 1]} padded to whole vectors so
     * that the activation runs on whole vectors; the input is the caller's.
     */
    private final float[][] activated;
    /** {@code deltas[l]} is the delta of layer {@code l}'s output, {@code rows x sizes[l + 1]}. */
    private final float[][] deltas;

    /**
     * Whether every layer's product on a batch of {@code rows} takes at most {@code maxLayerMultiplyAdds}
     * multiply-adds ({@link Blocking#smallNetworkLayer}) and every activation is elementwise.
     */
    static boolean fits(int[] sizes, Activation[] activations, int rows, long maxLayerMultiplyAdds) {
        for (int l = 0; l + 1 < sizes.length; l++) {
            if ((long) rows * sizes[l] * sizes[l + 1] > maxLayerMultiplyAdds) return false;
        }
        for (Activation activation : activations) if (!activation.isElementwise()) return false;
        return true;
    }

    SmallNetworkStep(int[] sizes, Activation[] activations, int rows) {
        for (Activation activation : activations) {
            if (!activation.isElementwise()) throw new IllegalArgumentException(activation + " is not elementwise");
        }
        this.sizes = sizes.clone();
        this.activations = activations.clone();
        this.rows = rows;
        this.depth = sizes.length - 1;
        activated = new float[depth + 1][];
        deltas = new float[depth][];
        for (int l = 1; l <= depth; l++) activated[l] = new float[(rows * sizes[l] + LANES - 1) / LANES * LANES];
        for (int l = 0; l < depth; l++) deltas[l] = new float[rows * sizes[l + 1]];
    }

    @Override
    public float train(float[] input, int inputOffset, float[] target, int targetOffset, float[][] weights,
                       float[][] biases, float scale, float[] output) {
        for (int l = 0; l < depth; l++) {
            float[] in = l == 0 ? input : activated[l];
            int inOffset = l == 0 ? inputOffset : 0;
            forward(in, inOffset, weights[l], biases[l], sizes[l], sizes[l + 1], activations[l], activated[l + 1]);
        }

        int outputs = sizes[depth];
        System.arraycopy(activated[depth], 0, output, 0, rows * outputs);
        float[] outputDelta = deltas[depth - 1];
        float squaredError = 0f;
        for (int i = 0; i < rows * outputs; i++) {
            float error = output[i] - target[targetOffset + i];
            outputDelta[i] = error;
            squaredError += error * error;
        }

        for (int l = depth - 1; l >= 0; l--) {
            if (l > 0) {
                deltaBelow(deltas[l], weights[l], activated[l], sizes[l], sizes[l + 1], activations[l - 1],
                        deltas[l - 1]);
            }
            float[] in = l == 0 ? input : activated[l];
            int inOffset = l == 0 ? inputOffset : 0;
            update(in, inOffset, deltas[l], sizes[l], sizes[l + 1], scale, weights[l], biases[l]);
        }
        return squaredError;
    }

    /** {@code out = f(in W + b)}: the sums row by row, then the activation a vector at a time. */
    private void forward(float[] in, int inOffset, float[] weight, float[] bias, int inWidth, int outWidth,
                         Activation activation, float[] out) {
        for (int r = 0; r < rows; r++) {
            for (int j = 0; j < outWidth; j++) {
                float sum = bias[j];
                for (int k = 0; k < inWidth; k++) sum += in[inOffset + r * inWidth + k] * weight[k * outWidth + j];
                out[r * outWidth + j] = sum;
            }
        }
        Epilogues.Op op = Epilogues.Op.of(activation);
        for (int at = 0; at < out.length; at += LANES) Epilogues.applyAt(op, out, at);
    }

    /** {@code below = (delta W^T) * f'(activated)}, from the weights as they were at the start of the step. */
    private void deltaBelow(float[] delta, float[] weight, float[] activated, int inWidth, int outWidth,
                            Activation activation, float[] below) {
        for (int r = 0; r < rows; r++) {
            for (int k = 0; k < inWidth; k++) {
                float sum = 0f;
                for (int j = 0; j < outWidth; j++) sum += delta[r * outWidth + j] * weight[k * outWidth + j];
                below[r * inWidth + k] = sum * activation.derivativeFromOutput(activated[r * inWidth + k]);
            }
        }
    }

    /** {@code W += scale * in^T delta} and {@code b += scale * (the column sums of delta)}. */
    private void update(float[] in, int inOffset, float[] delta, int inWidth, int outWidth, float scale,
                        float[] weight, float[] bias) {
        for (int k = 0; k < inWidth; k++) {
            for (int j = 0; j < outWidth; j++) {
                float sum = 0f;
                for (int r = 0; r < rows; r++) sum += in[inOffset + r * inWidth + k] * delta[r * outWidth + j];
                weight[k * outWidth + j] += scale * sum;
            }
        }
        for (int j = 0; j < outWidth; j++) {
            float sum = 0f;
            for (int r = 0; r < rows; r++) sum += delta[r * outWidth + j];
            bias[j] += scale * sum;
        }
    }
}
