package backprop;

import backprop.data.Dataset;
import backprop.kernel.Backend;
import backprop.kernel.KernelProvider;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.Random;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The backward pass's gradients equal central finite differences of the loss, the loss computed in double by an
 * independent forward pass written here, so the check does not lean on the code it checks.
 */
class GradientCheckTest {

    private static final double STEP = 1e-4;
    private static final double RELATIVE = 1e-3;
    /** Below this, both gradients are noise of float32 sums and the ratio means nothing. */
    private static final double ABSOLUTE_FLOOR = 2e-6;

    static Stream<Arguments> networks() {
        Stream.Builder<Arguments> cases = Stream.builder();
        for (Backend backend : new Backend[] {Backend.SCALAR, Backend.VECTOR}) {
            for (Activation hidden : new Activation[] {Activation.SIGMOID, Activation.TANH, Activation.RELU}) {
                for (Activation output : new Activation[] {Activation.SIGMOID, Activation.SOFTMAX}) {
                    cases.add(Arguments.of(backend, hidden, output, new int[] {5, 7, 3}));
                    cases.add(Arguments.of(backend, hidden, output, new int[] {6, 9, 8, 5, 4}));
                }
            }
        }
        return cases.build();
    }

    @ParameterizedTest(name = "{0} {1}/{2} {3}")
    @MethodSource("networks")
    void analyticGradientsMatchFiniteDifferences(Backend backend, Activation hidden, Activation output, int[] layers) {
        Network network = Network.create(layers, hidden, output, Init.defaultFor(hidden), 7);
        randomizeBiases(network, new Random(3));
        int rows = 6;
        Dataset data = randomData(layers[0], layers[layers.length - 1], rows, new Random(11));
        Trainer trainer = new Trainer(network, data, KernelProvider.create(backend), TrainingConfig.defaults());
        float[][] weightGrads = new float[network.depth()][];
        float[][] biasGrads = new float[network.depth()][];
        for (int l = 0; l < network.depth(); l++) {
            weightGrads[l] = new float[network.weights(l).length];
            biasGrads[l] = new float[network.biases(l).length];
        }
        trainer.gradients(0, rows, weightGrads, biasGrads);

        for (int l = 0; l < network.depth(); l++) {
            checkParameters(network, data, network.weights(l), weightGrads[l], "weights[" + l + "]");
            checkParameters(network, data, network.biases(l), biasGrads[l], "biases[" + l + "]");
        }
    }

    private static void checkParameters(Network network, Dataset data, float[] parameters, float[] analytic,
                                        String name) {
        for (int i = 0; i < parameters.length; i++) {
            float original = parameters[i];
            double numeric = (loss(network, data, i, parameters, original + STEP)
                    - loss(network, data, i, parameters, original - STEP)) / (2 * STEP);
            parameters[i] = original;
            double error = Math.abs(analytic[i] - numeric);
            double scale = Math.max(Math.abs(analytic[i]), Math.abs(numeric));
            assertTrue(error <= RELATIVE * scale || error <= ABSOLUTE_FLOOR,
                    name + "[" + i + "]: analytic " + analytic[i] + " vs numeric " + numeric);
        }
    }

    /** The mean loss over the rows with {@code parameters[index]} set to {@code value}, in double. */
    private static double loss(Network network, Dataset data, int index, float[] parameters, double value) {
        double total = 0;
        for (int r = 0; r < data.rows(); r++) {
            double[] a = new double[network.inputs()];
            for (int k = 0; k < a.length; k++) a[k] = data.features()[r * a.length + k];
            for (int l = 0; l < network.depth(); l++) {
                a = layer(network, l, a, parameters, index, value);
            }
            Activation output = network.activation(network.depth() - 1);
            for (int j = 0; j < a.length; j++) {
                double y = data.targets()[r * a.length + j];
                total -= output == Activation.SOFTMAX ? y * Math.log(a[j])
                        : y * Math.log(a[j]) + (1 - y) * Math.log(1 - a[j]);
            }
        }
        return total / data.rows();
    }

    private static double[] layer(Network network, int l, double[] input, float[] parameters, int index, double value) {
        float[] w = network.weights(l);
        float[] b = network.biases(l);
        int outputs = network.layerSize(l + 1);
        double[] z = new double[outputs];
        for (int j = 0; j < outputs; j++) {
            z[j] = b == parameters && j == index ? value : b[j];
            for (int k = 0; k < input.length; k++) {
                int i = k * outputs + j;
                z[j] += input[k] * (w == parameters && i == index ? value : w[i]);
            }
        }
        Activation activation = network.activation(l);
        if (activation == Activation.SOFTMAX) {
            double max = Double.NEGATIVE_INFINITY;
            for (double v : z) max = Math.max(max, v);
            double sum = 0;
            for (int j = 0; j < outputs; j++) sum += z[j] = Math.exp(z[j] - max);
            for (int j = 0; j < outputs; j++) z[j] /= sum;
        } else {
            for (int j = 0; j < outputs; j++) {
                switch (activation) {
                    case SIGMOID: z[j] = 1 / (1 + Math.exp(-z[j])); break;
                    case TANH: z[j] = Math.tanh(z[j]); break;
                    default: z[j] = Math.max(0, z[j]);
                }
            }
        }
        return z;
    }

    private static void randomizeBiases(Network network, Random random) {
        for (int l = 0; l < network.depth(); l++) {
            float[] b = network.biases(l);
            for (int j = 0; j < b.length; j++) b[j] = (float) (random.nextGaussian() * 0.3);
        }
    }

    private static Dataset randomData(int inputs, int outputs, int rows, Random random) {
        float[] x = new float[rows * inputs];
        for (int i = 0; i < x.length; i++) x[i] = (float) (random.nextDouble() * 2 - 1);
        int[] labels = new int[rows];
        for (int r = 0; r < rows; r++) labels[r] = random.nextInt(Math.max(outputs, 2));
        return outputs == 1 ? Dataset.classification(x, labels, rows, inputs, 2, true)
                : Dataset.classification(x, labels, rows, inputs, outputs, false);
    }
}
