package backprop;

import backprop.data.Dataset;
import backprop.kernel.Backend;
import backprop.kernel.KernelProvider;
import backprop.kernel.Kernels;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.Random;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The backward pass's gradients equal central finite differences of the loss, the loss computed in double by
 * {@link NumericalGradient}'s own forward pass, so the check does not lean on the kernels it checks.
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
                for (Activation output : new Activation[] {Activation.SIGMOID, Activation.SOFTMAX, Activation.IDENTITY}) {
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
        checkGradients(KernelProvider.create(backend), hidden, output, layers, 6);
    }

    /**
     * Products of {@code 32 x 40 x 56} and larger pass the vector backend's small-product and parallel thresholds,
     * so its packed tiles, their edges and the split between two threads are what the finite differences check.
     */
    @ParameterizedTest(name = "{0}/{1}")
    @CsvSource({"SIGMOID, SOFTMAX", "RELU, SIGMOID", "TANH, IDENTITY"})
    void tiledProductsMatchFiniteDifferences(Activation hidden, Activation output) {
        checkGradients(KernelProvider.create(Backend.VECTOR, 2), hidden, output, new int[] {40, 56, 20}, 32);
    }

    private static void checkGradients(Kernels kernels, Activation hidden, Activation output, int[] layers, int rows) {
        Network network = Network.create(layers, hidden, output, Init.defaultFor(hidden), 7);
        randomizeBiases(network, new Random(3));
        Dataset data = output == Activation.IDENTITY
                ? randomTargets(layers[0], layers[layers.length - 1], rows, new Random(11))
                : randomData(layers[0], layers[layers.length - 1], rows, new Random(11));
        Trainer trainer = new Trainer(network, data, kernels, TrainingConfig.defaults());
        float[][] weightGrads = new float[network.depth()][];
        float[][] biasGrads = new float[network.depth()][];
        for (int l = 0; l < network.depth(); l++) {
            weightGrads[l] = new float[network.weights(l).length];
            biasGrads[l] = new float[network.biases(l).length];
        }
        trainer.gradients(0, rows, weightGrads, biasGrads);

        NumericalGradient numerical = new NumericalGradient(network, data);
        for (int l = 0; l < network.depth(); l++) {
            check(numerical.weights(l, STEP), weightGrads[l], "weights[" + l + "]");
            check(numerical.biases(l, STEP), biasGrads[l], "biases[" + l + "]");
        }
    }

    private static void check(double[] numeric, float[] analytic, String name) {
        for (int i = 0; i < numeric.length; i++) {
            double error = Math.abs(analytic[i] - numeric[i]);
            double scale = Math.max(Math.abs(analytic[i]), Math.abs(numeric[i]));
            assertTrue(error <= RELATIVE * scale || error <= ABSOLUTE_FLOOR,
                    name + "[" + i + "]: analytic " + analytic[i] + " vs numeric " + numeric[i]);
        }
    }

    private static void randomizeBiases(Network network, Random random) {
        for (int l = 0; l < network.depth(); l++) {
            float[] b = network.biases(l);
            for (int j = 0; j < b.length; j++) b[j] = (float) (random.nextGaussian() * 0.3);
        }
    }

    /** Regression rows: targets of either sign and beyond [-1, 1], as identity outputs may produce. */
    private static Dataset randomTargets(int inputs, int outputs, int rows, Random random) {
        float[] x = new float[rows * inputs];
        for (int i = 0; i < x.length; i++) x[i] = (float) (random.nextDouble() * 2 - 1);
        float[] y = new float[rows * outputs];
        for (int i = 0; i < y.length; i++) y[i] = (float) (random.nextGaussian() * 2);
        return new Dataset(x, y, null, rows, inputs, outputs);
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
