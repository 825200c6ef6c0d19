package backprop;

import backprop.data.Dataset;
import backprop.kernel.Backend;
import backprop.kernel.KernelProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Early stopping on a data set that overfits: it stops before the limit and keeps the best epoch's weights. */
class EarlyStoppingTest {

    private static final int EPOCH_LIMIT = 2000;
    private static final int PATIENCE = 10;

    @TempDir
    Path folder;

    /**
     * 120 rows whose label follows the first input with 30% of the labels flipped: a wide network learns the
     * flips by heart, so the validation loss falls, then rises.
     */
    static Dataset noisyRows(int rows, long seed) {
        Random random = new Random(seed);
        int inputs = 4;
        float[] x = new float[rows * inputs];
        int[] labels = new int[rows];
        for (int r = 0; r < rows; r++) {
            for (int k = 0; k < inputs; k++) x[r * inputs + k] = (float) random.nextGaussian();
            boolean positive = x[r * inputs] > 0;
            labels[r] = positive ^ random.nextDouble() < 0.3 ? 1 : 0;
        }
        return Dataset.classification(x, labels, rows, inputs, 2, false);
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void stopsBeforeTheLimitAndTheSavedModelIsTheBestEpochs(Backend backend) throws IOException {
        Dataset[] parts = noisyRows(120, 1).splitValidation(0.25, 42);
        Network network = Network.create(new int[] {4, 64, 64, 2}, Activation.RELU, Activation.SOFTMAX, Init.HE, 3);
        TrainingConfig config = TrainingConfig.defaults().withOptimizer(Optimizer.ADAM).withLearningRate(0.01f)
                .withBatchSize(16).withShuffle(true).withEarlyStopping(PATIENCE, 0f);
        Trainer trainer = new Trainer(network, parts[0], parts[1], KernelProvider.create(backend), config);
        List<Double> validationLosses = new ArrayList<>();
        int epoch = 0;
        while (epoch < EPOCH_LIMIT && !trainer.patienceExhausted()) {
            trainer.epoch();
            epoch++;
            validationLosses.add(trainer.validationMetrics().validationLoss());
        }
        assertTrue(epoch < EPOCH_LIMIT, "early stopping never stopped in " + EPOCH_LIMIT + " epochs");
        int best = trainer.bestEpoch();
        assertEquals(epoch - PATIENCE, best, "stopped at epoch " + epoch);
        double lowest = validationLosses.stream().mapToDouble(Double::doubleValue).min().orElseThrow();
        assertEquals(lowest, validationLosses.get(best - 1), "the best epoch has the lowest validation loss");
        assertTrue(validationLosses.get(epoch - 1) > lowest, "the last epoch's loss is the best one");

        trainer.restoreBestEpoch();
        Path file = folder.resolve("best.json");
        ModelFile.write(network, file);
        Metrics saved = Evaluator.evaluate(ModelFile.read(file), parts[1], KernelProvider.create(backend));
        assertEquals(validationLosses.get(best - 1), saved.validationLoss(), 1e-6,
                "the saved model's validation loss against the history's at epoch " + best);
    }

    @Test
    void theValidationSplitKeepsTheClassMix() {
        Dataset data = noisyRows(200, 2);
        Dataset[] parts = data.splitValidation(0.1, 7);
        assertEquals(180, parts[0].rows());
        assertEquals(20, parts[1].rows());
        int[] counts = new int[2];
        for (int r = 0; r < 200; r++) counts[data.labels()[r]]++;
        int[] validationCounts = new int[2];
        for (int r = 0; r < 20; r++) validationCounts[parts[1].labels()[r]]++;
        for (int c = 0; c < 2; c++) assertEquals(Math.round(counts[c] * 0.1), validationCounts[c], "class " + c);
    }

    @Test
    void earlyStoppingWithoutValidationRowsIsRefused() {
        Dataset data = noisyRows(20, 3);
        Network network = Network.create(new int[] {4, 3, 2}, Activation.RELU, Activation.SOFTMAX, Init.HE, 3);
        TrainingConfig config = TrainingConfig.defaults().withEarlyStopping(3, 0f);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Trainer(network, data, KernelProvider.create(Backend.SCALAR), config));
        assertEquals("early stopping needs validation rows", e.getMessage());
    }
}
