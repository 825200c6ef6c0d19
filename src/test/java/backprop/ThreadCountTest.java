package backprop;

import backprop.data.Dataset;
import backprop.kernel.Backend;
import backprop.kernel.KernelProvider;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A trainer on the vector backend gives the same bits with 1 thread and with 2: the products here are large enough
 * to be split between threads, and every epoch's metrics and the final parameters must agree exactly. Both are
 * compared once C2 has compiled the kernels: before that, a lane's exponential computed by the interpreter's
 * fallback and by C2's intrinsic can differ by an ulp, whichever thread computes it.
 */
class ThreadCountTest {

    private static final int[] LAYERS = {64, 96, 10};
    private static final int ROWS = 300;
    private static final int EPOCHS = 3;

    /** Epochs of each thread count trained before the compared runs, so that C2 compiles the kernels first. */
    private static final int WARM_UP_EPOCHS = 400;

    @Test
    void oneThreadAndTwoThreadsTrainTheSameBits() {
        train(1, WARM_UP_EPOCHS);
        train(2, WARM_UP_EPOCHS);
        JitQueue.awaitEmpty();
        Run one = train(1);
        Run two = train(2);
        for (int epoch = 0; epoch < EPOCHS; epoch++) {
            assertEquals(Double.doubleToLongBits(one.losses[epoch]), Double.doubleToLongBits(two.losses[epoch]),
                    "loss of epoch " + epoch + ": " + one.losses[epoch] + " vs " + two.losses[epoch]);
        }
        for (int l = 0; l < one.network.depth(); l++) {
            assertArrayEquals(one.network.weights(l), two.network.weights(l), "weights[" + l + "]");
            assertArrayEquals(one.network.biases(l), two.network.biases(l), "biases[" + l + "]");
        }
    }

    private record Run(Network network, double[] losses) {
    }

    private static Run train(int threads) {
        return train(threads, EPOCHS);
    }

    private static Run train(int threads, int epochs) {
        Dataset data = Workload.randomClassification(ROWS, LAYERS[0], LAYERS[2], 17);
        Network network = Network.create(LAYERS, Activation.SIGMOID, Activation.SOFTMAX, Init.XAVIER, 3);
        TrainingConfig config = TrainingConfig.defaults().withBatchSize(64).withShuffle(true).withMomentum(0.9f);
        Trainer trainer = new Trainer(network, data, KernelProvider.create(Backend.VECTOR, threads), config);
        double[] losses = new double[epochs];
        for (int epoch = 0; epoch < epochs; epoch++) losses[epoch] = trainer.epoch().mse();
        return new Run(network, losses);
    }
}
