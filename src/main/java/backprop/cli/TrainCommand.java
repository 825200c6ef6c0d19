package backprop.cli;

import backprop.Activation;
import backprop.AtomicFile;
import backprop.Evaluator;
import backprop.Init;
import backprop.LearningRateSchedule;
import backprop.Metrics;
import backprop.ModelColumns;
import backprop.ModelFile;
import backprop.Network;
import backprop.Normalization;
import backprop.Optimizer;
import backprop.Trainer;
import backprop.TrainingConfig;
import backprop.TrainingHistory;
import backprop.data.Dataset;
import backprop.data.Samples;
import backprop.kernel.KernelProvider;
import backprop.kernel.Kernels;
import backprop.plot.LossChart;
import backprop.plot.PictureOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Trains a network on a CSV or IDX file and reports train and test loss and accuracy. The output layer follows the
 * labels: one sigmoid output when they are all 0 or 1, else softmax over one output per class (class {@code k} is
 * output {@code k}).
 */
@Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Trains a network on a CSV or IDX file (.gz read transparently).")
public final class TrainCommand implements Callable<Integer> {

    /** How long Ctrl-C waits for the current step to end and the model to be saved. */
    private static final long INTERRUPT_GRACE_SECONDS = 60;

    @Mixin
    DataOptions training;

    @Option(names = "--test", paramLabel = "FILE", description = "Test data, in the same layout as --data.")
    Path test;

    @Option(names = "--test-labels", paramLabel = "FILE", description = "IDX labels of --test.")
    Path testLabels;

    @Option(names = "--test-split", paramLabel = "FRACTION",
            description = "Hold out this fraction of --data for testing, chosen by --seed.")
    Double testSplit;

    @Option(names = "--hidden", split = ",", paramLabel = "N",
            description = "Hidden layer sizes (default: 32).")
    int[] hidden = {32};

    @Option(names = "--activation", paramLabel = "sigmoid|tanh|relu", converter = ActivationConverter.class,
            description = "Hidden activation (default: sigmoid).")
    Activation activation = Activation.SIGMOID;

    @Option(names = "--output", paramLabel = "sigmoid|softmax", converter = ActivationConverter.class,
            description = "Output activation (default: sigmoid for 0/1 labels, softmax otherwise).")
    Activation output;

    @Option(names = "--epochs", paramLabel = "N", description = "Epochs (default: ${DEFAULT-VALUE}).")
    int epochs = 20;

    @Option(names = "--batch", paramLabel = "N", description = "Rows per mini-batch (default: ${DEFAULT-VALUE}).")
    int batch = 32;

    @Option(names = "--lr", paramLabel = "RATE", description = "Learning rate (default: ${DEFAULT-VALUE}).")
    float learningRate = 0.1f;

    @Option(names = "--lr-schedule", paramLabel = "constant|step|cosine", converter = ScheduleConverter.class,
            description = "Learning rate per epoch: constant, times --lr-gamma every --lr-step epochs, or cosine "
                    + "from --lr to 0 over --epochs (default: constant).")
    LearningRateSchedule schedule = LearningRateSchedule.CONSTANT;

    @Option(names = "--lr-step", paramLabel = "EPOCHS", description = "Epochs between steps (default: ${DEFAULT-VALUE}).")
    int learningRateStep = 10;

    @Option(names = "--lr-gamma", paramLabel = "G", description = "Factor of each step (default: ${DEFAULT-VALUE}).")
    float learningRateGamma = 0.1f;

    @Option(names = "--optimizer", paramLabel = "sgd|adam|adamw", converter = OptimizerConverter.class,
            description = "Update rule, as torch.optim's SGD, Adam or AdamW (default: sgd).")
    Optimizer optimizer = Optimizer.SGD;

    @Option(names = "--momentum", paramLabel = "MU",
            description = "SGD's momentum in [0, 1) (default: ${DEFAULT-VALUE}).")
    float momentum = 0f;

    @Option(names = "--weight-decay", paramLabel = "WD",
            description = "Weight decay of weights and biases; decoupled for adamw (default: ${DEFAULT-VALUE}).")
    float weightDecay = 0f;

