package backprop;

import backprop.data.Dataset;
import backprop.kernel.Backend;
import backprop.kernel.KernelProvider;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.lang.management.ManagementFactory;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** After warm-up an epoch allocates nothing: measured with the JVM's per-thread allocation counter. */
class AllocationTest {

    /**
     * C2 compiles a step after enough calls of it, so the warm-up counts steps (batches), not epochs. The vector
     * kernels allocate until C2 has inlined every Vector API call into them, which takes longest; the scalar loops
     * of a digits-sized network are compiled well before their shorter warm-up ends, which keeps each such case
     * under a minute on a busy 2-core machine.
     */
    private static final int WARM_UP_STEPS = 200_000;
    private static final int SCALAR_WARM_UP_STEPS = 50_000;
    /**
     * Epochs in the measured window. As many again run between the warm-up and the window, the JIT's queue drained
     * before and after them: long enough for C2 to compile again a method it gave up at the warm-up's end. A branch
     * taken for the first time undoes the compiled code that assumed it never is: the shuffle's {@code Random.nextInt}
     * takes its rare rejection branch for the first time after a fixed number of draws (10,738,233 with the
     * default seed: epoch 39,920 of 270 rows, 80 epochs before the early-stopping cases' warm-up ends); C2 then
     * recompiled the epoch inside the window while C1's code of the vector kernels ran, and that allocates
     * (seen with -XX:+LogCompilation). A user's run pays that once; the window measures the epochs after it.
     */
    private static final int MEASURED_EPOCHS = 10_000;
    private static final int SCALAR_MEASURED_EPOCHS = 2_000;

    /**
     * {@code optimizer} is sgd, sgd-momentum (with weight decay, on a step schedule), adam or adamw (both with weight
     * decay, on a cosine schedule); {@code validation} is none, early-stopping (a tenth of the rows validated after
     * every epoch, the best epoch's parameters kept) or regression (the same on identity outputs and numeric targets).
     */
    @ParameterizedTest(name = "{0} {1} batch {2} shuffle {3} {4} {5}")
    @CsvSource({
            "SCALAR, 2-4-1, 4, false, sgd, none",
            "VECTOR, 2-4-1, 4, false, sgd, none",
            "VECTOR, 2-4-1, 2, true, sgd, none",
            "SCALAR, 64-32-10, 64, true, sgd, none",
            "VECTOR, 64-32-10, 64, true, sgd, none",
            "SCALAR, 64-32-10, 64, true, sgd-momentum, none",
            "VECTOR, 64-32-10, 64, true, sgd-momentum, none",
            "SCALAR, 64-32-10, 64, true, adam, none",
            "VECTOR, 64-32-10, 64, true, adam, none",
            "VECTOR, 2-4-1, 4, false, adamw, none",
            // one scalar case covers the validation pass: the trainer's code is the same on both backends
            "SCALAR, 64-32-10, 64, true, adam, early-stopping",
            "VECTOR, 64-32-10, 64, true, sgd, early-stopping",
            "VECTOR, 64-32-10, 64, true, sgd-momentum, early-stopping",
            "VECTOR, 64-32-10, 64, true, adam, early-stopping",
            "VECTOR, 64-32-10, 64, true, adamw, early-stopping",
            "VECTOR, 64-32-3, 64, true, adam, regression",
            "VECTOR, 64-32-3, 64, true, sgd, regression",
    })
    void epochsAllocateNothingAfterWarmUp(Backend backend, String shape, int batch, boolean shuffle,
                                          String optimizer, String validation) {
        assumeTrue(KernelProvider.c2Enabled(), "skipped: this JVM runs without C2, where vector code allocates");
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        assumeTrue(threads.isThreadAllocatedMemorySupported(), "skipped: no per-thread allocation counter");

        int[] layers = java.util.Arrays.stream(shape.split("-")).mapToInt(Integer::parseInt).toArray();
        boolean regression = validation.equals("regression");
        Dataset data = layers[0] == 2 ? Golden.xor()
                : regression ? randomRegression(layers[0], layers[2], 300) : randomClassification(layers[0], layers[2], 300);
        Activation output = regression ? Activation.IDENTITY : layers[2] == 1 ? Activation.SIGMOID : Activation.SOFTMAX;
        Network network = Network.create(layers, Activation.SIGMOID, output, Init.XAVIER, 1);
        TrainingConfig config = TrainingConfig.defaults().withBatchSize(batch).withShuffle(shuffle).withMomentum(0f);
        if (!optimizer.equals("sgd")) {
            boolean momentum = optimizer.equals("sgd-momentum");
            config = config.withOptimizer(momentum ? Optimizer.SGD : Optimizer.parse(optimizer))
                    .withMomentum(momentum ? 0.9f : 0f).withWeightDecay(1e-3f)
                    .withSchedule(momentum ? LearningRateSchedule.STEP : LearningRateSchedule.COSINE, 1_000_000, 100,
                            0.99f);
        }
        Dataset validationRows = null;
        if (!validation.equals("none")) {
            Dataset[] parts = data.splitValidation(0.1, 3);
            data = parts[0];
            validationRows = parts[1];
            config = config.withEarlyStopping(TrainingConfig.DEFAULT_PATIENCE, 1e-4f);
        }
        Trainer trainer = new Trainer(network, data, validationRows, KernelProvider.create(backend), config);
        boolean slowScalar = backend == Backend.SCALAR && layers[0] > 2;
        int warmUpEpochs = (slowScalar ? SCALAR_WARM_UP_STEPS : WARM_UP_STEPS) / ((data.rows() + batch - 1) / batch);
        int measuredEpochs = slowScalar ? SCALAR_MEASURED_EPOCHS : MEASURED_EPOCHS;
        for (int i = 0; i < warmUpEpochs; i++) trainer.epoch();
        JitQueue.awaitEmpty();
        // a compilation undone at the warm-up's last epochs is redone before the window, not in it (see above)
        for (int i = 0; i < measuredEpochs; i++) trainer.epoch();
        JitQueue.awaitEmpty();
        int firstMeasured = warmUpEpochs + measuredEpochs;

        // a fixed window after a fixed warm-up: an epoch that still allocates after it fails the test
        long thread = Thread.currentThread().getId();
        long before = threads.getThreadAllocatedBytes(thread);
        for (int i = 0; i < measuredEpochs; i++) trainer.epoch();
        long allocated = threads.getThreadAllocatedBytes(thread) - before;
        assertTrue(allocated < measuredEpochs, backend + " " + shape + " batch " + batch + " allocated " + allocated
                + " bytes in Trainer.epoch() over epochs " + (firstMeasured + 1) + ".." + (firstMeasured
                + measuredEpochs) + ", after a warm-up of " + warmUpEpochs + " epochs and " + measuredEpochs + " more");
    }

    private static Dataset randomRegression(int inputs, int outputs, int rows) {
        Random random = new Random(6);
        float[] x = new float[rows * inputs];
        for (int i = 0; i < x.length; i++) x[i] = random.nextFloat();
        float[] y = new float[rows * outputs];
        for (int i = 0; i < y.length; i++) y[i] = (float) random.nextGaussian();
        return new Dataset(x, y, null, rows, inputs, outputs);
    }

    private static Dataset randomClassification(int inputs, int classes, int rows) {
        Random random = new Random(5);
        float[] x = new float[rows * inputs];
        for (int i = 0; i < x.length; i++) x[i] = random.nextFloat();
        int[] labels = new int[rows];
        for (int r = 0; r < rows; r++) labels[r] = random.nextInt(classes);
        return Dataset.classification(x, labels, rows, inputs, classes, false);
    }
}
