package backprop.kernel.vector;

import backprop.Activation;
import backprop.Init;
import backprop.JitQueue;
import backprop.Network;
import backprop.Optimizer;
import backprop.Trainer;
import backprop.TrainingConfig;
import backprop.data.Dataset;
import backprop.kernel.KernelProvider;
import backprop.kernel.Kernels;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * After warm-up, training on the vector kernels allocates nothing: every path (small shapes, wide and narrow
 * panels, short row blocks, vector tails, softmax, momentum, weight decay, Adam and AdamW, products split across
 * worker threads, forward products in two halves) reuses the scratch it grew on first use. The calling thread and the kernels' worker
 * threads are counted.
 */
@Tag("vector-equivalence")
class VectorKernelsAllocationTest {

    /**
     * C2 compiles a step after enough calls of it, so the warm-up counts steps (batches), not epochs; the settling
     * rounds after it wait out any late compile. The window is long enough that one boxed vector an epoch would
     * show as over 100 KB; the class runs once per vector width, so every epoch here counts three times in the
     * suite's time.
     */
    private static final int WARM_UP_STEPS = 100_000;
    private static final int MEASURED_EPOCHS = 4_000;
    /** Epochs a settling round between the warm-up and the window trains, and how many rounds at most. */
    private static final int SETTLING_EPOCHS = 2_000;
    private static final int MAX_SETTLING_ROUNDS = 10;
    /** Epochs of the short last batch's test: together under the ~600 calls after which C2 compiles a method. */
    private static final int SHORT_BATCH_WARM_UP_EPOCHS = 300;
    private static final int SHORT_BATCH_WINDOW_EPOCHS = 100;

    @Test
    void xorTrainsWithoutAllocating() {
        assertAllocationFree(xorTrainer());
    }

    /**
     * Each fused step on its own: plain loops; the one-vector step written out for one hidden layer, on XOR where
     * this width holds its batch in the step's chunks, else on XOR with two hidden units; and the one-vector step's
     * loops, on XOR in one or two chunks as this width needs.
     */
    @Test
    void everyFusedStepTrainsWithoutAllocating() {
        Blocking machine = Blocking.forThisMachine();
        assertAllocationFree(xorTrainer(new VectorKernels(machine.withFusedSteps(false, 0, machine.smallNetworkLayer), 1)));
        Activation[] sigmoids = {Activation.SIGMOID, Activation.SIGMOID};
        VectorKernels twoLayers = new VectorKernels(machine.withFusedSteps(true, machine.oneVectorChunks, 0), 1);
        if (TwoLayerStep.fits(new int[]{2, 4, 1}, sigmoids, 4, machine.oneVectorChunks)) {
            assertAllocationFree(xorTrainer(twoLayers));
        } else {
            assertTrue(twoLayers.fusedStep(new int[]{2, 2, 1}, sigmoids, 4).orElseThrow() instanceof TwoLayerStep);
            assertAllocationFree(xorTrainer(twoLayers, 2));
        }
        assumeTrue(OneVectorStep.fits(new int[]{2, 4, 1}, sigmoids, 4, machine.oneVectorChunks),
                "the one-vector step does not take XOR on " + Vectors.LANES + " lanes");
        assertAllocationFree(xorTrainer(new VectorKernels(machine.withFusedSteps(false, machine.oneVectorChunks, 0), 1)));
    }

    /** The 2-4-1 XOR network, trained by the fused step this width takes. */
    static Trainer xorTrainer() {
        return xorTrainer(new VectorKernels());
    }

    private static Trainer xorTrainer(VectorKernels kernels) {
        return xorTrainer(kernels, 4);
    }

    private static Trainer xorTrainer(VectorKernels kernels, int hiddenUnits) {
        Dataset xor = new Dataset(new float[]{0, 0, 0, 1, 1, 0, 1, 1}, new float[]{0, 1, 1, 0}, null, 4, 2, 1);
        Network network = Network.create(new int[]{2, hiddenUnits, 1}, Activation.SIGMOID, Activation.SIGMOID,
                Init.XAVIER, 1);
        return new Trainer(network, xor, kernels, TrainingConfig.defaults().withLearningRate(1f));
    }

    @Test
    void everyTilePathTrainsWithoutAllocating() {
        assertAllocationFree(tilePathTrainer(new VectorKernels()));
    }

