package backprop.cli;

import backprop.Activation;
import backprop.Init;
import backprop.Network;
import backprop.Optimizer;
import backprop.Trainer;
import backprop.TrainingConfig;
import backprop.data.Dataset;
import backprop.kernel.Backend;
import backprop.kernel.KernelProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * {@code train}'s warm-up of the vector kernels: started only for runs that may use them, it reaches every kind of
 * output layer and optimizer without failing, ends when asked, and leaves the run's results exactly as they are
 * without it.
 */
class KernelWarmUpTest {

    private static final double LONG_RUN = KernelProvider.SHORT_RUN_MULTIPLY_ADDS * 2;
    private static final TrainingConfig MOMENTUM = TrainingConfig.defaults().withMomentum(0.9f).withBatchSize(50);

    @TempDir
    Path folder;

    @Test
    void scalarRunsAndShortRunsStartNothing() {
        assertNull(KernelWarmUp.startIfUseful(Backend.SCALAR, LONG_RUN, new int[] {256}, Activation.SIGMOID,
                Activation.SOFTMAX, 10, MOMENTUM));
        for (Backend backend : new Backend[] {Backend.AUTO, Backend.VECTOR}) {
            assertNull(KernelWarmUp.startIfUseful(backend, KernelProvider.SHORT_RUN_MULTIPLY_ADDS / 2, new int[] {32},
                    Activation.SIGMOID, Activation.SOFTMAX, 10, MOMENTUM));
        }
    }

    @Test
    void theRunsSizeIsGuessedFromTheFile() throws IOException {
        Path data = Files.write(folder.resolve("data.csv"), new byte[40_000]);
        assertEquals(40_000.0 / KernelWarmUp.BYTES_PER_VALUE * 2 * 128 * 8,
                KernelWarmUp.likelyMultiplyAdds(data, 8, new int[] {128, 64}));
        assertEquals(0, KernelWarmUp.likelyMultiplyAdds(folder.resolve("missing.csv"), 8, new int[] {128}));
        // the README's digits command is a short run: no warm-up, as auto takes the scalar kernels for it
        assertTrue(KernelWarmUp.likelyMultiplyAdds(Path.of("data/digits.csv"), 20, new int[] {32})
                < KernelProvider.SHORT_RUN_MULTIPLY_ADDS);
    }

    @Test
    void deepAndWideNetworksWarmUpForFewerSteps() {
        assertEquals(KernelWarmUp.STEPS, KernelWarmUp.steps(new int[] {16, 4, 1}, 64));
        int mnistLike = KernelWarmUp.steps(new int[] {16, 128, 10}, 64);
        assertTrue(mnistLike > KernelWarmUp.STEPS * 0.9 && mnistLike <= KernelWarmUp.STEPS, "steps " + mnistLike);
        int deep = KernelWarmUp.steps(new int[] {16, 512, 512, 512, 10}, 64);
        assertTrue(deep >= KernelWarmUp.MIN_STEPS && deep < 100, "steps " + deep);
        int[] deeper = new int[22];
        java.util.Arrays.fill(deeper, 512);
        assertEquals(KernelWarmUp.MIN_STEPS, KernelWarmUp.steps(deeper, 64));
    }

    @Test
    void everyOutputLayerAndOptimizerWarmsUpWithoutFailing() {
        assumeVectorWarmUpPossible();
        TrainingConfig adam = MOMENTUM.withOptimizer(Optimizer.ADAM).withWeightDecay(1e-3f);
        Object[][] settings = {
                {new int[] {128}, Activation.SIGMOID, Activation.SOFTMAX, 10, MOMENTUM},
                {new int[] {300, 40}, Activation.RELU, Activation.SIGMOID, 1, adam},
                {new int[] {67}, Activation.TANH, Activation.IDENTITY, 1, TrainingConfig.defaults().withBatchSize(7)},
                {new int[] {5}, Activation.SIGMOID, Activation.SOFTMAX, 10,
                        TrainingConfig.defaults().withBatchSize(TrainingConfig.FULL_BATCH)}};
        for (Object[] s : settings) {
            KernelWarmUp warmUp = KernelWarmUp.startIfUseful(Backend.AUTO, LONG_RUN, (int[]) s[0], (Activation) s[1],
                    (Activation) s[2], (int) s[3], (TrainingConfig) s[4]);
            assertNotNull(warmUp);
            warmUp.awaitEnd();
            assertTrue(warmUp.ended());
            assertNull(warmUp.failure(), () -> "the warm-up of " + s[1] + "/" + s[2] + " failed: " + warmUp.failure());
        }
    }

    @Test
    void stopEndsTheWarmUp() {
        assumeVectorWarmUpPossible();
        KernelWarmUp warmUp = KernelWarmUp.startIfUseful(Backend.VECTOR, LONG_RUN, new int[] {256, 256},
                Activation.SIGMOID, Activation.SOFTMAX, 10, MOMENTUM);
        assertNotNull(warmUp);
        warmUp.stop();
        assertTrue(warmUp.ended());
        assertNull(warmUp.failure());
    }

    /**
     * The warm-up shares nothing with the run: a trainer beside it computes the same bits as one alone. ReLU and
     * identity outputs, because the JDK's vector {@code EXP} and {@code TANH} need not give the same last bit before
     * and after C2 compiles them, which would make the two runs differ without the warm-up's doing.
     */
    @Test
    void aRunBesideTheWarmUpTrainsTheSameWeights() {
        assumeVectorWarmUpPossible();
        Network alone = trainVectorNetwork(null);
        KernelWarmUp warmUp = KernelWarmUp.startIfUseful(Backend.VECTOR, LONG_RUN, new int[] {67}, Activation.RELU,
                Activation.IDENTITY, 1, MOMENTUM);
        assertNotNull(warmUp);
        Network beside = trainVectorNetwork(warmUp);
        warmUp.awaitEnd();
        assertNull(warmUp.failure());
        for (int l = 0; l < alone.depth(); l++) {
            assertArrayEquals(alone.weights(l), beside.weights(l), "layer " + l + "'s weights");
            assertArrayEquals(alone.biases(l), beside.biases(l), "layer " + l + "'s biases");
        }
    }

    /** 40 epochs of a 70-67-3 ReLU regression network with momentum, while {@code warmUp} (may be null) runs. */
    private static Network trainVectorNetwork(KernelWarmUp warmUp) {
        Random random = new Random(3);
        int rows = 203;
        float[] features = new float[rows * 70];
        for (int i = 0; i < features.length; i++) features[i] = random.nextFloat();
        float[] targets = new float[rows * 3];
        for (int i = 0; i < targets.length; i++) targets[i] = random.nextFloat();
        Dataset data = new Dataset(features, targets, null, rows, 70, 3);
        Network network = Network.create(new int[] {70, 67, 3}, Activation.RELU, Activation.IDENTITY, Init.HE, 2);
        Trainer trainer = new Trainer(network, data, KernelProvider.create(Backend.VECTOR, 1), MOMENTUM);
        for (int epoch = 0; epoch < 40; epoch++) trainer.epoch();
        if (warmUp != null) assertNull(warmUp.failure());
        return network;
    }

    private static void assumeVectorWarmUpPossible() {
        assumeTrue(KernelProvider.whyVectorUnavailable().isEmpty(),
                () -> "skipped: " + KernelProvider.whyVectorUnavailable().orElse(""));
        assumeTrue(Runtime.getRuntime().availableProcessors() >= 2,
                "skipped: one processor, where train starts no warm-up");
    }
}
