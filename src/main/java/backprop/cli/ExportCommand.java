package backprop.cli;

import backprop.OnnxExport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/** A saved model as an ONNX file that onnxruntime and other serving stacks run on raw feature rows. */
@Command(name = "export", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Writes a saved model as an ONNX model (IR " + OnnxExport.IR_VERSION + ", opset "
                + OnnxExport.OPSET + "): input '" + OnnxExport.INPUT_NAME + "' takes raw feature rows (the stored "
                + "normalization is part of the graph), output '" + OnnxExport.OUTPUT_NAME + "' gives the outputs "
                + "predict gives.")
public final class ExportCommand implements Callable<Integer> {

    @Option(names = "--model", required = true, paramLabel = "FILE", description = "A model saved by train --save.")
    Path model;

    @Option(names = "--onnx", required = true, paramLabel = "FILE", description = "The ONNX file to write.")
    Path onnx;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        Checks.outputFolder(onnx);
        SavedModel saved = SavedModel.read(model);
        OnnxExport.write(saved.network, classNames(saved), onnx);
        PrintWriter out = spec.commandLine().getOut();
        out.println("wrote " + onnx + ": " + saved.network.describe() + ", input '" + OnnxExport.INPUT_NAME
                + "' [batch, " + saved.network.inputs() + "], output '" + OnnxExport.OUTPUT_NAME + "' [batch, "
                + saved.network.outputs() + "]");
        out.flush();
        return Main.OK;
    }

    /** The class names the ONNX metadata records: the model file's, or null when it names none. */
    private static List<String> classNames(SavedModel saved) {
        List<String> names = saved.network.columns().classNames();
        return names.isEmpty() ? null : names;
    }
}