    /**
     * The tiles of both register files (6 and 8 rows), whichever this machine's is, with the 16-register column tile
     * of JDK 17 and of later JDKs, a weight gradient's column tiles packed, and the row tiles of {@code A} packed in
     * every product.
     */
    @Test
    void bothRegisterFilesTilesTrainWithoutAllocating() {
        assertAllocationFree(tilePathTrainer(new VectorKernels(Blocking.forRegisters(16, 17), 1)));
        assertAllocationFree(tilePathTrainer(new VectorKernels(Blocking.forRegisters(16, 25), 1)));
        assertAllocationFree(tilePathTrainer(new VectorKernels(Blocking.forRegisters(32), 1)));
        assertAllocationFree(tilePathTrainer(new VectorKernels(Blocking.forRegisters(16).withPackedColumnTilesFrom(1), 1)));
        assertAllocationFree(tilePathTrainer(new VectorKernels(Blocking.forRegisters(16).withPackedRowTilesFrom(1), 1)));
        assertAllocationFree(tilePathTrainer(new VectorKernels(Blocking.forRegisters(32).withPackedRowTilesFrom(1), 1)));
    }

    /**
     * A data set whose last batch is short (5 rows) trains without allocating a few hundred epochs after the start,
     * long before a method called once an epoch is compiled by C2 (about 600 calls): the short batch's products
     * run the tiles every batch runs, not tiles of its own height left in C1's code, which boxes every vector.
     */
    @Test
    void aShortLastBatchTrainsWithoutAllocatingSoonAfterTheStart() {
        assumeTrue(KernelProvider.c2Enabled(), "skipped: this JVM runs without C2, where vector code allocates");
        Dataset data = randomClassification(20 * 64 + 5, 64, new Random(7));
        Network network = Network.create(new int[]{64, 32, 10}, Activation.SIGMOID, Activation.SIGMOID, Init.XAVIER, 4);
        Trainer trainer = new Trainer(network, data, new VectorKernels(), TrainingConfig.defaults().withBatchSize(64));
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        for (int epoch = 0; epoch < SHORT_BATCH_WARM_UP_EPOCHS; epoch++) trainer.epoch();
        JitQueue.settle(() -> {
            for (int epoch = 0; epoch < SHORT_BATCH_WINDOW_EPOCHS / 2; epoch++) trainer.epoch();
        }, 1, 2);
        long before = threads.getCurrentThreadAllocatedBytes();
        for (int epoch = 0; epoch < SHORT_BATCH_WINDOW_EPOCHS; epoch++) trainer.epoch();
        long allocated = threads.getCurrentThreadAllocatedBytes() - before;
        assertTrue(allocated == 0, network.describe() + " on " + trainer.kernels().description() + ", 1285 rows in"
                + " batches of 64: allocated " + allocated + " bytes over " + SHORT_BATCH_WINDOW_EPOCHS
                + " epochs after " + SHORT_BATCH_WARM_UP_EPOCHS + " and a settling round or two");
    }

    @Test
    void productsSplitAcrossThreadsTrainWithoutAllocating() {
        Blocking machine = Blocking.forThisMachine();
        VectorKernels threaded = new VectorKernels(
                machine.withThresholds(machine.innerBlock, machine.smallProduct, 0), 2);
        assertAllocationFree(tilePathTrainer(threaded));
    }

    @Test
    void threadsChosenByTimingStepsTrainWithoutAllocating() {
        // a trial every few steps: the window switches between one thread and two again and again
        Blocking machine = Blocking.forThisMachine();
        assertAllocationFree(tilePathTrainer(new VectorKernels(
                machine.withThresholds(machine.innerBlock, machine.smallProduct, 0), 2,
                ThreadTuningTest.SWITCHING_OFTEN)));
        assertAllocationFree(tallWeightsTrainer(new VectorKernels(machine, 2, ThreadTuningTest.SWITCHING_OFTEN)));
    }

    @Test
    void forwardProductsInTwoHalvesTrainWithoutAllocating() {
        // one thread runs the halves one after the other, two threads one half each and then add them
        assertAllocationFree(tallWeightsTrainer(new VectorKernels()));
        assertAllocationFree(tallWeightsTrainer(new VectorKernels(2)));
    }

    /** A first layer of 150 x 40 against batches of 32, read where they lie: its forward product runs in halves. */
    static Trainer tallWeightsTrainer(Kernels kernels) {
        Dataset data = randomClassification(64, 150, new Random(6));
        Network network = Network.create(new int[]{150, 40, 10}, Activation.SIGMOID, Activation.SIGMOID, Init.XAVIER, 3);
        return new Trainer(network, data, kernels, TrainingConfig.defaults().withBatchSize(32));
    }

    @Test
    void everyOptimizerTrainsWithoutAllocating() {
        TrainingConfig adam = adamConfig();
        assertAllocationFree(tilePathTrainer(new VectorKernels(), adam));
        assertAllocationFree(tilePathTrainer(new VectorKernels(), adam.withOptimizer(Optimizer.ADAMW)));
        assertAllocationFree(tilePathTrainer(new VectorKernels(), tilePathConfig().withWeightDecay(1e-3f)));
    }

