package backprop.kernel;

/**
 * The coefficients of one Adam or AdamW step, shared by every parameter array of the step; the trainer keeps one
 * instance and advances it, so a step allocates nothing. With {@code g = gradient + gradientDecay * p}:
 * {@code m = beta1 m + (1 - beta1) g}, {@code v = beta2 v + (1 - beta2) g^2},
 * {@code p = parameterScale * p - stepSize * m / (sqrt(v) * inverseRootCorrection2 + epsilon)}.
 */
public final class AdamStep {

    private float beta1;
    private float beta2;
    private float epsilon;
    private float gradientDecay;
    private float parameterScale;
    private float stepSize;
    private float inverseRootCorrection2;

    /**
     * Sets the coefficients of step {@code step} (counted from 1) at learning rate {@code learningRate}: Adam's
     * weight decay goes into the gradient, AdamW's ({@code decoupled}) scales the parameters.
     */
    public void set(int step, float learningRate, float beta1, float beta2, float epsilon, float weightDecay,
                    boolean decoupled) {
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.epsilon = epsilon;
        this.gradientDecay = decoupled ? 0f : weightDecay;
        this.parameterScale = decoupled ? (float) (1.0 - (double) learningRate * weightDecay) : 1f;
        // the bias corrections in double, as PyTorch computes them on Python floats
        double correction1 = 1.0 - Math.pow(beta1, step);
        double correction2 = 1.0 - Math.pow(beta2, step);
        this.stepSize = (float) (learningRate / correction1);
        this.inverseRootCorrection2 = (float) (1.0 / Math.sqrt(correction2));
    }

    public float beta1() {
        return beta1;
    }

    public float beta2() {
        return beta2;
    }

    public float epsilon() {
        return epsilon;
    }

    public float gradientDecay() {
        return gradientDecay;
    }

    public float parameterScale() {
        return parameterScale;
    }

    public float stepSize() {
        return stepSize;
    }

    public float inverseRootCorrection2() {
        return inverseRootCorrection2;
    }
}
