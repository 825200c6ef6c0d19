package backprop;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.CharacterCodingException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The model file: {@code {"format":"backprop-mlp","version":1,"layers":[2,4,1],"activations":["sigmoid","sigmoid"],
 * "weights":[W1,W2],"biases":[b1,b2]}}, where {@code weights[l]} is {@code layers[l]} rows of {@code layers[l+1]}
 * numbers (numpy's {@code W.tolist()}) and {@code biases[l]} has {@code layers[l+1]} numbers. An optional
 * {@code "normalization":{"method":"minmax","shift":[...],"scale":[...]}} maps inputs as {@code (x - shift) * scale}.
 * A regression model (identity outputs) says {@code "task":"regression"} and may have a
 * {@code "targetNormalization"} of the same form, one entry per output, whose inverse maps outputs to the targets'
 * units; files without {@code "task"} are read as before.
 * Optional names ({@link ModelColumns}): {@code "inputNames":["x1",...]} (one per input), {@code "label":"y"} (for a
 * regression model of several outputs, one name per target: {@code "label":["y1","y2"]}) and
 * {@code "classes":["cat","dog"]} (one per class; two for a single output; classifiers only).
 * Other fields are ignored on read.
 *
 * <p>Floats are written in their shortest round-trip form and read with correct rounding, so a save and a load give
 * back the same bits. Saving writes a temporary file beside the target and renames it over, so a failed save never
 * damages an existing file.
 */
public final class ModelFile {

    /** The value of the file's {@code "format"} field. */
    public static final String FORMAT = "backprop-mlp";
    /** The value of the file's {@code "version"} field this code reads and writes. */
    public static final int VERSION = 1;
    private static final String TASK_REGRESSION = "regression";
    private static final String TASK_CLASSIFICATION = "classification";

    /** Deeper than any model file nests (four levels), shallow enough that no reader recurses into trouble. */
    static final int MAX_NESTING = 64;
    /** Longer than any float written out in full, short enough that no number costs time to parse. */
    static final int MAX_NUMBER_LENGTH = 100;
    /** The heap a model file takes while it is read, per byte of the file: its text and the JSON tree of numbers. */
    private static final int HEAP_BYTES_PER_FILE_BYTE = 8;

    private static final ObjectMapper MAPPER = new ObjectMapper(JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder()
                    .maxNestingDepth(MAX_NESTING)
                    .maxNumberLength(MAX_NUMBER_LENGTH)
                    .build())
            .build())
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY);

    private ModelFile() {
    }

    /** A model file that cannot be used; the message names the file and the field. */
    public static final class InvalidModelException extends IOException {
        private static final long serialVersionUID = 1L;

        /** A model file that does not follow the format; the message names the file and the field. */
        public InvalidModelException(String message) {
            super(message);
        }
    }

    /**
     * Reads a model file.
     *
     * @param path the JSON file {@link #write} or {@code train --save} wrote
     * @return the network, with its normalization if the file has one
     * @throws IOException if the file cannot be read or does not follow the format ({@link InvalidModelException})
     */
    public static Network read(Path path) throws IOException {
        String text;
        try {
            if (Files.isDirectory(path)) throw new IOException(path + ": is a folder, not a model file");
            long size = Files.size(path);
            Optional<String> shortfall = HeapLimit.shortfall(HeapLimit.times(size, HEAP_BYTES_PER_FILE_BYTE));
            if (size > HeapLimit.MAX_ARRAY_LENGTH || shortfall.isPresent()) {
                throw new IOException(path + ": reading a model file of " + HeapLimit.format(size) + " "
                        + shortfall.orElse("needs more than a Java string holds"));
            }
            text = Files.readString(path);
        } catch (NoSuchFileException e) {
            throw new IOException(path + ": no such file");
        } catch (AccessDeniedException e) {
            throw new IOException(path + ": permission denied");
        } catch (CharacterCodingException e) {
            throw new InvalidModelException(path + ": not a model file (not UTF-8 text)");
        }
        return parse(text, path.getFileName().toString());
    }

    /** Parses model JSON; {@code source} names it in error messages. */
    public static Network parse(String json, String source) throws InvalidModelException {
        JsonNode root;
        JsonParser parser = null;
        try {
            parser = MAPPER.createParser(json);
            root = MAPPER.readTree(parser);
        } catch (JsonProcessingException e) {
            // a broken limit (StreamConstraintsException) carries no location of its own: the parser knows it
            JsonLocation where = e.getLocation() != null ? e.getLocation()
                    : parser != null ? parser.currentLocation() : null;
            String message = e.getOriginalMessage().replaceAll(", from `[^`]*`", "").replaceAll("\\s+", " ");
            throw new InvalidModelException(source + ": not valid JSON ("
                    + (where == null ? "" : "line " + where.getLineNr() + ", column " + where.getColumnNr() + ": ")
                    + message + ")");
        } catch (NumberFormatException e) {
            // a number Jackson's BigDecimal cannot hold, such as an exponent of forty digits
            JsonLocation where = parser.currentLocation();
            throw new InvalidModelException(source + ": not valid JSON (line " + where.getLineNr() + ", column "
                    + where.getColumnNr() + ": a number out of range)");
        } catch (IOException e) {
            throw new IllegalStateException("reading a string cannot fail", e);
        }
        if (root == null || !root.isObject()) throw new InvalidModelException(source + ": expected a JSON object");
        Fields f = new Fields(source);
        JsonNode format = root.get("format");
        if (format == null || !format.isTextual() || !FORMAT.equals(format.asText())) {
            throw f.error("format", "expected \"" + FORMAT + "\", got " + format);
        }
        JsonNode version = root.get("version");
        if (version == null || !version.isIntegralNumber() || version.asInt() != VERSION) {
            throw f.error("version", "expected " + VERSION + ", got " + version);
        }
        JsonNode layersNode = f.array(root, "layers");
        if (layersNode.size() < 2) throw f.error("layers", "needs at least 2 sizes, got " + layersNode.size());
        int[] layers = new int[layersNode.size()];
        for (int l = 0; l < layers.length; l++) {
            JsonNode n = layersNode.get(l);
            if (!n.isIntegralNumber() || n.asLong() <= 0 || n.asLong() > 1 << 20) {
                throw f.error("layers[" + l + "]", "expected a positive integer, got " + n);
            }
            layers[l] = n.asInt();
        }
        int depth = layers.length - 1;
        JsonNode activationsNode = f.array(root, "activations");
        if (activationsNode.size() != depth) {
            throw f.error("activations", "expected " + depth + " entries for " + layers.length + " layers, got "
                    + activationsNode.size());
        }
        Activation[] activations = new Activation[depth];
        for (int l = 0; l < depth; l++) {
            JsonNode n = activationsNode.get(l);
            try {
                activations[l] = Activation.parse(n.isTextual() ? n.asText() : String.valueOf(n));
            } catch (IllegalArgumentException e) {
                throw f.error("activations[" + l + "]", e.getMessage());
            }
            if (l < depth - 1 && !activations[l].allowedInHiddenLayer()) {
                throw f.error("activations[" + l + "]", activations[l].jsonName() + " is only allowed on the output layer");
            }
        }
        JsonNode weights = f.array(root, "weights");
        JsonNode biases = f.array(root, "biases");
        if (weights.size() != depth) throw f.error("weights", "expected " + depth + " matrices, got " + weights.size());
        if (biases.size() != depth) throw f.error("biases", "expected " + depth + " vectors, got " + biases.size());
        // every shape is checked before the network is allocated, so the sizes in "layers" are backed by numbers
        // the file holds, and the arrays cost no more than the JSON tree already in memory
        for (int l = 0; l < depth; l++) {
            JsonNode matrix = weights.get(l);
            String name = "weights[" + l + "]";
            if (!matrix.isArray() || matrix.size() != layers[l]) {
                throw f.error(name, "expected " + layers[l] + " rows (layers[" + l + "]), got "
                        + (matrix.isArray() ? matrix.size() + " rows" : matrix.getNodeType()));
            }
            for (int i = 0; i < layers[l]; i++) f.checkLength(matrix.get(i), name + "[" + i + "]", layers[l + 1]);
            f.checkLength(biases.get(l), "biases[" + l + "]", layers[l + 1]);
        }
        Network network = new Network(layers, activations);
        for (int l = 0; l < depth; l++) {
            JsonNode matrix = weights.get(l);
            for (int i = 0; i < layers[l]; i++) {
                f.readVector(matrix.get(i), "weights[" + l + "][" + i + "]", layers[l + 1], network.weights(l),
                        i * layers[l + 1]);
            }
            f.readVector(biases.get(l), "biases[" + l + "]", layers[l + 1], network.biases(l), 0);
        }
        network.setNormalization(readNormalization(root, "normalization", layers[0], f));
        readRegression(root, network, f);
        network.setColumns(readColumns(root, f, network));
        return network;
    }

    /** The optional scaling object {@code field} of {@code columns} columns, or {@code null}. */
    private static Normalization readNormalization(JsonNode root, String field, int columns, Fields f)
            throws InvalidModelException {
        JsonNode normalization = root.get(field);
        if (normalization == null || normalization.isNull()) return null;
        if (!normalization.isObject()) throw f.error(field, "expected an object");
        Normalization.Method method;
        try {
            method = Normalization.Method.parse(f.text(normalization, field + ".method"));
        } catch (IllegalArgumentException e) {
            throw f.error(field + ".method", e.getMessage());
        }
        float[] shift = new float[columns];
        float[] scale = new float[columns];
        f.readVector(normalization.get("shift"), field + ".shift", columns, shift, 0);
        f.readVector(normalization.get("scale"), field + ".scale", columns, scale, 0);
        return new Normalization(method, shift, scale);
    }

    /** The regression fields: {@code "task"}, which must agree with the output activation, and the targets' scaling. */
    private static void readRegression(JsonNode root, Network network, Fields f) throws InvalidModelException {
        JsonNode task = root.get("task");
        if (task != null) {
            String name = task.isTextual() ? task.asText() : String.valueOf(task);
            if (!name.equals(TASK_REGRESSION) && !name.equals(TASK_CLASSIFICATION)) {
                throw f.error("task", "expected \"" + TASK_CLASSIFICATION + "\" or \"" + TASK_REGRESSION + "\", got "
                        + task);
            }
            if (name.equals(TASK_REGRESSION) != network.isRegression()) {
                throw f.error("task", name + " does not fit the output activation "
                        + network.activation(network.depth() - 1).jsonName()
                        + " (regression has identity outputs, classification the others)");
            }
        }
        Normalization targets = readNormalization(root, "targetNormalization", network.outputs(), f);
        if (targets != null && !network.isRegression()) {
            throw f.error("targetNormalization", "only a regression model (identity outputs) has one");
        }
        network.setTargetNormalization(targets);
    }

    /**
     * The optional names: {@code "inputNames"} (one per input), {@code "label"} (a string, or for a regression model
     * an array of one name per output) and {@code "classes"} (one per class; classifiers only). Files without them
     * read as models that know no names.
     */
    private static ModelColumns readColumns(JsonNode root, Fields f, Network network) throws InvalidModelException {
        List<String> inputNames = f.names(root, "inputNames", network.inputs());
        JsonNode label = root.get("label");
        List<String> labels;
        if (label == null || label.isNull()) {
            labels = List.of();
        } else if (label.isTextual()) {
            labels = List.of(label.asText());
            if (network.isRegression() && network.outputs() != 1) {
                throw f.error("label", "expected an array of " + network.outputs() + " target names, got " + label);
            }
        } else if (label.isArray() && network.isRegression()) {
            labels = f.names(root, "label", network.outputs());
        } else {
            throw f.error("label", "expected a string" + (network.isRegression() ? " or an array of target names" : "")
                    + ", got " + label);
        }
        JsonNode classes = root.get("classes");
        if (network.isRegression() && classes != null && !classes.isNull()) {
            throw f.error("classes", "a regression model (identity outputs) has no classes");
        }
        List<String> classNames = network.isRegression() ? List.of() : f.names(root, "classes", network.classCount());
        return new ModelColumns(inputNames, labels, classNames);
    }

    private static void writeColumns(JsonGenerator g, ModelColumns columns) throws IOException {
        if (columns.hasInputNames()) writeNames(g, "inputNames", columns.inputNames());
        if (columns.labels().size() == 1) g.writeStringField("label", columns.labels().get(0));
        if (columns.labels().size() > 1) writeNames(g, "label", columns.labels());
        if (!columns.classNames().isEmpty()) writeNames(g, "classes", columns.classNames());
    }

    private static void writeNames(JsonGenerator g, String field, List<String> names) throws IOException {
        g.writeArrayFieldStart(field);
        for (String name : names) g.writeString(name);
        g.writeEndArray();
    }

    /** Writes {@code network} to {@code path} atomically; refuses a network with NaN or infinite parameters. */
    public static void write(Network network, Path path) throws IOException {
        if (!network.isFinite()) {
            throw new IOException(path + ": refusing to save a model with NaN or infinite weights");
        }
        AtomicFile.write(path, out -> writeJson(network, out));
    }

    /** The model as JSON text. */
    public static String toJson(Network network) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        try {
            writeJson(network, out);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return out.toString(java.nio.charset.StandardCharsets.UTF_8);
    }

    private static void writeJson(Network network, OutputStream out) throws IOException {
        DefaultPrettyPrinter printer = new DefaultPrettyPrinter().withArrayIndenter(DefaultPrettyPrinter.NopIndenter.instance);
        try (JsonGenerator g = new JsonFactory().createGenerator(out)) {
            g.setPrettyPrinter(printer);
            g.writeStartObject();
            g.writeStringField("format", FORMAT);
            g.writeNumberField("version", VERSION);
            g.writeArrayFieldStart("layers");
            for (int size : network.layers()) g.writeNumber(size);
            g.writeEndArray();
            g.writeArrayFieldStart("activations");
            for (Activation a : network.activations()) g.writeString(a.jsonName());
            g.writeEndArray();
            g.writeArrayFieldStart("weights");
            for (int l = 0; l < network.depth(); l++) {
                int rows = network.layerSize(l);
                int cols = network.layerSize(l + 1);
                g.writeStartArray();
                for (int i = 0; i < rows; i++) writeVector(g, network.weights(l), i * cols, cols);
                g.writeEndArray();
            }
            g.writeEndArray();
            g.writeArrayFieldStart("biases");
            for (int l = 0; l < network.depth(); l++) writeVector(g, network.biases(l), 0, network.layerSize(l + 1));
            g.writeEndArray();
            writeNormalization(g, "normalization", network.normalization());
            writeRegression(g, network);
            writeColumns(g, network.columns());
            g.writeEndObject();
            g.writeRaw('\n');
        }
    }

    private static void writeNormalization(JsonGenerator g, String field, Normalization n) throws IOException {
        if (n == null) return;
        g.writeObjectFieldStart(field);
        g.writeStringField("method", n.method().jsonName());
        g.writeFieldName("shift");
        writeVector(g, n.shift(), 0, n.columns());
        g.writeFieldName("scale");
        writeVector(g, n.scale(), 0, n.columns());
        g.writeEndObject();
    }

    /** A regression model's fields; classification models are written as before, without a task. */
    private static void writeRegression(JsonGenerator g, Network network) throws IOException {
        if (!network.isRegression()) return;
        g.writeStringField("task", TASK_REGRESSION);
        writeNormalization(g, "targetNormalization", network.targetNormalization());
    }

    private static void writeVector(JsonGenerator g, float[] values, int offset, int length) throws IOException {
        g.writeStartArray();
        for (int j = 0; j < length; j++) g.writeNumber(values[offset + j]);
        g.writeEndArray();
    }

    /** Field access that names the file and field in every error. */
    private static final class Fields {
        private static final int MAX_QUOTED = 200;

        private final String source;

        Fields(String source) {
            this.source = source;
        }

        InvalidModelException error(String field, String problem) {
            // a problem quotes the file's own text, which may be a whole array
            String shown = problem.length() <= MAX_QUOTED ? problem : problem.substring(0, MAX_QUOTED) + "...";
            shown = shown.replace("\r", "\\r").replace("\n", "\\n");
            return new InvalidModelException(source + ": field '" + field + "': " + shown);
        }

        JsonNode array(JsonNode parent, String field) throws InvalidModelException {
            JsonNode n = parent.get(field);
            if (n == null) throw error(field, "missing");
            if (!n.isArray()) throw error(field, "expected an array, got " + n.getNodeType());
            return n;
        }

        String text(JsonNode parent, String field) throws InvalidModelException {
            JsonNode n = parent.get(field.substring(field.lastIndexOf('.') + 1));
            if (n == null || !n.isTextual()) throw error(field, "expected a string, got " + n);
            return n.asText();
        }

        /** An optional array of {@code count} distinct strings; empty when the field is absent. */
        List<String> names(JsonNode parent, String field, int count) throws InvalidModelException {
            JsonNode n = parent.get(field);
            if (n == null || n.isNull()) return List.of();
            if (!n.isArray()) throw error(field, "expected an array, got " + n.getNodeType());
            if (n.size() != count) throw error(field, "expected " + count + " names, got " + n.size());
            List<String> names = new ArrayList<>(count);
            Set<String> seen = new HashSet<>();
            for (int i = 0; i < count; i++) {
                JsonNode name = n.get(i);
                if (!name.isTextual()) throw error(field + "[" + i + "]", "expected a string, got " + name);
                if (!seen.add(name.asText())) throw error(field + "[" + i + "]", "'" + name.asText() + "' appears twice");
                names.add(name.asText());
            }
            return names;
        }

        void checkLength(JsonNode node, String field, int length) throws InvalidModelException {
            if (node == null) throw error(field, "missing");
            if (!node.isArray()) throw error(field, "expected an array, got " + node.getNodeType());
            if (node.size() != length) throw error(field, "expected " + length + " numbers, got " + node.size());
        }

        void readVector(JsonNode node, String field, int length, float[] into, int offset) throws InvalidModelException {
            checkLength(node, field, length);
            for (int j = 0; j < length; j++) {
                JsonNode n = node.get(j);
                if (!n.isNumber()) throw error(field + "[" + j + "]", "expected a number, got " + n);
                // parse the decimal text itself: a detour through double can round twice
                float v = Float.parseFloat(n.isBigDecimal() ? n.decimalValue().toString() : n.asText());
                if (!Float.isFinite(v)) throw error(field + "[" + j + "]", "not a finite float: " + n.asText());
                into[offset + j] = v;
            }
        }
    }
}