    @Option(names = "--beta1", paramLabel = "B1", description = "Adam's first-moment decay (default: ${DEFAULT-VALUE}).")
    float beta1 = 0.9f;

    @Option(names = "--beta2", paramLabel = "B2", description = "Adam's second-moment decay (default: ${DEFAULT-VALUE}).")
    float beta2 = 0.999f;

    @Option(names = "--eps", paramLabel = "EPS", description = "Adam's epsilon (default: ${DEFAULT-VALUE}).")
    float epsilon = 1e-8f;

    @Option(names = "--shuffle", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Reshuffle the rows every epoch (default: on).")
    boolean shuffle = true;

    @Option(names = "--seed", paramLabel = "N",
            description = "Seed of start weights, shuffling and --test-split (default: ${DEFAULT-VALUE}).")
    long seed = 42L;

    @Option(names = "--init", paramLabel = "xavier|he|seed-listing", converter = InitConverter.class,
            description = "Start weights (default: he for relu, else xavier).")
    Init init;

    @Option(names = "--init-model", paramLabel = "FILE",
            description = "Start from this model's weights; its layers, activations and normalization are used.")
    Path initModel;

    @Option(names = "--normalize", paramLabel = "none|minmax|standard", converter = NormalizationConverter.class,
            description = "Input scaling fitted on the training rows and stored in the model (default: none).")
    Normalization.Method normalize;

    @Mixin
    BackendOption backend;

    @Option(names = "--save", paramLabel = "FILE", description = "Save the trained model (JSON) here.")
    Path save;

    @Option(names = "--history", paramLabel = "FILE",
            description = "Write one CSV row per epoch: epoch,loss,accuracy,test_accuracy,seconds.")
    Path historyFile;

    @Mixin
    PictureOptions pictures;

    @Option(names = "--quiet", description = "No per-epoch progress.")
    boolean quiet;

    @Spec
    CommandSpec spec;

    /** The ratio of column ranges from which train warns that the inputs need scaling. */
    static final double UNEVEN_SCALES = 100;

    private final TrainingHistory history = new TrainingHistory();

    /** The epochs of the last run, for charts. */
    public TrainingHistory history() {
        return history;
    }

    @Override
    public Integer call() throws IOException {
        checkOptions();
        PrintWriter out = spec.commandLine().getOut();
        Network start = initModel == null ? null : ModelFile.read(initModel);
        Samples train = start == null ? training.read()
                : Samples.readForModel(training.data, training.labels, training.csv(), start.columns(), start.inputs(),
                        true, initModel.toString());
        Samples testRows = null;
        if (testSplit != null) {
            Samples[] parts = train.split(testSplit, seed);
            train = parts[0];
            testRows = parts[1];
        }
        List<String> classNames = start != null && !start.columns().classNames().isEmpty()
                ? start.columns().classNames() : train.classNames();
        int[] trainLabels = train.classLabels(classNames, null, start == null ? "the" : initModel + "'s");
        SortedSet<Integer> classes = new TreeSet<>();
        for (int label : trainLabels) classes.add(label);
        if (classes.size() < 2) {
            throw new Main.CommandFailure(train.source() + ": every row has label "
                    + (classNames.isEmpty() ? classes.first() : "'" + classNames.get(classes.first()) + "'")
                    + "; training needs at least two classes");
        }
        int classCount = classNames.isEmpty() ? classes.last() + 1 : classNames.size();
        Network network = start != null ? checkedStart(start, train, classCount, classNames)
                : newNetwork(train, classCount);
        ModelColumns columns = train.columns(classNames);
        // a file without a header says nothing of its columns; the start model's names still hold
        network.setColumns(start != null && !columns.hasInputNames() ? start.columns().withClassNames(classNames)
                : columns);
        if (test != null) {
            testRows = Samples.readForModel(test, testLabels, training.csv(), network.columns(), network.inputs(), true,
                    train.source());
        }
        if (testRows != null && testRows.inputs() != train.inputs()) {
            throw new Main.CommandFailure(testRows.source() + ": has " + testRows.inputs() + " input columns but "
                    + train.source() + " has " + train.inputs());
        }
        Normalization normalization = normalization(start, train);
        network.setNormalization(normalization);
        Dataset trainSet = dataset(network, train, trainLabels, normalization);
        Dataset testSet = testRows == null ? null : dataset(network, testRows,
                testRows.classLabels(classNames, classes, "the training"), normalization);
        TrainingConfig config = TrainingConfig.defaults().withLearningRate(learningRate).withOptimizer(optimizer)
                .withMomentum(momentum).withWeightDecay(weightDecay).withAdam(beta1, beta2, epsilon)
                .withSchedule(schedule, epochs, learningRateStep, learningRateGamma)
                .withBatchSize(batch).withShuffle(shuffle).withSeed(seed);
        double runRows = (double) epochs * trainSet.rows();
        Kernels kernels = backend.kernelsForRun(runRows * KernelProvider.trainingMultiplyAddsPerRow(network.layers()));
        Trainer trainer = new Trainer(network, trainSet, kernels, config);
        String title = training.data.getFileName() + ", " + LossChart.title(network, config)
                + (normalization == null ? "" : ", " + normalization.method().jsonName() + " inputs");
        pictures.checkBeforeTraining(network, trainSet, title);

        CountDownLatch finished = new CountDownLatch(1);
        Thread onInterrupt = new Thread(() -> {
            trainer.requestStop();
            try {
                finished.await(INTERRUPT_GRACE_SECONDS, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "backprop-interrupt");
        Runtime.getRuntime().addShutdownHook(onInterrupt);
        try {
            return trainAndReport(trainer, trainSet, testSet, title, out);
        } finally {
            finished.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(onInterrupt);
            } catch (IllegalStateException shuttingDown) {
                // Ctrl-C arrived: the hook is running and now sees that the model is saved
            }
        }
    }

    private int trainAndReport(Trainer trainer, Dataset trainSet, Dataset testSet, String title, PrintWriter out)
            throws IOException {
        Network network = trainer.network();
        Kernels kernels = trainer.kernels();
        Network lastFinite = network.copy();
        Progress progress = Progress.create(out, quiet, epochs, trainSet.rows(), trainer::rowsDoneThisEpoch);
        String divergence = null;
        boolean interrupted = false;
        int completed = 0;
        double trainSeconds = 0;
        for (int epoch = 1; epoch <= epochs; epoch++) {
            long startNanos = System.nanoTime();
            Metrics metrics = trainer.epoch();
            double seconds = (System.nanoTime() - startNanos) / 1e9;
            if (trainer.stopRequested()) {
                // a cut-short epoch's metrics cover only part of it, and may cover no rows at all
                if (!network.isFinite()) network.copyParametersFrom(lastFinite);
                interrupted = true;
                break;
            }
            if (!Double.isFinite(metrics.mse()) || !network.isFinite()) {
                divergence = "training stopped in epoch " + epoch + ": the "
                        + (Double.isFinite(metrics.mse()) ? "weights" : "loss") + " became NaN or infinite (try a"
                        + " smaller --lr); kept the "
                        + (completed == 0 ? "start weights" : "weights of epoch " + completed);
                network.copyParametersFrom(lastFinite);
                break;
            }
            lastFinite.copyParametersFrom(network);
            completed = epoch;
            trainSeconds += seconds;
            double testAccuracy = testSet == null ? Double.NaN
                    : Evaluator.evaluate(network, testSet, kernels).accuracy();
            history.add(new TrainingHistory.Epoch(epoch, metrics.mse(), metrics.accuracy(), testAccuracy, seconds));
            double shownRate = trainer.config().schedule() == LearningRateSchedule.CONSTANT ? Double.NaN
                    : trainer.learningRate();
            progress.epoch(epoch, metrics.mse(), metrics.accuracy(), testAccuracy, shownRate, seconds);
            pictures.afterEpoch(epoch);
        }
        progress.finish();
        report("train", Evaluator.evaluate(network, trainSet, kernels), out);
        if (testSet != null) report("test", Evaluator.evaluate(network, testSet, kernels), out);
        out.printf(Locale.ROOT, "%s, %d epochs in %.2f s, %s epochs/s, backend: %s%n", network.describe(), completed,
                trainSeconds, completed == 0 ? "-" : Progress.perSecond(completed / trainSeconds),
                kernels.description());
        if (historyFile != null) writeHistory();
        pictures.writeAfterTraining(history, network, trainSet, title);
        if (divergence != null) {
            out.flush();
            throw new Main.CommandFailure(divergence + (save == null ? "" : "; " + save + " was not written"));
        }
        if (save != null) {
            ModelFile.write(network, save);
            out.println("saved " + save + (interrupted ? " (interrupted during epoch " + (completed + 1) + ")" : ""));
        }
        out.flush();
        if (interrupted) {
            spec.commandLine().getErr().println("train: interrupted");
            spec.commandLine().getErr().flush();
            return Main.INTERRUPTED;
        }
        return Main.OK;
    }

    private void report(String name, Metrics metrics, PrintWriter out) {
        out.printf(Locale.ROOT, "%-5s %6d rows  loss %.4f  cross-entropy %.4f  accuracy %.4f%n", name, metrics.rows(),
                metrics.mse(), metrics.crossEntropy(), metrics.accuracy());
    }

    private void writeHistory() throws IOException {
        AtomicFile.writeText(historyFile, writer -> {
            writer.write(TrainingHistory.csvHeader() + "\n");
            for (TrainingHistory.Epoch e : history.epochs()) writer.write(TrainingHistory.csvRow(e) + "\n");
        });
    }

    private void checkOptions() {
        Checks.layerSizes(spec, "--hidden", hidden);
        Checks.positive(spec, "--epochs", epochs);
        Checks.positive(spec, "--batch", batch);
        Checks.positiveFinite(spec, "--lr", learningRate);
        if (!(momentum >= 0f && momentum < 1f)) {
            throw Checks.usage(spec, "--momentum must be in [0, 1), got " + momentum);
        }
        if (momentum > 0f && optimizer != Optimizer.SGD) {
            throw Checks.usage(spec, "--momentum is SGD's; " + optimizer.cliName() + " uses --beta1");
        }
        if (!(weightDecay >= 0f) || !Float.isFinite(weightDecay)) {
            throw Checks.usage(spec, "--weight-decay must be a finite number >= 0, got " + weightDecay);
        }
        for (float beta : new float[] {beta1, beta2}) {
            if (!(beta >= 0f && beta < 1f)) throw Checks.usage(spec, "--beta1 and --beta2 must be in [0, 1), got " + beta);
        }
        Checks.positiveFinite(spec, "--eps", epsilon);
        Checks.positive(spec, "--lr-step", learningRateStep);
        Checks.positiveFinite(spec, "--lr-gamma", learningRateGamma);
        if (output != null && output != Activation.SIGMOID && output != Activation.SOFTMAX) {
            throw Checks.usage(spec, "--output must be sigmoid or softmax, got " + output.jsonName());
        }
        if (!activation.allowedInHiddenLayer()) {
            throw Checks.usage(spec, "--activation " + activation.jsonName() + " is only for the output layer");
        }
        if (testSplit != null && test != null) throw Checks.usage(spec, "give --test or --test-split, not both");
        if (testLabels != null && test == null) throw Checks.usage(spec, "--test-labels needs --test");
        if (testSplit != null && !(testSplit > 0 && testSplit < 1)) {
            throw Checks.usage(spec, "--test-split must be a fraction between 0 and 1, got " + testSplit);
        }
        for (String shape : new String[] {"--hidden", "--activation", "--output", "--init"}) {
            if (initModel != null && spec.commandLine().getParseResult().hasMatchedOption(shape)) {
                throw Checks.usage(spec, shape + " cannot change the network of --init-model");
            }
        }
        Checks.outputFolder(save);
        Checks.outputFolder(historyFile);
    }

    private Network newNetwork(Samples train, int classCount) {
        Activation outputActivation = output != null ? output
                : classCount == 2 ? Activation.SIGMOID : Activation.SOFTMAX;
        int outputs = classCount == 2 && outputActivation == Activation.SIGMOID ? 1 : classCount;
        int[] layers = new int[hidden.length + 2];
        layers[0] = train.inputs();
        System.arraycopy(hidden, 0, layers, 1, hidden.length);
        layers[layers.length - 1] = outputs;
        Checks.networkFits(layers, Math.min(batch, train.rows()));
        return Network.create(layers, activation, outputActivation, init != null ? init : Init.defaultFor(activation),
                seed);
    }

    private Network checkedStart(Network start, Samples train, int classCount, List<String> classNames) {
        if (start.inputs() != train.inputs()) {
            throw new Main.CommandFailure(initModel + ": the model takes " + start.inputs() + " inputs but "
                    + train.source() + " has " + train.inputs() + " input columns");
        }
        int modelClasses = start.classCount();
        if (!classNames.isEmpty() && classCount != modelClasses) {
            throw new Main.CommandFailure(initModel + ": the model has " + modelClasses + " classes but "
                    + train.source() + " has " + classCount + " class names (" + String.join(", ", classNames) + ")");
        }
        if (classNames.isEmpty() && classCount > modelClasses) {
            throw new Main.CommandFailure(initModel + ": the model has " + modelClasses + " classes (0.."
                    + (modelClasses - 1) + ") but " + train.source() + " has label " + (classCount - 1));
        }
        return start;
    }

    private Normalization normalization(Network start, Samples train) {
        if (start != null && start.normalization() != null) {
            if (normalize != null) {
                throw Checks.usage(spec, "--normalize cannot replace the normalization stored in " + initModel);
            }
            return start.normalization();
        }
        if (normalize == null) warnOfUnevenScales(train);
        if (normalize == null || normalize == Normalization.Method.NONE) return null;
        return Normalization.fit(normalize, train.features(), train.rows(), train.inputs());
    }

    /**
     * Raw inputs stay the default (the golden runs and the listing use them), but inputs of very different scales
     * train badly on them, so train says so and names the fix; {@code --normalize none} keeps it quiet.
     */
    private void warnOfUnevenScales(Samples train) {
        double ratio = Normalization.rangeRatio(train.features(), train.rows(), train.inputs());
        if (ratio >= UNEVEN_SCALES) {
            PrintWriter err = spec.commandLine().getErr();
            err.printf(Locale.ROOT, "train: warning: the input columns' ranges differ by a factor of %.0f; "
                    + "--normalize standard usually trains far better (--normalize none keeps raw inputs quietly)%n",
                    ratio);
            err.flush();
        }
    }

    /** The rows as targets for {@code network}'s outputs, normalised in place. */
    static Dataset dataset(Network network, Samples samples, int[] classLabels, Normalization normalization) {
        if (normalization != null) normalization.apply(samples.features(), samples.rows());
        int outputs = network.outputs();
        return Dataset.classification(samples.features(), classLabels, samples.rows(), samples.inputs(),
                outputs == 1 ? 2 : outputs, outputs == 1);
    }

    static final class ActivationConverter implements ITypeConverter<Activation> {
        @Override
        public Activation convert(String value) {
            return Activation.parse(value);
        }
    }

    static final class ScheduleConverter implements ITypeConverter<LearningRateSchedule> {
        @Override
        public LearningRateSchedule convert(String value) {
            return LearningRateSchedule.parse(value);
        }
    }

    static final class OptimizerConverter implements ITypeConverter<Optimizer> {
        @Override
        public Optimizer convert(String value) {
            return Optimizer.parse(value);
        }
    }

    static final class InitConverter implements ITypeConverter<Init> {
        @Override
        public Init convert(String value) {
            return Init.parse(value);
        }
    }

    static final class NormalizationConverter implements ITypeConverter<Normalization.Method> {
        @Override
        public Normalization.Method convert(String value) {
            return Normalization.Method.parse(value);
        }
    }
}
