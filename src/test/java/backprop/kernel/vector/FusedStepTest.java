package backprop.kernel.vector;

import backprop.Activation;
import backprop.Init;
import backprop.Metrics;
import backprop.Network;
import backprop.Trainer;
import backprop.TrainingConfig;
import backprop.data.Dataset;
import backprop.kernel.FusedStep;
import backprop.kernel.ScalarKernels;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.Arrays;
import java.util.Random;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The fused steps of tiny networks, the one on vector registers ({@link OneVectorStep}), the same written out for one
 * hidden layer ({@link TwoLayerStep}) and the one in plain loops ({@link SmallNetworkStep}), train as the scalar
 * reference does, epoch by epoch, for every small shape each takes:
 * layers of one to sixteen units, one to eight rows a batch in one or two chunks, several depths and activations,
 * full batches and mini-batches with a short last one (which the layer-by-layer path trains). A shape a step does
 * not take at this vector width is a skip that names the step, the shape and the width.
 */
@Tag("vector-equivalence")
class FusedStepTest {

    private static final int EPOCHS = 300;

    enum Path {
        TWO_LAYER(Blocking.forThisMachine().withFusedSteps(true, Blocking.forThisMachine().oneVectorChunks, 0),
                TwoLayerStep.class),
        ONE_VECTOR(Blocking.forThisMachine().withFusedSteps(false, Blocking.forThisMachine().oneVectorChunks, 0),
                OneVectorStep.class),
        SMALL_NETWORK(Blocking.forThisMachine().withFusedSteps(false, 0, Blocking.forThisMachine().smallNetworkLayer),
                SmallNetworkStep.class);

        final Blocking blocking;
        final Class<? extends FusedStep> step;

        Path(Blocking blocking, Class<? extends FusedStep> step) {
            this.blocking = blocking;
            this.step = step;
        }

        boolean takes(int[] layers, Activation[] activations, int batch) {
            switch (this) {
                case TWO_LAYER:
                    return TwoLayerStep.fits(layers, activations, batch, blocking.oneVectorChunks);
                case ONE_VECTOR:
                    return OneVectorStep.fits(layers, activations, batch, blocking.oneVectorChunks);
                default:
                    return SmallNetworkStep.fits(layers, activations, batch, blocking.smallNetworkLayer);
            }
        }
    }

    /** Shape, activations, batch size and rows of the data. */
    private static final String[][] CASES = {
            {"2-4-1", "sigmoid:sigmoid", "4", "4"},
            {"2-4-1", "sigmoid:sigmoid", "2", "8"},
            {"3-5-2", "tanh:sigmoid", "3", "7"},
            {"1-3-3-1", "relu:tanh:sigmoid", "4", "4"},
            {"2-2-2", "sigmoid:tanh", "2", "6"},
            {"1-1-1", "sigmoid:sigmoid", "1", "3"},
            {"4-2-4", "tanh:relu", "4", "9"},
            {"2-4-1", "sigmoid:sigmoid", "8", "16"},
            {"1-2-1", "sigmoid:sigmoid", "8", "20"},
            {"2-2-1", "tanh:sigmoid", "6", "12"},
            {"2-3-2", "relu:sigmoid", "4", "10"},
            {"4-16-2", "tanh:sigmoid", "4", "10"},
            {"3-8-3-2", "relu:relu:sigmoid", "2", "5"},
            {"8-4-4", "sigmoid:tanh", "4", "8"},
            {"3-4-2", "tanh:identity", "4", "8"},
            {"2-2-1", "sigmoid:sigmoid", "2", "6"},
            {"1-2-1", "sigmoid:sigmoid", "4", "8"},
            {"3-4-2", "sigmoid:sigmoid", "2", "9"},
    };

    static Stream<Arguments> cases() {
        return Arrays.stream(Path.values()).flatMap(path -> Arrays.stream(CASES)
                .map(c -> Arguments.of(path, c[0], c[1], Integer.parseInt(c[2]), Integer.parseInt(c[3]))));
    }

    static Stream<Arguments> shapes() {
        return Arrays.stream(CASES).map(c -> Arguments.of(c[0], c[1], Integer.parseInt(c[2]), Integer.parseInt(c[3])));
    }

