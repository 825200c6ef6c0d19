package backprop.cli;

import backprop.Activation;
import backprop.Init;
import backprop.Network;
import backprop.Trainer;
import backprop.TrainingConfig;
import backprop.data.Dataset;
import backprop.kernel.Backend;
import backprop.kernel.KernelProvider;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

/**
 * Trains a small network on made-up rows on a second core while {@code train} reads its data, so that C2 has compiled
 * the vector kernels by the time the real run starts. Until then the vector kernels run in the interpreter and C1,
 * where every vector is an object, and the first epoch of a large run is many times slower than the next ones. A
 * call on a small shape costs little in that slow code, so the calls that make C2 compile each kernel come sooner,
 * on a core that the reading of the data leaves idle.
 *
 * <p>The network has the run's hidden layers (each at most {@link #MAX_WIDTH} wide), activations and optimizer
 * settings, so the warm-up reaches the tiles, epilogues and updates the run will. Its weights, rows and kernels are
 * its own: it changes when the run's code is compiled, not what the run computes.
 */
final class KernelWarmUp {

    /** Steps of the small network, more than C2 needs to have compiled every kernel a step calls. */
    static final int STEPS = 2_000;
    /**
     * Multiply-adds after which the warm-up stops sooner, for deep and wide networks, whose every step makes many
     * calls of each kernel: about 2,000 steps of a 16-128-10 network at batch 64.
     */
    static final double MULTIPLY_ADDS = 1e9;
    /** Steps it makes whatever their size, so that each kernel is called often enough. */
    static final int MIN_STEPS = 20;
    /**
     * The widest warm-up layer: wide enough for the products of many column panels, which pack their rows of
     * {@code A}; wider ones reach the same code at a higher price per call in the slow code.
     */
    static final int MAX_WIDTH = 512;
    /** Bytes of a data file taken as one value: a short CSV number with its comma. */
    static final int BYTES_PER_VALUE = 4;
    private static final int INPUTS = 16;
    private static final int MAX_BATCH = 64;

    private final Thread thread;
    private volatile Trainer trainer;
    private volatile boolean stopped;
    /** What ended the warm-up early, kept for tests; the run itself reports any problem it shares. */
    private volatile Throwable failure;

    private KernelWarmUp(int[] hidden, Activation hiddenActivation, Activation outputActivation, int outputs,
                         TrainingConfig runConfig) {
        thread = new Thread(() -> {
            try {
                run(hidden, hiddenActivation, outputActivation, outputs, runConfig);
            } catch (RuntimeException | Error e) {
                failure = e;
            }
        }, "backprop-kernel-warm-up");
        thread.setDaemon(true);
    }

    /**
     * Starts a warm-up when a run of these settings probably computes on the vector kernels long enough to repay it,
     * and a second core can take it (with one core it would only slow the reading): unless the scalar kernels are
     * asked for, when {@code likelyMultiplyAdds} (from {@link #likelyMultiplyAdds}) passes the short run of
     * {@link KernelProvider#SHORT_RUN_MULTIPLY_ADDS}, below which {@code auto} takes the scalar kernels and a forced
     * vector run would wait for more warm-up steps than it trains. The guess decides only whether to start: a wrong
     * one costs a little time, never a different result. Returns null when nothing is started.
     */
    static KernelWarmUp startIfUseful(Backend backend, double likelyMultiplyAdds, int[] hidden,
                                      Activation hiddenActivation, Activation outputActivation, int outputs,
                                      TrainingConfig runConfig) {
        if (backend == Backend.SCALAR || likelyMultiplyAdds < KernelProvider.SHORT_RUN_MULTIPLY_ADDS
                || Runtime.getRuntime().availableProcessors() < 2 || KernelProvider.whyVectorUnavailable().isPresent()) {
            return null;
        }
        KernelWarmUp warmUp = new KernelWarmUp(hidden, hiddenActivation, outputActivation, outputs, runConfig);
        warmUp.thread.start();
        return warmUp;
    }

