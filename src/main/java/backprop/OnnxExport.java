package backprop;

import backprop.onnx.proto.Onnx.AttributeProto;
import backprop.onnx.proto.Onnx.GraphProto;
import backprop.onnx.proto.Onnx.ModelProto;
import backprop.onnx.proto.Onnx.NodeProto;
import backprop.onnx.proto.Onnx.OperatorSetIdProto;
import backprop.onnx.proto.Onnx.StringStringEntryProto;
import backprop.onnx.proto.Onnx.TensorProto;
import backprop.onnx.proto.Onnx.TensorShapeProto;
import backprop.onnx.proto.Onnx.TypeProto;
import backprop.onnx.proto.Onnx.ValueInfoProto;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.ByteString;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A network as an ONNX model that takes raw feature rows: the stored normalisation first ({@code Sub} of the shift,
 * {@code Mul} by the scale), then per layer a {@code Gemm} and its activation ({@code Sigmoid}, {@code Tanh},
 * {@code Relu}, {@code Softmax} over the last axis, or nothing for identity outputs), and for a regression network
 * with standardised targets {@code Div} and {@code Add} that map its outputs back to the targets' units. The input {@value #INPUT_NAME} and the output
 * {@value #OUTPUT_NAME} are float matrices of {@value #BATCH_DIMENSION} rows, a dimension any batch size fills.
 *
 * <p>The model declares IR version {@value #IR_VERSION} and the default domain's opset {@value #OPSET}, old enough
 * for every onnxruntime 1.x still in use and new enough for {@code Softmax} over one axis. The weights are stored as they are, {@code inputs x outputs} row-major like numpy's
 * {@code W}, so each {@code Gemm} multiplies without transposing ({@code transB = 0}).
 */
public final class OnnxExport {

    /** The graph's input: {@value #BATCH_DIMENSION} rows of raw features, as the model file's data has them. */
    public static final String INPUT_NAME = "features";
    /** The graph's output: {@value #BATCH_DIMENSION} rows of the network's outputs, as {@code predict} gives them. */
    public static final String OUTPUT_NAME = "outputs";
    /** The symbolic first dimension of the input and the output. */
    public static final String BATCH_DIMENSION = "batch";
    /** The ONNX IR version the model declares. */
    public static final long IR_VERSION = 7;
    /** The version of the default ({@code ai.onnx}) operator set the nodes are taken from. */
    public static final long OPSET = 13;
    /** The value of the model's {@code producer_name}. */
    public static final String PRODUCER_NAME = "backprop";
    /** The metadata key of the class names, a JSON array of strings in output order. */
    public static final String CLASS_NAMES_KEY = "class_names";

    private OnnxExport() {
    }

    /**
     * Writes {@code network} as an ONNX model to {@code path}, whole or not at all.
     *
     * @param classNames the name of each class in output order, recorded in the metadata; {@code null} when the
     *                   model has none
     */
    public static void write(Network network, List<String> classNames, Path path) throws IOException {
        ModelProto model = model(network, classNames);
        AtomicFile.write(path, model::writeTo);
    }

    /** The model's bytes, as {@link #write} stores them. */
    public static byte[] toBytes(Network network, List<String> classNames) {
        return model(network, classNames).toByteArray();
    }

    static ModelProto model(Network network, List<String> classNames) {
        // a single output is a two-class model, as evaluate and predict read it
        if (classNames != null && network.isRegression()) {
            throw new IllegalArgumentException("a regression network has no classes to name");
        }
        if (classNames != null && classNames.size() != Math.max(2, network.outputs())) {
            throw new IllegalArgumentException(classNames.size() + " class names for a network of "
                    + network.outputs() + " outputs (expected " + Math.max(2, network.outputs()) + ")");
        }
        if (!network.isFinite()) throw new IllegalArgumentException("the network has NaN or infinite parameters");
        GraphProto.Builder graph = GraphProto.newBuilder().setName("backprop_" + layerSizes(network));
        graph.addInput(matrix(INPUT_NAME, network.inputs()));
        graph.addOutput(matrix(OUTPUT_NAME, network.outputs()));

        String current = INPUT_NAME;
        Normalization normalization = network.normalization();
        Normalization targets = network.targetNormalization();
        if (normalization != null) {
            graph.addInitializer(tensor("normalization_shift", normalization.shift(), network.inputs()));
            graph.addInitializer(tensor("normalization_scale", normalization.scale(), network.inputs()));
            graph.addNode(node("Sub", "centered_features", current, "normalization_shift"));
            graph.addNode(node("Mul", "normalized_features", "centered_features", "normalization_scale"));
            current = "normalized_features";
        }
        for (int l = 0; l < network.depth(); l++) {
            boolean last = l == network.depth() - 1;
            String weights = "layer" + l + "_weights";
            String biases = "layer" + l + "_biases";
            graph.addInitializer(tensor(weights, network.weights(l), network.layerSize(l), network.layerSize(l + 1)));
            graph.addInitializer(tensor(biases, network.biases(l), network.layerSize(l + 1)));
            String layerOutput = last && targets == null ? OUTPUT_NAME : "layer" + l + "_output";
            if (network.activation(l) == Activation.IDENTITY) {
                graph.addNode(node("Gemm", layerOutput, current, weights, biases));
            } else {
                String product = "layer" + l + "_preactivation";
                graph.addNode(node("Gemm", product, current, weights, biases));
                graph.addNode(activationNode(network.activation(l), product, layerOutput));
            }
            current = layerOutput;
        }
        if (targets != null) {
            // the outputs back in the targets' units, x / scale + shift, as predict undoes the standardisation
            graph.addInitializer(tensor("target_scale", targets.scale(), network.outputs()));
            graph.addInitializer(tensor("target_shift", targets.shift(), network.outputs()));
            graph.addNode(node("Div", "unscaled_outputs", current, "target_scale"));
            graph.addNode(node("Add", OUTPUT_NAME, "unscaled_outputs", "target_shift"));
        }

        ModelProto.Builder model = ModelProto.newBuilder()
                .setIrVersion(IR_VERSION)
                .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(OPSET))
                .setProducerName(PRODUCER_NAME)
                .setProducerVersion(producerVersion())
                .setDocString("A " + network.describe() + " network exported by backprop; input '" + INPUT_NAME
                        + "' takes raw feature rows" + (normalization == null ? "" : " (normalised inside the graph)")
                        + ", output '" + OUTPUT_NAME + "' gives one row of outputs per input row.")
                .setGraph(graph);
        model.addMetadataProps(entry("input_name", INPUT_NAME));
        model.addMetadataProps(entry("output_name", OUTPUT_NAME));
        model.addMetadataProps(entry("layers", layerSizes(network)));
        model.addMetadataProps(entry("activations", Arrays.stream(network.activations()).map(Activation::jsonName)
                .collect(Collectors.joining("/"))));
        model.addMetadataProps(entry("normalization",
                normalization == null ? "none" : normalization.method().jsonName()));
        model.addMetadataProps(entry("task", network.isRegression() ? "regression" : "classification"));
        if (classNames != null) model.addMetadataProps(entry(CLASS_NAMES_KEY, jsonArray(classNames)));
        return model.build();
    }

    /** For example {@code 64-32-10}. */
    private static String layerSizes(Network network) {
        return Arrays.stream(network.layers()).mapToObj(Integer::toString).collect(Collectors.joining("-"));
    }

    private static String producerVersion() {
        String version = OnnxExport.class.getPackage().getImplementationVersion();
        return version == null ? "development build" : version;
    }

    /** The activation as its ONNX operator; softmax over each row (the last axis). */
    private static NodeProto activationNode(Activation activation, String input, String output) {
        switch (activation) {
            case SIGMOID:
                return node("Sigmoid", output, input);
            case TANH:
                return node("Tanh", output, input);
            case RELU:
                return node("Relu", output, input);
            case SOFTMAX:
                return node("Softmax", output, input).toBuilder()
                        .addAttribute(AttributeProto.newBuilder().setName("axis")
                                .setType(AttributeProto.AttributeType.INT).setI(-1))
                        .build();
            default:
                throw new IllegalArgumentException("no ONNX operator for activation " + activation.jsonName());
        }
    }

    private static NodeProto node(String op, String output, String... inputs) {
        NodeProto.Builder node = NodeProto.newBuilder().setOpType(op).setName(output).addOutput(output);
        for (String input : inputs) node.addInput(input);
        return node.build();
    }

    /** A float tensor of {@code dims}, its values little-endian in {@code raw_data}. */
    private static TensorProto tensor(String name, float[] values, int... dims) {
        long count = 1;
        for (int d : dims) count *= d;
        ByteBuffer bytes = ByteBuffer.allocate(Math.toIntExact(count * Float.BYTES)).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < count; i++) bytes.putFloat(values[i]);
        bytes.flip();
        TensorProto.Builder tensor = TensorProto.newBuilder()
                .setName(name)
                .setDataType(TensorProto.DataType.FLOAT_VALUE)
                .setRawData(ByteString.copyFrom(bytes));
        for (int d : dims) tensor.addDims(d);
        return tensor.build();
    }

    /** A graph input or output: a float matrix of {@link #BATCH_DIMENSION} rows and {@code columns} columns. */
    private static ValueInfoProto matrix(String name, int columns) {
        TensorShapeProto shape = TensorShapeProto.newBuilder()
                .addDim(TensorShapeProto.Dimension.newBuilder().setDimParam(BATCH_DIMENSION))
                .addDim(TensorShapeProto.Dimension.newBuilder().setDimValue(columns))
                .build();
        TypeProto type = TypeProto.newBuilder()
                .setTensorType(TypeProto.Tensor.newBuilder()
                        .setElemType(TensorProto.DataType.FLOAT_VALUE)
                        .setShape(shape))
                .build();
        return ValueInfoProto.newBuilder().setName(name).setType(type).build();
    }

    private static StringStringEntryProto entry(String key, String value) {
        return StringStringEntryProto.newBuilder().setKey(key).setValue(value).build();
    }

    private static String jsonArray(List<String> names) {
        try {
            return new ObjectMapper().writeValueAsString(names);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a list of strings is always JSON", e);
        }
    }
}
