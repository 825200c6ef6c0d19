package backprop.bench;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import backprop.Network;
import backprop.Normalization;
import backprop.OnnxExport;
import backprop.Predictor;
import backprop.Workload;
import backprop.data.Dataset;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.Map;

/**
 * Serving speed: one operation is one call for {@code batch} rows of raw features, by {@link Predictor} or by
 * onnxruntime's {@code OrtSession} on the same network exported to ONNX, both on one thread. The {@code rows}
 * counter is rows per second. The network is the workload's, with a min-max normalisation fitted on its data, so
 * that both engines scale raw rows first, as serving does.
 *
 * <p>The onnxruntime call is what a Java caller of it does per request, at its cheapest: an input tensor over a
 * direct buffer that already holds the rows (no copy), the run, and the outputs copied out. {@code -prof gc} gives
 * the bytes each engine allocates per call.
 */
@State(Scope.Thread)
public class InferenceBenchmark {

    @Param({"mnist", "wide"})
    public String workload;

    @Param({"1", "256"})
    public int batch;

    @Param({"predictor", "onnxruntime"})
    public String engine;

    private Predictor predictor;
    private float[] rows;
    private float[] out;

    private OrtEnvironment environment;
    private OrtSession session;
    private FloatBuffer directRows;
    private long[] shape;

    @Setup
    public void load() throws OrtException {
        Workload chosen = Workload.parse(workload);
        Network network = chosen.network();
        Dataset data = chosen.dataset();
        network.setNormalization(Normalization.fit(Normalization.Method.MINMAX, data.features(), data.rows(),
                data.inputs()));
        rows = new float[batch * network.inputs()];
        System.arraycopy(data.features(), 0, rows, 0, rows.length);
        out = new float[batch * network.outputs()];
        if (engine.equals("predictor")) {
            predictor = Predictor.of(network);
        } else if (engine.equals("onnxruntime")) {
            environment = OrtEnvironment.getEnvironment();
            try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
                options.setIntraOpNumThreads(1);
                options.setInterOpNumThreads(1);
                session = environment.createSession(OnnxExport.toBytes(network, null), options);
            }
            directRows = ByteBuffer.allocateDirect(rows.length * Float.BYTES).order(ByteOrder.nativeOrder())
                    .asFloatBuffer();
            directRows.put(rows).flip();
            shape = new long[] {batch, network.inputs()};
        } else {
            throw new IllegalArgumentException("unknown engine '" + engine + "' (expected predictor or onnxruntime)");
        }
    }

    @TearDown
    public void close() throws OrtException {
        if (session != null) session.close();
    }

    @Benchmark
    public float[] predict(Rows counter) throws OrtException {
        counter.rows += batch;
        if (predictor != null) {
            predictor.predict(rows, batch, out);
            return out;
        }
        try (OnnxTensor input = OnnxTensor.createTensor(environment, directRows, shape);
             OrtSession.Result result = session.run(Map.of(OnnxExport.INPUT_NAME, input))) {
            ((OnnxTensor) result.get(0)).getFloatBuffer().get(out);
        }
        return out;
    }

    /** Rows predicted, reported per second. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class Rows {
        public long rows;

        @Setup(Level.Iteration)
        public void reset() {
            rows = 0;
        }
    }
}
