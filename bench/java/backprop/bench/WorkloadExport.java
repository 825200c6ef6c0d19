package backprop.bench;

import backprop.Network;
import backprop.Trainer;
import backprop.Workload;
import backprop.data.Dataset;
import backprop.kernel.ScalarKernels;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes every {@link Workload} for the peers in {@code bench/peers/}: the same data and start weights as the JVM
 * trains on, as raw little-endian float32 ({@code numpy.fromfile}), and the settings as JSON. So the peers share
 * the one definition instead of repeating it in Python. Also the weights after {@value #CHECKED_EPOCHS} epochs on the
 * scalar backend ({@code w0.trained.f32}...), which {@code bench/peers/check_peers.py} holds every peer to, except
 * for wide, whose scalar epochs take minutes. Usage: {@code WorkloadExport DIR}.
 */
public final class WorkloadExport {

    /** Epochs the scalar backend trains for the peers' check. */
    static final int CHECKED_EPOCHS = 3;

    private WorkloadExport() {
    }

    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args.length > 0 ? args[0] : "target/bench-workloads");
        Files.createDirectories(dir);
        for (Workload w : Workload.values()) export(w, dir);
    }

    static void export(Workload w, Path dir) throws IOException {
        Dataset data = w.dataset();
        Network network = w.network();
        write(dir.resolve(w.id() + ".x.f32"), data.features(), data.rows() * data.inputs());
        write(dir.resolve(w.id() + ".y.f32"), data.targets(), data.rows() * data.outputs());
        for (int l = 0; l < network.depth(); l++) {
            write(dir.resolve(w.id() + ".w" + l + ".f32"), network.weights(l), network.weights(l).length);
            write(dir.resolve(w.id() + ".b" + l + ".f32"), network.biases(l), network.biases(l).length);
        }
        ObjectNode settings = RunRecord.JSON.createObjectNode();
        settings.put("workload", w.id());
        settings.put("shape", w.shape());
        ArrayNode layers = settings.putArray("layers");
        for (int size : w.layers()) layers.add(size);
        settings.put("rows", w.rows());
        settings.put("batch", w.batchSize());
        settings.put("learning_rate", Workload.LEARNING_RATE);
        settings.put("flops_per_epoch", w.flopsPerEpoch());
        settings.put("checked_epochs", w == Workload.WIDE ? 0 : CHECKED_EPOCHS);
        RunRecord.JSON.writerWithDefaultPrettyPrinter().writeValue(dir.resolve(w.id() + ".json").toFile(), settings);
        if (w == Workload.WIDE) return;
        Trainer trainer = w.trainer(new ScalarKernels());
        for (int epoch = 0; epoch < CHECKED_EPOCHS; epoch++) trainer.epoch();
        Network trained = trainer.network();
        for (int l = 0; l < trained.depth(); l++) {
            write(dir.resolve(w.id() + ".w" + l + ".trained.f32"), trained.weights(l), trained.weights(l).length);
            write(dir.resolve(w.id() + ".b" + l + ".trained.f32"), trained.biases(l), trained.biases(l).length);
        }
    }

    private static void write(Path file, float[] values, int count) throws IOException {
        ByteBuffer bytes = ByteBuffer.allocate(count * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        bytes.asFloatBuffer().put(values, 0, count);
        Files.write(file, bytes.array());
    }
}
