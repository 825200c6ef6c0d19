package backprop.kernel.vector;


import backprop.Activation;
import backprop.Init;
import backprop.Network;
import backprop.Trainer;
import backprop.TrainingConfig;
import backprop.data.Dataset;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

import java.util.List;

/**
 * Run in a fresh JVM by {@link VectorKernelsTrapPollutionTest} for each of {@link #PATHS}: first makes the JDK's own
 * Vector API code trap and runs vector code on a second species, then prints the path's name and the bytes it allocates per epoch once warm. One path a JVM:
 * measured fourth in a JVM that had trained the other three, the two-thread halves' kernels allocated on a loaded
 * machine (the fourth trainer's classes had made C2 throw away and recompile them), while alone in a fresh JVM the
 * same path allocated nothing in every run under the same load.
 *
 * <p>The traps: C2 compiles calls whose operator it has only seen as ADD with a check of the operator's class
 * (inside the JDK's {@code VectorOperators.opKind} and {@code opCode}), and SUB then fails that check. Every later
 * compilation adds those traps once for each time it inlines those methods, about once per vector operation; past
 * {@code -XX:PerMethodTrapLimit} (100) it stops binding calls through their type profile. A call on a vector that
 * C2 knows only as a {@code FloatVector} is then virtual, and its vectors are boxed. JDK 17 has been seen to do this
 * to itself in ordinary training runs; here it is made to happen every time.
 *
 * <p>Then the fused one-vector step trains small networks with every activation, as the test suite's JVM does
 * before it measures XOR: with all its activation branches compiled, its step once kept vectors boxed across them
 * (320 B an XOR epoch, in 8 of 26 such JVMs counted).
 */
public final class TrapPollutionProbe {

    private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
    /** Not final, so C2 must profile which operator it is. */
    private static VectorOperators.Binary operator = VectorOperators.ADD;
    private static float sink;

    /** The paths, by the names the probe takes as its argument and prints. */
    static final List<String> PATHS = List.of("xor", "tiles", "tiles-on-two-threads", "halves-on-two-threads",
            "adam");

    public static void main(String[] args) {
        String path = args[0];
        pollute();
        useASecondSpecies();
        trainSmallNetworksWithEveryActivation();
        System.out.println(path + " " + VectorKernelsAllocationTest.bytesPerEpochOnceWarm(trainer(path)));
        System.exit(0);
    }

    private static Trainer trainer(String path) {
        Blocking machine = Blocking.forThisMachine();
        switch (path) {
            case "xor": return VectorKernelsAllocationTest.xorTrainer();
            case "tiles": return VectorKernelsAllocationTest.tilePathTrainer(new VectorKernels());
            case "tiles-on-two-threads": return VectorKernelsAllocationTest.tilePathTrainer(new VectorKernels(
                    machine.withThresholds(machine.innerBlock, machine.smallProduct, 0), 2));
            case "halves-on-two-threads": return VectorKernelsAllocationTest.tallWeightsTrainer(new VectorKernels(2));
            case "adam": return VectorKernelsAllocationTest.tilePathTrainer(new VectorKernels(),
                    VectorKernelsAllocationTest.adamConfig());
            default: throw new IllegalArgumentException("no path " + path + "; the paths are " + PATHS);
        }
    }

    private static void trainSmallNetworksWithEveryActivation() {
        int[][] shapes = {{3, 5, 2}, {1, 3, 3, 1}, {4, 2, 4}, {2, 4, 1}};
        Activation[][] activations = {
                {Activation.TANH, Activation.SIGMOID},
                {Activation.RELU, Activation.TANH, Activation.SIGMOID},
                {Activation.TANH, Activation.RELU},
                {Activation.SIGMOID, Activation.SIGMOID}};
        for (int n = 0; n < shapes.length; n++) {
            int[] layers = shapes[n];
            int inputs = layers[0];
            int outputs = layers[layers.length - 1];
            int rows = 4;
            float[] features = new float[rows * inputs];
            float[] targets = new float[rows * outputs];
            for (int i = 0; i < features.length; i++) features[i] = (i * 7 % 5) / 5f;
            for (int i = 0; i < targets.length; i++) targets[i] = i % 2;
            Network network = new Network(layers, activations[n]);
            network.initialize(Init.XAVIER, n);
            Trainer trainer = new Trainer(network, new Dataset(features, targets, null, rows, inputs, outputs),
                    new VectorKernels(), TrainingConfig.defaults().withBatchSize(rows).withLearningRate(0.3f));
            for (int epoch = 0; epoch < 300; epoch++) trainer.epoch();
        }
    }

    /**
     * Runs the vector operations the library uses on a species narrower than the preferred one, as an application
     * with vector code of its own may: the JDK's shared vector methods (a {@code mul} by a scalar calls
     * {@code broadcast} and {@code lanewise} inside the JDK) then profile two vector classes, and a call on a vector
     * that C2 knows only as a {@code FloatVector} becomes a two-way branch whose vectors are boxed.
     */
    private static void useASecondSpecies() {
        VectorSpecies<Float> other = SPECIES.length() > 4 ? FloatVector.SPECIES_128 : FloatVector.SPECIES_64;
        float[] values = new float[other.length() * 4];
        for (int i = 0; i < values.length; i++) values[i] = i * 0.25f - 1f;
        VectorMask<Float> firstLane = other.indexInRange(0, 1);
        VectorShuffle<Float> rotation = VectorShuffle.iota(other, 1, 1, true);
        for (int i = 0; i < 20_000; i++) {
            FloatVector a = FloatVector.fromArray(other, values, 0);
            FloatVector b = FloatVector.fromArray(other, values, other.length());
            FloatVector c = a.mul(0.5f).add(b).fma(b, a).sub(1f).div(2f).neg()
                    .lanewise(VectorOperators.EXP).lanewise(VectorOperators.TANH)
                    .blend(b, a.compare(VectorOperators.GT, 0f)).blend(a, firstLane).rearrange(rotation)
                    .max(a).min(b);
            c.intoArray(values, 2 * other.length());
            sink += c.reduceLanes(VectorOperators.ADD) + FloatVector.zero(other).add(a).lane(0)
                    + FloatVector.broadcast(other, 1f).mul(b).lane(0);
        }
    }

    /** Four call sites, each compiled on ADD alone and then given SUB a few times, in six rounds. */
    private static void pollute() {
        FloatVector ones = FloatVector.broadcast(SPECIES, 1f);
        for (int round = 0; round < 6; round++) {
            operator = VectorOperators.ADD;
            for (int i = 0; i < 30_000; i++) sink += first(ones) + second(ones) + third(ones) + fourth(ones);
            operator = VectorOperators.SUB;
            for (int i = 0; i < 10; i++) sink += first(ones) + second(ones) + third(ones) + fourth(ones);
        }
    }

    private static float first(FloatVector v) {
        return v.lanewise(operator, v).lane(0);
    }

    private static float second(FloatVector v) {
        return v.lanewise(operator, v).lane(1);
    }

    private static float third(FloatVector v) {
        return v.lanewise(operator, v).lane(0);
    }

    private static float fourth(FloatVector v) {
        return v.lanewise(operator, v).lane(1);
    }
}
