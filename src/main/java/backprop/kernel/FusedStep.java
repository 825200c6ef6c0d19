package backprop.kernel;

/**
 * One whole SGD step (forward pass, output delta, backward pass, update) in one call, for networks so small that
 * calling the kernels layer by layer costs more than their arithmetic. Built by {@link Kernels#fusedStep} for one
 * shape and batch size; it computes what the trainer's layer-by-layer loop computes, in a different rounding order.
 */
public interface FusedStep {

    /**
     * Trains on one batch of the size it was built for, whose rows start at {@code inputOffset} in {@code input}
     * and at {@code targetOffset} in {@code target}; each
     * weight matrix and bias vector gets {@code scale} times its gradient added ({@code scale = -lr/m}, no
     * momentum). Every delta is computed from the weights as they were at the start of the step. Leaves the
     * network's outputs of the forward pass ({@code rows x outputs}) in {@code output} and returns the sum of their
     * squared errors; the hidden layers' values stay inside the step.
     */
    float train(float[] input, int inputOffset, float[] target, int targetOffset, float[][] weights,
                float[][] biases, float scale, float[] output);
}
