package backprop;

import backprop.cli.XorCommand;
import backprop.kernel.Backend;
import backprop.kernel.KernelProvider;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** The demo's defaults learn XOR from almost any start, not only from the default seed. */
class XorDefaultsTest {

    private static final double LEARNED = 0.01;

    @ParameterizedTest
    @EnumSource(value = Backend.class, names = {"SCALAR", "VECTOR"})
    void defaultsReachLowLossForAtLeast19Of20Seeds(Backend backend) {
        int learned = 0;
        StringBuilder failures = new StringBuilder();
        for (long seed = 1; seed <= 20; seed++) {
            Network network = Network.create(new int[] {2, XorCommand.HIDDEN, 1}, Activation.SIGMOID,
                    Activation.SIGMOID, XorCommand.INIT, seed);
            TrainingConfig config = TrainingConfig.defaults().withLearningRate(XorCommand.LEARNING_RATE);
            Trainer trainer = new Trainer(network, XorCommand.dataset(), KernelProvider.create(backend), config);
            double mse = Double.NaN;
            for (int epoch = 0; epoch < XorCommand.EPOCHS; epoch++) mse = trainer.epoch().mse();
            if (mse < LEARNED) learned++;
            else failures.append(" seed ").append(seed).append(": ").append(mse);
        }
        assertTrue(learned >= 19, learned + " of 20 seeds learned;" + failures);
    }
}