    /** Adam with weight decay on the tile paths' network: the vector optimizer updates. */
    static TrainingConfig adamConfig() {
        return tilePathConfig().withOptimizer(Optimizer.ADAM).withWeightDecay(1e-3f);
    }

    static Trainer tilePathTrainer(Kernels kernels) {
        return tilePathTrainer(kernels, tilePathConfig());
    }

    private static TrainingConfig tilePathConfig() {
        return TrainingConfig.defaults().withBatchSize(50).withShuffle(true).withMomentum(0.9f);
    }

    static Trainer tilePathTrainer(Kernels kernels, TrainingConfig config) {
        // 70 inputs and 67 hidden units make wide, narrow and partial panels; batch 50 leaves short row blocks,
        // 203 rows a short last batch; tanh, softmax and momentum take their own branches
        Dataset data = randomClassification(203, 70, new Random(5));
        Network network = Network.create(new int[]{70, 67, 10}, Activation.TANH, Activation.SOFTMAX, Init.XAVIER, 2);
        return new Trainer(network, data, kernels, config);
    }

    /** {@code rows} rows of {@code inputs} features uniform in [0, 1), each labelled with one of 10 classes. */
    private static Dataset randomClassification(int rows, int inputs, Random random) {
        float[] features = new float[rows * inputs];
        for (int i = 0; i < features.length; i++) features[i] = random.nextFloat();
        int[] labels = new int[rows];
        for (int r = 0; r < rows; r++) labels[r] = random.nextInt(10);
        return Dataset.classification(features, labels, rows, inputs, 10, false);
    }

    private static void assertAllocationFree(Trainer trainer) {
        assumeTrue(KernelProvider.c2Enabled(), "skipped: this JVM runs without C2, where vector code allocates");
        double bytesPerEpoch = bytesPerEpochOnceWarm(trainer);
        assertTrue(bytesPerEpoch < 1, trainer.network().describe() + " on " + trainer.kernels().description()
                + ": allocated " + bytesPerEpoch * MEASURED_EPOCHS + " bytes in Trainer.epoch() (this thread and the"
                + " kernels' workers) over " + MEASURED_EPOCHS + " epochs after a warm-up of " + WARM_UP_STEPS
                + " steps");
    }

    /**
     * Bytes allocated per epoch by this thread and the kernels' workers over a fixed window after a fixed warm-up,
     * long enough for C2 to have compiled the loop, and then rounds of {@value #SETTLING_EPOCHS} epochs until one
     * compiles nothing of backprop's: in a JVM that ran other tests first, C2 can throw a step's code away and
     * compile it again late, and C1's code meanwhile boxes every vector (XOR's window is a few milliseconds).
     */
    static double bytesPerEpochOnceWarm(Trainer trainer) {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        trainer.epoch();
        int stepsPerEpoch = (trainer.rowsDoneThisEpoch() + trainer.batchSize() - 1) / trainer.batchSize();
        for (int epoch = 1; epoch < WARM_UP_STEPS / stepsPerEpoch; epoch++) trainer.epoch();
        // this thread and any kernel workers (each trainer's kernels start their own); found before the settling
        // rounds, so that what the lookup loads is settled too
        long[] counted = Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t == Thread.currentThread() || t.getName().startsWith("backprop-kernels-"))
                .mapToLong(Thread::getId).toArray();
        JitQueue.settle(() -> {
            for (int epoch = 0; epoch < SETTLING_EPOCHS; epoch++) trainer.epoch();
        }, 1, MAX_SETTLING_ROUNDS);
        long[] before = new long[counted.length];
        for (int i = 0; i < counted.length; i++) before[i] = threads.getThreadAllocatedBytes(counted[i]);
        for (int epoch = 0; epoch < MEASURED_EPOCHS; epoch++) trainer.epoch();
        return (double) allocatedSince(threads, counted, before) / MEASURED_EPOCHS;
    }

    /**
     * Bytes allocated since {@code before}, summed over threads, one id at a time (the array-returning overload would
     * itself allocate); a thread that has ended since (an earlier trainer's worker) counts nothing.
     */
    private static long allocatedSince(com.sun.management.ThreadMXBean threads, long[] ids, long[] before) {
        long sum = 0;
        for (int i = 0; i < ids.length; i++) {
            long now = threads.getThreadAllocatedBytes(ids[i]);
            if (now >= 0 && before[i] >= 0) sum += now - before[i];
        }
        return sum;
    }
}