    @ParameterizedTest(name = "{0}: {1} {2} batch {3} of {4} rows")
    @MethodSource("cases")
    void trainsAsTheScalarReferenceDoes(Path path, String shape, String activationNames, int batch, int rows) {
        int[] layers = Arrays.stream(shape.split("-")).mapToInt(Integer::parseInt).toArray();
        Activation[] activations = Arrays.stream(activationNames.split(":")).map(Activation::parse)
                .toArray(Activation[]::new);
        assumeTrue(path.takes(layers, activations, batch),
                path + " does not take " + shape + " at batch " + batch + " on " + Vectors.LANES + " lanes");
        VectorKernels vector = new VectorKernels(path.blocking, 1);
        assertEquals(path.step, vector.fusedStep(layers, activations, batch).map(Object::getClass).orElse(null),
                "the step the vector kernels offer");

        Dataset data = randomData(layers[0], layers[layers.length - 1], rows);
        Network onScalar = network(layers, activations);
        Network onVector = network(layers, activations);
        TrainingConfig config = TrainingConfig.defaults().withLearningRate(0.3f).withBatchSize(batch)
                .withShuffle(true).withSeed(3).withMomentum(0f);
        Trainer scalarTrainer = new Trainer(onScalar, data, new ScalarKernels(), config);
        Trainer vectorTrainer = new Trainer(onVector, data, vector, config);

        double firstLoss = Double.NaN;
        double lastLoss = Double.NaN;
        for (int epoch = 0; epoch < EPOCHS; epoch++) {
            Metrics scalar = scalarTrainer.epoch();
            Metrics fused = vectorTrainer.epoch();
            assertEquals(scalar.mse(), fused.mse(), 1e-5, "mse of epoch " + epoch);
            if (epoch == 0) firstLoss = scalar.mse();
            lastLoss = scalar.mse();
        }
        assertTrue(lastLoss < firstLoss, "the run should learn: mse " + firstLoss + " -> " + lastLoss);
        int last = layers.length - 1;
        assertClose(scalarTrainer.workspace().activations(last), vectorTrainer.workspace().activations(last),
                "outputs of the last batch");
        for (int l = 0; l < onScalar.depth(); l++) {
            assertClose(onScalar.weights(l), onVector.weights(l), "weights of layer " + l);
            assertClose(onScalar.biases(l), onVector.biases(l), "biases of layer " + l);
        }
    }

    /**
     * The two-layer step computes what the general one-vector step computes, step after step from the same weights.
     * Both make the same operations in the same order, so they agree bit for bit where both run the same compiled
     * exponential; in a JVM where C2 has compiled one step and not yet the other, the interpreter's exponential can
     * differ in its last bit, so the steps are compared within a few ulps, each from the other's weights.
     */
    @ParameterizedTest(name = "{0} {1} batch {2} of {3} rows")
    @MethodSource("shapes")
    void theTwoLayerStepComputesWhatTheOneVectorStepComputes(String shape, String activationNames, int batch,
                                                             int rows) {
        int[] layers = Arrays.stream(shape.split("-")).mapToInt(Integer::parseInt).toArray();
        Activation[] activations = Arrays.stream(activationNames.split(":")).map(Activation::parse)
                .toArray(Activation[]::new);
        int maxChunks = Blocking.forThisMachine().oneVectorChunks;
        assumeTrue(TwoLayerStep.fits(layers, activations, batch, maxChunks),
                "the two-layer step does not take " + shape + " at batch " + batch + " on " + Vectors.LANES + " lanes");
        FusedStep twoLayers = new TwoLayerStep(layers, activations, batch, maxChunks);
        FusedStep general = new OneVectorStep(layers, activations, batch, maxChunks);
        Dataset data = randomData(layers[0], layers[2], rows);
        Network network = network(layers, activations);
        float[][] weights1 = {network.weights(0), network.weights(1)};
        float[][] biases1 = {network.biases(0), network.biases(1)};
        float[][] weights2 = {weights1[0].clone(), weights1[1].clone()};
        float[][] biases2 = {biases1[0].clone(), biases1[1].clone()};
        float[] output1 = new float[batch * layers[2]];
        float[] output2 = new float[batch * layers[2]];
        for (int step = 0; step < 200; step++) {
            for (int l = 0; l < 2; l++) {
                System.arraycopy(weights1[l], 0, weights2[l], 0, weights1[l].length);
                System.arraycopy(biases1[l], 0, biases2[l], 0, biases1[l].length);
            }
            int firstRow = (step * batch) % (rows - batch + 1);
            float loss2 = general.train(data.features(), firstRow * layers[0], data.targets(), firstRow * layers[2],
                    weights2, biases2, -0.1f, output2);
            float loss1 = twoLayers.train(data.features(), firstRow * layers[0], data.targets(), firstRow * layers[2],
                    weights1, biases1, -0.1f, output1);
            assertUlpsClose(new float[] {loss2}, new float[] {loss1}, "loss of step " + step);
            assertUlpsClose(output2, output1, "outputs of step " + step);
            for (int l = 0; l < 2; l++) {
                assertUlpsClose(weights2[l], weights1[l], "weights of layer " + l + " after step " + step);
                assertUlpsClose(biases2[l], biases1[l], "biases of layer " + l + " after step " + step);
            }
        }
    }

