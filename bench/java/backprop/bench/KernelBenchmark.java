package backprop.bench;

import backprop.Activation;
import backprop.Workload;
import backprop.kernel.Backend;
import backprop.kernel.KernelProvider;
import backprop.kernel.Kernels;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import java.util.Arrays;
import java.util.Random;

/**
 * The kernels of one training step, each alone, on the first layer of the mnist (128 x 784 x 128) and wide
 * (256 x 1024 x 1024) workloads, and the machine's FMA ceiling measured in the same run. Each benchmark counts its
 * floating-point operations (2 per multiply-add) in the secondary metric {@code flops}, so JMH itself reports
 * FLOP/s; the sigmoid counts the elements it maps in {@code elements} instead.
 */
public class KernelBenchmark extends FullRunSettings {

    /**
     * Independent accumulators of {@link #fmaPeak}: sixteen cover the FMA latency of two pipes on every x86 core met
     * so far, where twelve fall short with 256-bit vectors on AMD Zen 5; JDK 17's C2 takes one operand from memory
     * when sixteen registers are all it has. Later C2s keep sixteen accumulators and the two operands on the stack
     * there, so with sixteen registers after JDK 17 the loop keeps fourteen (docs/DESIGN.md).
     */
    static final int FMA_ACCUMULATORS =
            MachineClass.vectorRegisters() < 32 && Runtime.version().feature() > 17 ? 14 : 16;
    private static final boolean SIXTEEN_ACCUMULATORS = FMA_ACCUMULATORS == 16;
    static final int FMA_STEPS = 1024;
    private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;

    /** A first layer of a workload: a batch of inputs, its weights, and a delta and gradient shaped to match. */
    @State(Scope.Thread)
    public static class Layer {
        @Param({"mnist", "wide"})
        public String shape;

        @Param({"scalar", "vector"})
        public String backend;

        Kernels kernels;
        int rows;
        int inputs;
        int outputs;
        float[] input;
        float[] weights;
        float[] bias;
        float[] output;
        float[] delta;
        float[] inputDelta;
        float[] gradient;

        @Setup
        public void fill() {
            kernels = KernelProvider.create(Backend.parse(backend));
            Workload workload = Workload.parse(shape);
            int[] layers = workload.layers();
            rows = workload.batchSize();
            inputs = layers[0];
            outputs = layers[1];
            Random random = new Random(Workload.SEED);
            input = uniform(random, rows * inputs, 0f, 1f);
            weights = uniform(random, inputs * outputs, -0.05f, 0.05f);
            bias = uniform(random, outputs, -0.05f, 0.05f);
            output = new float[rows * outputs];
            delta = uniform(random, rows * outputs, -0.5f, 0.5f);
            inputDelta = new float[rows * inputs];
            gradient = new float[inputs * outputs];
        }

        double productFlops() {
            return 2.0 * rows * inputs * outputs;
        }

        private static float[] uniform(Random random, int count, float low, float high) {
            float[] values = new float[count];
            for (int i = 0; i < count; i++) values[i] = low + (high - low) * random.nextFloat();
            return values;
        }
    }

    /** Floating-point operations done, a JMH secondary metric: {@code OPERATIONS} counters are reported per second. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class Flops {
        public double flops;

        @Setup(Level.Iteration)
        public void clear() {
            flops = 0;
        }
    }

    /** Elements an activation mapped, reported per second like {@link Flops}. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class Elements {
        public double elements;

        @Setup(Level.Iteration)
        public void clear() {
            elements = 0;
        }
    }

    /** The FMA operands, read from memory once per call so that the JIT cannot fold them away. */
    @State(Scope.Thread)
    public static class Operands {
        // the accumulators converge to addend / (1 - factor) instead of overflowing
        final float[] factor = filled(0.999f);
        final float[] addend = filled(1e-4f);

        private static float[] filled(float value) {
            float[] values = new float[SPECIES.length()];
            Arrays.fill(values, value);
            return values;
        }
    }

