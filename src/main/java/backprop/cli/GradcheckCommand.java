package backprop.cli;

import backprop.Activation;
import backprop.Init;
import backprop.Network;
import backprop.NumericalGradient;
import backprop.Trainer;
import backprop.TrainingConfig;
import backprop.data.Dataset;
import backprop.kernel.Kernels;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.Callable;

/**
 * Checks backpropagation against calculus: the trainer's analytic gradient (float, through the kernels) against
 * central finite differences of the loss computed in double, so that the numerical side is the accurate one.
 */
@Command(name = "gradcheck", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Compares backpropagated gradients with numerical ones, layer by layer.")
public final class GradcheckCommand implements Callable<Integer> {

    private static final double STEP = 1e-5;
    /**
     * Gradients smaller than this are compared absolutely: float rounding in the analytic side alone would give a
     * tiny gradient a large relative error.
     */
    private static final double SMALL_GRADIENT = 1e-4;

    @Option(names = "--layers", split = ",", paramLabel = "N",
            description = "Layer sizes, input first (default: 5,7,3).")
    int[] layers = {5, 7, 3};

    @Option(names = "--activation", paramLabel = "sigmoid|tanh|relu",
            converter = TrainCommand.ActivationConverter.class,
            description = "Hidden activation (default: sigmoid).")
    Activation activation = Activation.SIGMOID;

    @Option(names = "--output", paramLabel = "sigmoid|softmax|identity",
            converter = TrainCommand.ActivationConverter.class,
            description = "Output activation (default: sigmoid for one output, else softmax); identity checks the "
                    + "regression loss 0.5 * sum((a - y)^2) on random targets.")
    Activation output;

    @Option(names = "--rows", paramLabel = "N", description = "Random rows in the batch (default: ${DEFAULT-VALUE}).")
    int rows = 8;

    @Option(names = "--seed", paramLabel = "N", description = "Seed of weights and data (default: ${DEFAULT-VALUE}).")
    long seed = 42L;

    @Option(names = "--tolerance", paramLabel = "ERROR",
            description = "Largest relative error that passes (default: ${DEFAULT-VALUE}).")
    double tolerance = 1e-3;

    @Mixin
    BackendOption backend;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        if (layers.length < 2) throw Checks.usage(spec, "--layers needs at least an input and an output size");
        Checks.layerSizes(spec, "--layers", layers);
        Checks.positive(spec, "--rows", rows);
        Checks.positiveFinite(spec, "--tolerance", tolerance);
        int outputs = layers[layers.length - 1];
        Activation outputActivation = output != null ? output : outputs == 1 ? Activation.SIGMOID : Activation.SOFTMAX;
        if (!activation.allowedInHiddenLayer()) {
            throw Checks.usage(spec, "--activation " + activation.jsonName() + " is only for the output layer");
        }
        if (outputActivation == Activation.SOFTMAX && outputs == 1) {
            throw Checks.usage(spec, "a softmax output needs at least 2 outputs");
        }
        Checks.networkFits(layers, rows);
        Kernels kernels = backend.kernels();
        Network network = Network.create(layers, activation, outputActivation, Init.defaultFor(activation), seed);
        Dataset data = randomData(network);
        float[][] weightGrads = new float[network.depth()][];
        float[][] biasGrads = new float[network.depth()][];
        for (int l = 0; l < network.depth(); l++) {
            weightGrads[l] = new float[network.weights(l).length];
            biasGrads[l] = new float[network.biases(l).length];
        }
        new Trainer(network, data, kernels, TrainingConfig.defaults()).gradients(0, rows, weightGrads, biasGrads);

        NumericalGradient numerical = new NumericalGradient(network, data);
        PrintWriter out = spec.commandLine().getOut();
        out.printf(Locale.ROOT, "gradcheck %s, %d rows, backend: %s%n", network.describe(), rows,
                kernels.description());
        double worst = 0;
        int worstLayer = 0;
        for (int l = 0; l < network.depth(); l++) {
            double error = Math.max(maxError(numerical.weights(l, STEP), weightGrads[l]),
                    maxError(numerical.biases(l, STEP), biasGrads[l]));
            out.printf(Locale.ROOT, "layer %d (%d x %d weights, %d biases): max relative error %.2e%n", l + 1,
                    layers[l], layers[l + 1], layers[l + 1], error);
            if (error > worst) {
                worst = error;
                worstLayer = l + 1;
            }
        }
        boolean pass = worst <= tolerance;
        out.printf(Locale.ROOT, pass ? "PASS: every layer is within %.0e%n" : "FAIL: layer %2$d is off by %3$.2e,"
                + " more than %1$.0e%n", tolerance, worstLayer, worst);
        out.flush();
        return pass ? Main.OK : Main.RUNTIME_ERROR;
    }

    private static double maxError(double[] numeric, float[] analytic) {
        double worst = 0;
        for (int i = 0; i < numeric.length; i++) {
            double scale = Math.max(SMALL_GRADIENT, Math.max(Math.abs(numeric[i]), Math.abs(analytic[i])));
            worst = Math.max(worst, Math.abs(numeric[i] - analytic[i]) / scale);
        }
        return worst;
    }

    private Dataset randomData(Network network) {
        Random random = new Random(seed + 1);
        int inputs = network.inputs();
        if (network.activation(network.depth() - 1) == Activation.IDENTITY) {
            float[] features = new float[rows * inputs];
            for (int i = 0; i < features.length; i++) features[i] = (float) (random.nextDouble() * 2 - 1);
            float[] targets = new float[rows * network.outputs()];
            for (int i = 0; i < targets.length; i++) targets[i] = (float) (random.nextGaussian() * 2);
            return new Dataset(features, targets, null, rows, inputs, network.outputs());
        }
        int classes = Math.max(2, network.outputs());
        float[] features = new float[rows * inputs];
        for (int i = 0; i < features.length; i++) features[i] = (float) (random.nextDouble() * 2 - 1);
        int[] labels = new int[rows];
        for (int r = 0; r < rows; r++) labels[r] = random.nextInt(classes);
        return Dataset.classification(features, labels, rows, inputs, classes, network.outputs() == 1);
    }
}