    private static void assertUlpsClose(float[] expected, float[] actual, String what) {
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], actual[i], 4 * Math.ulp(Math.max(1f, Math.abs(expected[i]))), what + " at " + i);
        }
    }

    @Test
    void theOneVectorStepIsNotOfferedWhereALayerOrAWeightMatrixOverflowsAVectorOrTheOutputIsSoftmax() {
        int lanes = Vectors.SPECIES.length();
        Activation[] two = {Activation.SIGMOID, Activation.SIGMOID};
        VectorKernels vector = new VectorKernels(Path.ONE_VECTOR.blocking, 1);
        assertFalse(vector.fusedStep(new int[] {1, lanes + 1, 1}, two, 1).isPresent(), "a hidden layer too wide");
        assertFalse(vector.fusedStep(new int[] {1, 1, 1}, two, Path.ONE_VECTOR.blocking.oneVectorChunks * lanes + 1)
                .isPresent(), "a batch in too many chunks");
        assertFalse(vector.fusedStep(new int[] {1, 2, 1}, two, 7 * 11 * lanes).isPresent(),
                "a batch of no fitting chunk");
        int side = (int) Math.sqrt(lanes) + 1;
        assertFalse(vector.fusedStep(new int[] {side, side, 1}, two, 1).isPresent(), "a weight matrix too large");
        assertFalse(vector.fusedStep(new int[] {1, 1, 2}, new Activation[] {Activation.SIGMOID, Activation.SOFTMAX}, 1)
                .isPresent(), "a softmax output");
    }

    @Test
    void theSmallNetworkStepIsNotOfferedWhereALayerTakesMoreThanItsLimitOrTheOutputIsSoftmax() {
        Activation[] two = {Activation.SIGMOID, Activation.SIGMOID};
        long limit = Path.SMALL_NETWORK.blocking.smallNetworkLayer;
        VectorKernels vector = new VectorKernels(Path.SMALL_NETWORK.blocking, 1);
        assertTrue(vector.fusedStep(new int[] {1, (int) limit, 1}, two, 1).isPresent(), "a layer at the limit");
        assertFalse(vector.fusedStep(new int[] {1, (int) limit + 1, 1}, two, 1).isPresent(), "a layer past it");
        assertFalse(vector.fusedStep(new int[] {2, 4, 1}, two, (int) limit).isPresent(), "a batch past it");
        assertFalse(vector.fusedStep(new int[] {1, 1, 2}, new Activation[] {Activation.SIGMOID, Activation.SOFTMAX}, 1)
                .isPresent(), "a softmax output");
    }

    @Test
    void xorTrainsFusedOnEveryVectorWidthAndTheScalarReferenceNeverFuses() {
        Activation[] two = {Activation.SIGMOID, Activation.SIGMOID};
        assertTrue(new VectorKernels().fusedStep(new int[] {2, 4, 1}, two, 4).isPresent(),
                "XOR's step on " + Vectors.LANES + " lanes");
        assertFalse(new ScalarKernels().fusedStep(new int[] {1, 1, 1}, two, 1).isPresent(), "the scalar reference");
    }

    private static Network network(int[] layers, Activation[] activations) {
        Network network = new Network(layers, activations);
        network.initialize(Init.XAVIER, 11);
        return network;
    }

    /** Inputs in [-1, 1) and targets in [0.1, 0.9], which every output activation here can reach or approach. */
    private static Dataset randomData(int inputs, int outputs, int rows) {
        Random random = new Random(17);
        float[] features = new float[rows * inputs];
        float[] targets = new float[rows * outputs];
        for (int i = 0; i < features.length; i++) features[i] = 2 * random.nextFloat() - 1;
        for (int i = 0; i < targets.length; i++) targets[i] = 0.1f + 0.8f * random.nextFloat();
        return new Dataset(features, targets, null, rows, inputs, outputs);
    }

    private static void assertClose(float[] expected, float[] actual, String what) {
        for (int i = 0; i < expected.length; i++) assertEquals(expected[i], actual[i], 1e-4, what + " at " + i);
    }
}
