package backprop.readme;

import backprop.*;
import backprop.data.Dataset;
import backprop.data.Samples;
import backprop.kernel.Backend;
import backprop.kernel.KernelProvider;

import java.nio.file.Path;

public class LibraryExample {
    public static void main(String[] args) throws Exception {
        Samples samples = Samples.read(Path.of("data/digits.csv"));
        Normalization scaling = Normalization.fit(Normalization.Method.MINMAX, samples.features(), samples.rows(),
                samples.inputs());
        scaling.apply(samples.features(), samples.rows());
        Dataset digits = samples.toDataset();

        Network network = Network.create(new int[] {64, 32, 10}, Activation.SIGMOID, Activation.SOFTMAX,
                Init.XAVIER, 42);
        network.setNormalization(scaling); // saved with the model; evaluate and predict apply it
        TrainingConfig config = TrainingConfig.defaults().withLearningRate(0.2f).withMomentum(0.9f)
                .withBatchSize(32).withShuffle(true).withSeed(42);
        Trainer trainer = new Trainer(network, digits, KernelProvider.create(Backend.AUTO), config);
        for (int epoch = 1; epoch <= 10; epoch++) {
            Metrics during = trainer.epoch(); // from each batch's outputs before its update
            System.out.println("epoch " + epoch + ": " + during);
        }
        Metrics trained = Evaluator.evaluate(network, digits, trainer.kernels());
        System.out.printf("accuracy %.4f, loss %.4f%n", trained.accuracy(), trained.mse());
        ModelFile.write(network, Path.of(args.length > 0 ? args[0] : "digits-model.json"));
    }
}
