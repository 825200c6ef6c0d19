package backprop;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;

import java.nio.FloatBuffer;
import java.util.Map;

/** Runs an exported model's bytes in onnxruntime, as a serving stack would. */
public final class OnnxRuntimeRun implements AutoCloseable {

    private final OrtEnvironment environment = OrtEnvironment.getEnvironment();
    private final OrtSession session;

    public OnnxRuntimeRun(byte[] model) throws OrtException {
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setIntraOpNumThreads(1);
            session = environment.createSession(model, options);
        }
    }

    /** The model's {@code outputs} for {@code rows} rows of {@code columns} raw features, row-major. */
    public float[] outputs(float[] features, int rows, int columns) throws OrtException {
        try (OnnxTensor input = OnnxTensor.createTensor(environment, FloatBuffer.wrap(features),
                new long[] {rows, columns});
             OrtSession.Result result = session.run(Map.of(OnnxExport.INPUT_NAME, input))) {
            FloatBuffer values = ((OnnxTensor) result.get(OnnxExport.OUTPUT_NAME).orElseThrow()).getFloatBuffer();
            float[] out = new float[values.remaining()];
            values.get(out);
            return out;
        }
    }

    public OrtSession session() {
        return session;
    }

    @Override
    public void close() throws OrtException {
        session.close();
    }
}
