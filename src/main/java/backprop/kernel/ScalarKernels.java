package backprop.kernel;

import backprop.Activation;

/**
 * The textbook loops: the reference every other implementation is tested against, and the baseline every
 * benchmark is measured against. Loops run in the cache-friendly order (the innermost index walks contiguous
 * memory) but are otherwise left as a reader would write them.
 */
public final class ScalarKernels implements Kernels {

    @Override
    public String description() {
        return "scalar";
    }

    @Override
    public void forward(float[] input, int inputOffset, int rows, int inputs, float[] weights, float[] bias, int outputs,
                        Activation activation, float[] output) {
        for (int r = 0; r < rows; r++) {
            int out = r * outputs;
            System.arraycopy(bias, 0, output, out, outputs);
            for (int k = 0; k < inputs; k++) {
                float a = input[inputOffset + r * inputs + k];
                int w = k * outputs;
                for (int j = 0; j < outputs; j++) {
                    output[out + j] += a * weights[w + j];
                }
            }
            if (activation.isElementwise()) {
                for (int j = 0; j < outputs; j++) output[out + j] = activation.apply(output[out + j]);
            } else {
                Activation.softmaxRow(output, out, outputs);
            }
        }
    }

    @Override
    public float outputDelta(float[] output, float[] target, int targetOffset, int count, float[] delta) {
        // summed in double: one float running sum over a full batch of tens of thousands of rows drifts
        double squares = 0;
        for (int i = 0; i < count; i++) {
            float d = output[i] - target[targetOffset + i];
            delta[i] = d;
            squares += (double) d * d;
        }
        return (float) squares;
    }

    @Override
    public void backpropDelta(float[] delta, int rows, int outputs, float[] weights, int inputs,
                              float[] input, Activation inputActivation, float[] inputDelta) {
        for (int r = 0; r < rows; r++) {
            for (int k = 0; k < inputs; k++) {
                float sum = 0f;
                for (int j = 0; j < outputs; j++) {
                    sum += delta[r * outputs + j] * weights[k * outputs + j];
                }
                int i = r * inputs + k;
                inputDelta[i] = sum * inputActivation.derivativeFromOutput(input[i]);
            }
        }
    }

    @Override
    public void addWeightGradient(float[] input, int inputOffset, float[] delta, int rows, int inputs, int outputs, float scale,
                                  float[] target) {
        // one outer product per row of the batch, so the inner loop walks contiguous rows of delta and target
        for (int r = 0; r < rows; r++) {
            for (int k = 0; k < inputs; k++) {
                float a = scale * input[inputOffset + r * inputs + k];
                int t = k * outputs;
                for (int j = 0; j < outputs; j++) {
                    target[t + j] += a * delta[r * outputs + j];
                }
            }
        }
    }

    @Override
    public void addColumnSums(float[] delta, int rows, int outputs, float scale, float[] target) {
        for (int j = 0; j < outputs; j++) {
            float sum = 0f;
            for (int r = 0; r < rows; r++) sum += delta[r * outputs + j];
            target[j] += scale * sum;
        }
    }

    @Override
    public void scale(float[] values, int count, float factor) {
        for (int i = 0; i < count; i++) values[i] *= factor;
    }

    @Override
    public void addScaled(float[] target, float[] values, int count, float factor) {
        for (int i = 0; i < count; i++) target[i] += factor * values[i];
    }

    @Override
    public void adamUpdate(float[] parameters, float[] gradients, float[] firstMoments, float[] secondMoments,
                           int count, AdamStep step) {
        adamUpdate(parameters, gradients, firstMoments, secondMoments, 0, count, step);
    }

    /** {@link #adamUpdate} on elements {@code from .. to-1}; the vector backend's tail. */
    public static void adamUpdate(float[] parameters, float[] gradients, float[] firstMoments, float[] secondMoments,
                                  int from, int to, AdamStep step) {
        float beta1 = step.beta1();
        float beta2 = step.beta2();
        float decay = step.gradientDecay();
        float scale = step.parameterScale();
        float stepSize = step.stepSize();
        float correction = step.inverseRootCorrection2();
        float epsilon = step.epsilon();
        for (int i = from; i < to; i++) {
            float p = parameters[i];
            float g = gradients[i] + decay * p;
            float m = beta1 * firstMoments[i] + (1f - beta1) * g;
            float v = beta2 * secondMoments[i] + (1f - beta2) * g * g;
            firstMoments[i] = m;
            secondMoments[i] = v;
            gradients[i] = 0f;
            parameters[i] = scale * p - stepSize * m / ((float) Math.sqrt(v) * correction + epsilon);
        }
    }
}
