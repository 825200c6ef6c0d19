package backprop.kernel.vector;

import backprop.Activation;

import java.util.concurrent.atomic.AtomicIntegerArray;

import static backprop.kernel.vector.Vectors.LANES;

/**
 * A forward product with a tall, narrow {@code W} (mnist's first layer: at least twice as many rows as the batch,
 * fewer than eight panels) computed as two halves of its inner dimension,
 * {@code f(X[:, h:] W[h:, :] + (bias + X[:, :h] W[:h, :]))}, where {@code h} is where the weight gradient splits the
 * rows of {@code W} between two threads. On two threads each half runs on its own core, so each core reads only
 * the rows of {@code W} it updates; split by rows of the batch instead, both cores read all of {@code W} every step
 * while each updates half of it, and half of {@code W} moves between the cores every step. The sum and the
 * activation follow in a pass of their own, element for element the same as on one thread, where the halves run
 * one after the other and the second adds the first's sum as its tiles finish. Decided by the shape alone, so that
 * any number of threads computes the same sums.
 */
final class ForwardInHalves {

    private final Blocking blocking;
    /** The kernels' own driver, for the halves one after the other. */
    private final GemmDriver driver;
    /** On two threads, one driver of one thread for each half, so that both run at once; else null. */
    private final GemmDriver[] halfDrivers;
    private final KernelWorkers workers;
    private final KernelWorkers.Task halves = this::computeHalves;
    private final KernelWorkers.Task sum = this::addHalves;
    /**
     * Which pieces of the current task (two halves, or the parts of the sum) a thread has taken: each thread takes
     * its own piece first, then any left, so that the caller finishes the task when a worker does not start in time.
     */
    private final AtomicIntegerArray taken;
    private final float[] tail = new float[LANES];
    /** The first half's sum. */
    private float[] firstHalf = new float[0];
    private float[] zeroBias = new float[0];
    // the product being computed on two threads
    private float[] input;
    private int inputOffset;
    private int rows;
    private int inputs;
    private int split;
    private float[] weights;
    private float[] bias;
    private int outputs;
    private float[] output;
    private Epilogues.Op op;

    ForwardInHalves(Blocking blocking, GemmDriver driver, KernelWorkers workers) {
        this.blocking = blocking;
        this.driver = driver;
        this.workers = workers != null && workers.parts() == 2 ? workers : null;
        this.halfDrivers = this.workers == null ? null
                : new GemmDriver[] {new GemmDriver(blocking, null), new GemmDriver(blocking, null)};
        this.taken = new AtomicIntegerArray(2);
    }

    /** Whether a forward product of this shape is computed in halves. */
    boolean applies(int rows, int inputs, int outputs, Activation activation) {
        return activation.isElementwise() && inputs >= 2 * rows && inputs >= 2 * blocking.columnTile.rows
                && Blocking.panelCount(outputs, blocking.rowTile.vectors) < 8
                && blocking.threadsFor((long) rows * inputs * outputs, 2) == 2;
    }

    void forward(float[] input, int inputOffset, int rows, int inputs, float[] weights, float[] bias, int outputs,
                 Activation activation, float[] output) {
        if (firstHalf.length < rows * outputs) firstHalf = new float[rows * outputs];
        // the weight gradient's split of W's rows between two threads: the first half of its row tiles
        int tileRows = blocking.columnTile.rows;
        int split = tileRows * ((inputs + tileRows - 1) / tileRows / 2);
        if (halfDrivers == null || workers.partsInUse() < 2) {
            driver.multiply(GemmDriver.Product.FORWARD, input, inputOffset, inputs, 1, rows, split, weights, 0,
                    outputs, 1, outputs, bias, 1f, null, null, firstHalf);
            driver.multiply(GemmDriver.Product.FORWARD_ADDED, input, inputOffset + split, inputs, 1, rows,
                    inputs - split, weights, split * outputs, outputs, 1, outputs, null, 1f, activation, firstHalf,
                    output);
            return;
        }
        if (zeroBias.length < outputs) zeroBias = new float[outputs];
        this.input = input;
        this.inputOffset = inputOffset;
        this.rows = rows;
        this.inputs = inputs;
        this.split = split;
        this.weights = weights;
        this.bias = bias;
        this.outputs = outputs;
        this.output = output;
        this.op = Epilogues.Op.of(activation);
        untake();
        workers.run(halves);
        untake();
        workers.run(sum);
        this.input = this.weights = this.bias = this.output = null;
    }

    private void untake() {
        for (int piece = 0; piece < taken.length(); piece++) taken.set(piece, 0);
    }

    /** Whether this thread takes {@code piece}, which no other thread has taken. */
    private boolean take(int piece) {
        return taken.compareAndSet(piece, 0, 1);
    }

    /** Thread {@code part} computes its own half, then the other if nobody has taken it. */
    private void computeHalves(int part, int parts) {
        for (int n = 0; n < 2; n++) {
            int half = (part + n) % 2;
            if (take(half)) computeHalf(half);
        }
    }

    /** Half {@code half} of the product, on that half's own driver. */
    private void computeHalf(int half) {
        if (half == 0) {
            halfDrivers[0].multiply(GemmDriver.Product.FORWARD, input, inputOffset, inputs, 1, rows, split, weights,
                    0, outputs, 1, outputs, bias, 1f, null, null, firstHalf);
        } else {
            halfDrivers[1].multiply(GemmDriver.Product.FORWARD, input, inputOffset + split, inputs, 1, rows,
                    inputs - split, weights, split * outputs, outputs, 1, outputs, zeroBias, 1f, null, null, output);
        }
    }

    /**
     * {@code output = f(output + firstHalf)} in {@code parts} pieces of whole vectors counted from the start of the
     * output, the last piece taking the tail too, thread {@code part} taking its own piece first; every element gets
     * the same sum and the same vector activation as in the one-thread order.
     */
    private void addHalves(int part, int parts) {
        for (int n = 0; n < parts; n++) {
            int piece = (part + n) % parts;
            if (take(piece)) addHalvesPiece(piece, parts);
        }
    }

    private void addHalvesPiece(int piece, int pieces) {
        int count = rows * outputs;
        int vectors = count / LANES;
        for (int v = vectors * piece / pieces; v < vectors * (piece + 1) / pieces; v++) {
            Epilogues.addAndApplyAt(op, output, v * LANES, firstHalf);
        }
        if (piece == pieces - 1 && vectors * LANES < count) {
            for (int i = vectors * LANES; i < count; i++) output[i] += firstHalf[i];
            Epilogues.apply(op, output, vectors * LANES, count - vectors * LANES, tail);
        }
    }
}