    /** {@code sigmoid(input W + bias)}: the forward product with its activation fused. */
    @Benchmark
    public float[] forwardSigmoid(Layer layer, Flops counter) {
        layer.kernels.forward(layer.input, 0, layer.rows, layer.inputs, layer.weights, layer.bias, layer.outputs,
                Activation.SIGMOID, layer.output);
        counter.flops += layer.productFlops();
        return layer.output;
    }

    /** {@code A^T dZ}, accumulated into a gradient buffer with a scale small enough never to overflow it. */
    @Benchmark
    public float[] weightGradient(Layer layer, Flops counter) {
        layer.kernels.addWeightGradient(layer.input, 0, layer.delta, layer.rows, layer.inputs, layer.outputs, 1e-9f,
                layer.gradient);
        counter.flops += layer.productFlops();
        return layer.gradient;
    }

    /** {@code (dZ W^T) * sigmoid'(A)}: the delta of the layer below, with the derivative fused. */
    @Benchmark
    public float[] backpropDelta(Layer layer, Flops counter) {
        layer.kernels.backpropDelta(layer.delta, layer.rows, layer.outputs, layer.weights, layer.inputs, layer.input,
                Activation.SIGMOID, layer.inputDelta);
        counter.flops += layer.productFlops();
        return layer.inputDelta;
    }

    /**
     * The sigmoid, nearly alone, over a layer's output: a forward pass with one input maps
     * {@code sigmoid(x w + bias)}, one multiply-add per element beside the activation. (Not zero inputs: the vector
     * backend sends a product that small to its scalar path, which would time the scalar sigmoid on both.)
     */
    @Benchmark
    public float[] sigmoid(Layer layer, Elements counter) {
        layer.kernels.forward(layer.input, 0, layer.rows, 1, layer.weights, layer.bias, layer.outputs,
                Activation.SIGMOID, layer.output);
        counter.elements += (double) layer.rows * layer.outputs;
        return layer.output;
    }

    /**
     * The ceiling: {@value #FMA_ACCUMULATORS} independent fused multiply-adds per step on the preferred species,
     * all operands in registers, so nothing but the FMA units limits it.
     */
    @Benchmark
    public float fmaPeak(Operands operands, Flops counter) {
        FloatVector a = FloatVector.fromArray(SPECIES, operands.factor, 0);
        FloatVector b = FloatVector.fromArray(SPECIES, operands.addend, 0);
        FloatVector s0 = b, s1 = b, s2 = b, s3 = b, s4 = b, s5 = b, s6 = b, s7 = b;
        FloatVector s8 = b, s9 = b, s10 = b, s11 = b, s12 = b, s13 = b, s14 = b, s15 = b;
        for (int i = 0; i < FMA_STEPS; i++) {
            s0 = s0.fma(a, b);
            s1 = s1.fma(a, b);
            s2 = s2.fma(a, b);
            s3 = s3.fma(a, b);
            s4 = s4.fma(a, b);
            s5 = s5.fma(a, b);
            s6 = s6.fma(a, b);
            s7 = s7.fma(a, b);
            s8 = s8.fma(a, b);
            s9 = s9.fma(a, b);
            s10 = s10.fma(a, b);
            s11 = s11.fma(a, b);
            s12 = s12.fma(a, b);
            s13 = s13.fma(a, b);
            // a constant: C2 compiles one loop or the other
            if (SIXTEEN_ACCUMULATORS) {
                s14 = s14.fma(a, b);
                s15 = s15.fma(a, b);
            }
        }
        counter.flops += 2.0 * SPECIES.length() * FMA_ACCUMULATORS * FMA_STEPS;
        return s0.add(s1).add(s2).add(s3).add(s4).add(s5).add(s6).add(s7).add(s8).add(s9).add(s10).add(s11)
                .add(s12).add(s13).add(s14).add(s15)
                .reduceLanes(VectorOperators.ADD);
    }
}
