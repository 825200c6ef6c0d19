package backprop.kernel;

import backprop.Activation;

import java.util.Optional;

/**
 * The math one training step needs, and nothing else. Matrices are flat row-major {@code float[]}: a batch of
 * activations is {@code rows x width}, a weight matrix is {@code inputs x outputs} like numpy's {@code W}.
 * Arrays may be longer than the region named by the sizes; an implementation never reads or writes past it.
 *
 * <p>The gradient methods <em>accumulate</em> ({@code target += scale * ...}) so that the trainer can aim them at
 * a zeroed gradient buffer (for gradient checks), at a momentum velocity, or straight at the weights with
 * {@code scale = -lr/m}, which fuses the SGD update into the product.
 *
 * <p>An instance may keep scratch space between calls, so each trainer owns its own and uses it from one thread.
 */
public interface Kernels {

    /** A short description for users, such as {@code scalar} or {@code vector, 16 x float (512-bit)}. */
    String description();

    /**
     * {@code output[r][j] = activation(bias[j] + sum_k input[r][k] * weights[k][j])}, the input's rows starting at
     * {@code inputOffset}, so that a batch can be read where it lies in the data.
     */
    void forward(float[] input, int inputOffset, int rows, int inputs, float[] weights, float[] bias, int outputs,
                 Activation activation, float[] output);

    /**
     * {@code weights} ({@code inputs x outputs}), which must not change afterwards, with a copy in the layout these
     * kernels' forward products read fastest, for {@link #forward(float[], int, int, PackedWeights, float[],
     * Activation, float[])}. Made once per layer of a served model and shared by every thread's kernels of the same
     * kind; the scalar kernels read the weights as they are and make no copy.
     */
    default PackedWeights pack(float[] weights, int inputs, int outputs) {
        return new PackedWeights(weights, inputs, outputs, null, null);
    }

    /**
     * {@link #forward(float[], int, int, int, float[], float[], int, Activation, float[])} on weights made by
     * {@link #pack}: kernels of the kind that packed them read the packed copy, any others the weights as they are.
     */
    default void forward(float[] input, int inputOffset, int rows, PackedWeights weights, float[] bias,
                         Activation activation, float[] output) {
        forward(input, inputOffset, rows, weights.inputs(), weights.weights(), bias, weights.outputs(), activation,
                output);
    }

    /**
     * {@code delta[i] = output[i] - target[targetOffset + i]} for {@code count} elements; returns
     * {@code sum(delta[i]^2)}.
     */
    float outputDelta(float[] output, float[] target, int targetOffset, int count, float[] delta);

    /**
     * The hidden delta of the chain rule:
     * {@code inputDelta[r][k] = (sum_j delta[r][j] * weights[k][j]) * inputActivation'(input[r][k])}, the
     * derivative taken from the layer's output {@code input}.
     */
    void backpropDelta(float[] delta, int rows, int outputs, float[] weights, int inputs,
                       float[] input, Activation inputActivation, float[] inputDelta);

    /**
     * {@code target[k][j] += scale * sum_r input[r][k] * delta[r][j]}: the weight gradient {@code A^T dZ}, the
     * input's rows starting at {@code inputOffset}.
     */
    void addWeightGradient(float[] input, int inputOffset, float[] delta, int rows, int inputs, int outputs, float scale,
                           float[] target);

    /** {@code target[j] += scale * sum_r delta[r][j]}: the bias gradient. */
    void addColumnSums(float[] delta, int rows, int outputs, float scale, float[] target);

    /** {@code values[i] *= factor}. */
    void scale(float[] values, int count, float factor);

    /** {@code target[i] += factor * values[i]}. */
    void addScaled(float[] target, float[] values, int count, float factor);

    /**
     * One Adam or AdamW step on {@code count} parameters, fused into one pass over the four arrays (see
     * {@link AdamStep} for the formulas): reads {@code gradients}, updates the moments and the parameters in place,
     * and leaves {@code gradients} zero, so that the next step accumulates into them without a separate pass to
     * clear them.
     */
    void adamUpdate(float[] parameters, float[] gradients, float[] firstMoments, float[] secondMoments, int count,
                    AdamStep step);

    /**
     * A whole training step fused into one call for networks of {@code layerSizes} with {@code activations} (one
     * per weight layer) trained on batches of {@code rows}, where these kernels have one that beats calling them
     * layer by layer; empty otherwise. Built once per trainer; it may allocate, the step it returns may not.
     */
    default Optional<FusedStep> fusedStep(int[] layerSizes, Activation[] activations, int rows) {
        return Optional.empty();
    }

    /**
     * Called by the trainer after each training step. Kernels that choose their thread count by timing steps
     * count them here; the others ignore it. Never changes what the kernels compute.
     */
    default void stepEnded() {
    }
}