    /**
     * A rough size of a run before its data is read, from the file's size: each {@link #BYTES_PER_VALUE} bytes taken
     * as one input value of one row, times the first layer's forward product and weight gradient, every epoch; 0 when
     * the file cannot be measured (reading it will say why).
     */
    static double likelyMultiplyAdds(Path data, int epochs, int[] hidden) {
        long bytes;
        try {
            bytes = Files.size(data);
        } catch (IOException | SecurityException e) {
            return 0;
        }
        int firstLayer = hidden.length > 0 ? hidden[0] : 1;
        return (double) bytes / BYTES_PER_VALUE * 2.0 * firstLayer * epochs;
    }

    /** Ends the warm-up after its current step, for a run that computes on the scalar kernels. */
    void stop() {
        stopped = true;
        Trainer running = trainer;
        if (running != null) running.requestStop();
        awaitEnd();
    }

    /** Waits for the warm-up's last step, for a run on the vector kernels. */
    void awaitEnd() {
        boolean interrupted = false;
        while (thread.isAlive()) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) Thread.currentThread().interrupt();
    }

    /** Whether the warm-up's thread has ended. */
    boolean ended() {
        return !thread.isAlive();
    }

    /** The exception or error that ended the warm-up, or null. */
    Throwable failure() {
        return failure;
    }

    private void run(int[] hidden, Activation hiddenActivation, Activation outputActivation, int outputs,
                     TrainingConfig runConfig) {
        int[] layers = new int[hidden.length + 2];
        layers[0] = INPUTS;
        for (int l = 0; l < hidden.length; l++) layers[l + 1] = Math.min(hidden[l], MAX_WIDTH);
        layers[layers.length - 1] = outputs;
        int batch = Math.min(runConfig.effectiveBatchSize(Integer.MAX_VALUE), MAX_BATCH);
        // two whole batches and a short one, as most data sets end
        int rows = 2 * batch + Math.max(1, batch / 3);
        Trainer warming = new Trainer(Network.create(layers, hiddenActivation, outputActivation,
                Init.defaultFor(hiddenActivation), 1), madeUpRows(rows, outputs, outputActivation),
                KernelProvider.create(Backend.VECTOR, 1), runConfig.withBatchSize(batch));
        trainer = warming;
        if (stopped) return;
        int stepsPerEpoch = (rows + batch - 1) / batch;
        int steps = steps(layers, batch);
        for (int done = 0; done < steps && !warming.stopRequested(); done += stepsPerEpoch) warming.epoch();
    }

    /** {@link #STEPS}, or fewer for a network whose steps add up to more than {@link #MULTIPLY_ADDS} before. */
    static int steps(int[] layers, int batch) {
        double perStep = KernelProvider.trainingMultiplyAddsPerRow(layers) * batch;
        return (int) Math.max(MIN_STEPS, Math.min(STEPS, MULTIPLY_ADDS / perStep));
    }

    /** Inputs uniform in [0, 1); class labels for a classifier, targets in [0, 1) for identity outputs. */
    private static Dataset madeUpRows(int rows, int outputs, Activation outputActivation) {
        Random random = new Random(1);
        float[] features = new float[rows * INPUTS];
        for (int i = 0; i < features.length; i++) features[i] = random.nextFloat();
        if (outputActivation == Activation.IDENTITY) {
            float[] targets = new float[rows * outputs];
            for (int i = 0; i < targets.length; i++) targets[i] = random.nextFloat();
            return new Dataset(features, targets, null, rows, INPUTS, outputs);
        }
        int classes = Math.max(2, outputs);
        int[] labels = new int[rows];
        for (int r = 0; r < rows; r++) labels[r] = random.nextInt(classes);
        return Dataset.classification(features, labels, rows, INPUTS, classes, outputs == 1);
    }
}
