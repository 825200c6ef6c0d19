package backprop.kernel.vector;

import backprop.Activation;
import backprop.Init;
import backprop.Metrics;
import backprop.Network;
import backprop.Trainer;
import backprop.TrainingConfig;
import backprop.data.Dataset;
import backprop.kernel.ScalarKernels;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Arrays;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The fused one-vector step trains as the scalar reference does, epoch by epoch, for every small shape it takes:
 * layers of one to five units, one to eight rows a batch in one or several chunks, several depths and activations,
 * full batches and mini-batches with a short last one (which the layer-by-layer path trains).
 */
@Tag("vector-equivalence")
class OneVectorStepTest {

    private static final int EPOCHS = 300;

    @ParameterizedTest(name = "{0} {1} batch {2} of {3} rows")
    @CsvSource({
            "2-4-1, sigmoid:sigmoid, 4, 4",
            "2-4-1, sigmoid:sigmoid, 2, 8",
            "3-5-2, tanh:sigmoid, 3, 7",
            "1-3-3-1, relu:tanh:sigmoid, 4, 4",
            "2-2-2, sigmoid:tanh, 2, 6",
            "1-1-1, sigmoid:sigmoid, 1, 3",
            "4-2-4, tanh:relu, 4, 9",
            "2-4-1, sigmoid:sigmoid, 8, 16",
            "1-2-1, sigmoid:sigmoid, 8, 20",
            "2-2-1, tanh:sigmoid, 6, 12",
            "2-3-2, relu:sigmoid, 4, 10",
    })
    void trainsAsTheScalarReferenceDoes(String shape, String activationNames, int batch, int rows) {
        int[] layers = Arrays.stream(shape.split("-")).mapToInt(Integer::parseInt).toArray();
        Activation[] activations = Arrays.stream(activationNames.split(":")).map(Activation::parse)
                .toArray(Activation[]::new);
        assumeTrue(OneVectorStep.fits(layers, activations, batch),
                "the fused step does not take " + shape + " at batch " + batch + " on " + Vectors.LANES + " lanes");
        VectorKernels vector = new VectorKernels();
        assertTrue(vector.fusedStep(layers, activations, batch).isPresent(), "the vector kernels offer the fused step");

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

    @Test
    void isNotOfferedWhereALayerOrAWeightMatrixOverflowsAVectorOrTheOutputIsSoftmax() {
        int lanes = Vectors.SPECIES.length();
        Activation[] two = {Activation.SIGMOID, Activation.SIGMOID};
        VectorKernels vector = new VectorKernels();
        assertFalse(vector.fusedStep(new int[] {1, lanes + 1, 1}, two, 1).isPresent(), "a hidden layer too wide");
        assertFalse(vector.fusedStep(new int[] {1, 1, 1}, two, OneVectorStep.MAX_CHUNKS * lanes + 1).isPresent(),
                "a batch in too many chunks");
        assertFalse(vector.fusedStep(new int[] {1, 2, 1}, two, 7 * 11 * lanes).isPresent(),
                "a batch of no fitting chunk");
        int side = (int) Math.sqrt(lanes) + 1;
        assertFalse(vector.fusedStep(new int[] {side, side, 1}, two, 1).isPresent(), "a weight matrix too large");
        assertFalse(vector.fusedStep(new int[] {1, 1, 2}, new Activation[] {Activation.SIGMOID, Activation.SOFTMAX}, 1)
                .isPresent(), "a softmax output");
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
