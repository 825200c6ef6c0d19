package backprop;

import backprop.data.Dataset;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Collectors;

/** The golden files of {@code ../shared/golden}, copied into the test resources. */
final class Golden {

    static final float[] XOR_INPUTS = {0, 0, 0, 1, 1, 0, 1, 1};
    static final int[] XOR_LABELS = {0, 1, 1, 0};

    private Golden() {
    }

    static String text(String name) {
        try (InputStream in = Golden.class.getResourceAsStream("/golden/" + name)) {
            if (in == null) throw new IllegalStateException("missing test resource golden/" + name);
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Network model(String name) throws IOException {
        return ModelFile.parse(text(name), name);
    }

    static JsonNode json(String name) throws IOException {
        return new ObjectMapper().readTree(text(name));
    }

    static Dataset xor() {
        return Dataset.classification(XOR_INPUTS.clone(), XOR_LABELS.clone(), 4, 2, 2, true);
    }

    /** digits-scaled.csv: 64 pixel columns in [0,1] and a label column, one-hot over 10 classes. */
    static Dataset digits() {
        List<String> lines = text("digits-scaled.csv").lines().skip(1).filter(l -> !l.isBlank())
                .collect(Collectors.toList());
        int rows = lines.size();
        float[] features = new float[rows * 64];
        int[] labels = new int[rows];
        for (int r = 0; r < rows; r++) {
            String[] cells = lines.get(r).split(",");
            for (int c = 0; c < 64; c++) features[r * 64 + c] = Float.parseFloat(cells[c]);
            labels[r] = Integer.parseInt(cells[64].trim());
        }
        return Dataset.classification(features, labels, rows, 64, 10, false);
    }
}
