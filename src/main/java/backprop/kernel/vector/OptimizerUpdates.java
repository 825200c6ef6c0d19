package backprop.kernel.vector;

import backprop.kernel.AdamStep;
import backprop.kernel.ScalarKernels;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;

import static backprop.kernel.vector.Vectors.LANES;
import static backprop.kernel.vector.Vectors.SPECIES;
import static backprop.kernel.vector.Vectors.VECTOR_CLASS;

/**
 * The optimizers' elementwise updates on vectors. Each is {@link ScalarKernels}' loop operation for operation
 * (separate multiplies and adds, no fma), so that both backends compute the same bits.
 */
final class OptimizerUpdates {

    private OptimizerUpdates() {
    }

    /**
     * {@link backprop.kernel.Kernels#adamUpdate}: one pass over parameters, gradients and both moments, which also
     * zeroes the gradients for the next step to accumulate into.
     */
    static void adam(float[] parameters, float[] gradients, float[] firstMoments, float[] secondMoments, int count,
                     AdamStep step) {
        float beta1 = step.beta1();
        float beta2 = step.beta2();
        float decay = step.gradientDecay();
        float scale = step.parameterScale();
        float stepSize = step.stepSize();
        float correction = step.inverseRootCorrection2();
        float epsilon = step.epsilon();
        float rest1 = 1f - beta1;
        float rest2 = 1f - beta2;
        FloatVector zero = FloatVector.zero(SPECIES);
        int bound = SPECIES.loopBound(count);
        for (int i = 0; i < bound; i += LANES) {
            FloatVector p = VECTOR_CLASS.cast(FloatVector.fromArray(SPECIES, parameters, i));
            FloatVector g = VECTOR_CLASS.cast(FloatVector.fromArray(SPECIES, gradients, i)).add(p.mul(decay));
            FloatVector m = VECTOR_CLASS.cast(FloatVector.fromArray(SPECIES, firstMoments, i)).mul(beta1)
                    .add(VECTOR_CLASS.cast(g).mul(rest1));
            FloatVector v = VECTOR_CLASS.cast(FloatVector.fromArray(SPECIES, secondMoments, i)).mul(beta2)
                    .add(VECTOR_CLASS.cast(g).mul(rest2).mul(g));
            VECTOR_CLASS.cast(m).intoArray(firstMoments, i);
            VECTOR_CLASS.cast(v).intoArray(secondMoments, i);
            VECTOR_CLASS.cast(zero).intoArray(gradients, i);
            FloatVector denominator = VECTOR_CLASS.cast(v).lanewise(VectorOperators.SQRT).mul(correction).add(epsilon);
            FloatVector change = VECTOR_CLASS.cast(m).mul(stepSize).div(denominator);
            p.mul(scale).sub(change).intoArray(parameters, i);
        }
        ScalarKernels.adamUpdate(parameters, gradients, firstMoments, secondMoments, bound, count, step);
    }
}
