package backprop.kernel;

import backprop.Activation;
import backprop.Init;
import backprop.Network;
import backprop.Trainer;
import backprop.TrainingConfig;
import backprop.data.Dataset;

/**
 * Run in a JVM that cannot use the vector backend (no {@code jdk.incubator.vector}, no FMA, vectors too narrow):
 * trains on auto twice, then asks for vector by name.
 */
public final class NoVectorBackendProbe {

    public static void main(String[] args) {
        for (int run = 0; run < 2; run++) {
            Kernels kernels = KernelProvider.create(Backend.AUTO);
            Dataset xor = Dataset.classification(new float[] {0, 0, 0, 1, 1, 0, 1, 1}, new int[] {0, 1, 1, 0}, 4, 2, 2,
                    true);
            Network network = Network.create(new int[] {2, 4, 1}, Activation.SIGMOID, Activation.SIGMOID,
                    Init.XAVIER, 1);
            Trainer trainer = new Trainer(network, xor, kernels, TrainingConfig.defaults());
            for (int i = 0; i < 10; i++) trainer.epoch();
            System.out.println("trained on " + kernels.description());
        }
        try {
            KernelProvider.create(Backend.VECTOR);
            System.out.println("vector loaded");
        } catch (KernelProvider.BackendUnavailableException e) {
            System.out.println("refused: " + e.getMessage());
        }
    }
}
