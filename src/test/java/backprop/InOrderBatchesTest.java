package backprop;

import backprop.data.Dataset;
import backprop.kernel.Backend;
import backprop.kernel.KernelProvider;
import backprop.kernel.Kernels;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.Arrays;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Batches in file order are read where they lie in the data, at a row offset, not copied: an epoch of them must
 * train exactly as the same batches copied into datasets of their own and trained one after another.
 */
class InOrderBatchesTest {

    private static final int ROWS = 23;
    private static final int BATCH = 8;
    private static final int[] LAYERS = {5, 7, 3};

    @ParameterizedTest
    @EnumSource(Backend.class)
    void anEpochOfInOrderBatchesTrainsAsTheBatchesCopiedOut(Backend backend) {
        Dataset data = randomClassification();
        TrainingConfig config = TrainingConfig.defaults().withLearningRate(0.4f).withBatchSize(BATCH)
                .withShuffle(false).withMomentum(0f);
        Network inPlace = network();
        Trainer trainer = new Trainer(inPlace, data, KernelProvider.create(backend), config);
        Metrics metrics = trainer.epoch();

        Network copied = network();
        Kernels kernels = KernelProvider.create(backend);
        double squaredErrorSum = 0;
        int correct = 0;
        for (int start = 0; start < ROWS; start += BATCH) {
            Dataset batch = rows(data, start, Math.min(BATCH, ROWS - start));
            Metrics one = new Trainer(copied, batch, kernels, config.withBatchSize(batch.rows())).epoch();
            squaredErrorSum += one.mse() * batch.rows() * data.outputs();
            correct += Math.round(one.accuracy() * batch.rows());
        }
        for (int l = 0; l < LAYERS.length - 1; l++) {
            assertArrayEquals(copied.weights(l), inPlace.weights(l), "weights of layer " + l);
            assertArrayEquals(copied.biases(l), inPlace.biases(l), "biases of layer " + l);
        }
        assertEquals(squaredErrorSum / ((double) ROWS * data.outputs()), metrics.mse(), 1e-9, "mse");
        assertEquals(correct / (double) ROWS, metrics.accuracy(), 1e-12, "accuracy");
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void theGradientOfABatchInsideTheDataIsTheGradientOfThatBatchAlone(Backend backend) {
        Dataset data = randomClassification();
        TrainingConfig config = TrainingConfig.defaults().withBatchSize(BATCH).withShuffle(false);
        Network network = network();
        float[][] inside = gradientBuffers(network);
        float[][] insideBias = biasBuffers(network);
        new Trainer(network, data, KernelProvider.create(backend), config).gradients(BATCH, BATCH, inside, insideBias);
        float[][] alone = gradientBuffers(network);
        float[][] aloneBias = biasBuffers(network);
        new Trainer(network, rows(data, BATCH, BATCH), KernelProvider.create(backend), config)
                .gradients(0, BATCH, alone, aloneBias);
        for (int l = 0; l < network.depth(); l++) {
            assertArrayEquals(alone[l], inside[l], "weight gradient of layer " + l);
            assertArrayEquals(aloneBias[l], insideBias[l], "bias gradient of layer " + l);
        }
    }

    private static Network network() {
        return Network.create(LAYERS, Activation.TANH, Activation.SOFTMAX, Init.XAVIER, 9);
    }

    private static Dataset randomClassification() {
        Random random = new Random(4);
        float[] features = new float[ROWS * LAYERS[0]];
        for (int i = 0; i < features.length; i++) features[i] = random.nextFloat() * 2 - 1;
        int[] labels = new int[ROWS];
        for (int r = 0; r < ROWS; r++) labels[r] = random.nextInt(LAYERS[2]);
        return Dataset.classification(features, labels, ROWS, LAYERS[0], LAYERS[2], false);
    }

    private static Dataset rows(Dataset data, int start, int count) {
        return Dataset.classification(
                Arrays.copyOfRange(data.features(), start * data.inputs(), (start + count) * data.inputs()),
                Arrays.copyOfRange(data.labels(), start, start + count), count, data.inputs(), data.outputs(), false);
    }

    private static float[][] gradientBuffers(Network network) {
        float[][] buffers = new float[network.depth()][];
        for (int l = 0; l < network.depth(); l++) buffers[l] = new float[network.weights(l).length];
        return buffers;
    }

    private static float[][] biasBuffers(Network network) {
        float[][] buffers = new float[network.depth()][];
        for (int l = 0; l < network.depth(); l++) buffers[l] = new float[network.biases(l).length];
        return buffers;
    }
}
