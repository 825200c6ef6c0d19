package backprop.cli;

import backprop.kernel.KernelProvider;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

/**
 * {@code java --add-modules jdk.incubator.vector -jar backprop.jar [command]}. Without a command it runs the XOR
 * demo. Exit codes: 0 success, 1 a runtime problem (data, I/O, divergence), 2 a usage error, 130 interrupted.
 * Every error is one line; {@code --verbose} adds the stack trace.
 */
@Command(name = "backprop", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Trains fully connected neural networks by backpropagation. Without a command: the XOR demo.",
        // a new command is one more entry here
        subcommands = {
            XorCommand.class,
            TrainCommand.class,
            EvaluateCommand.class,
            PredictCommand.class,
            ExportCommand.class,
            GradcheckCommand.class,
            ExplainCommand.class,
            CommandLine.HelpCommand.class,
        })
public final class Main implements Callable<Integer> {

    public static final int OK = 0;
    public static final int RUNTIME_ERROR = 1;
    public static final int USAGE_ERROR = 2;
    /** What shells report for a process ended by Ctrl-C (128 + SIGINT). */
    public static final int INTERRUPTED = 130;

    @Option(names = "--verbose", scope = ScopeType.INHERIT, description = "Print the stack trace of an error.")
    boolean verbose;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        return spec.commandLine().getSubcommands().get("xor").execute();
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs one command line and returns its exit code. */
    public static int run(String... args) {
        CommandLine commandLine = commandLine();
        return commandLine.execute(args);
    }

    /** The command tree with the project's one-line error handling. */
    public static CommandLine commandLine() {
        CommandLine commandLine = new CommandLine(new Main());
        commandLine.setParameterExceptionHandler(Main::usageError);
        commandLine.setExecutionExceptionHandler((e, cmd, parseResult) -> runtimeError(e, cmd, parseResult));
        return commandLine;
    }

    private static int usageError(ParameterException e, String[] args) {
        CommandLine cmd = e.getCommandLine();
        PrintWriter err = cmd.getErr();
        err.println(cmd.getCommandName() + ": " + oneLine(e.getMessage()) + " (see "
                + cmd.getCommandSpec().qualifiedName() + " --help)");
        if (hasVerbose(args)) e.printStackTrace(err);
        err.flush();
        return USAGE_ERROR;
    }

    private static int runtimeError(Exception e, CommandLine cmd, ParseResult parseResult) {
        PrintWriter err = cmd.getErr();
        boolean expected = e instanceof java.io.IOException || e instanceof KernelProvider.BackendUnavailableException
                || e instanceof CommandFailure;
        String message = e.getMessage() == null ? e.toString() : e.getMessage();
        err.println(cmd.getCommandName() + ": " + oneLine(expected ? message : "internal error: " + e
                + (verbose(parseResult) ? "" : " (--verbose shows where)")));
        if (verbose(parseResult)) e.printStackTrace(err);
        err.flush();
        return RUNTIME_ERROR;
    }

    /** Messages quote arguments and file names, which may hold line breaks: shown escaped, the error stays one line. */
    static String oneLine(String message) {
        return message.replace("\r", "\\r").replace("\n", "\\n");
    }

    private static boolean verbose(ParseResult parseResult) {
        for (ParseResult p = parseResult; p != null; p = p.subcommand()) {
            if (p.hasMatchedOption("--verbose")) return true;
        }
        return false;
    }

    /** The parse failed, so the options were never bound: look at the raw arguments. */
    private static boolean hasVerbose(String[] args) {
        for (String arg : args) if (arg.equals("--verbose")) return true;
        return false;
    }

    /** A failure already explained to the user in one line; it exits with {@link #RUNTIME_ERROR}. */
    public static final class CommandFailure extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public CommandFailure(String message) {
            super(message);
        }
    }

    static final class Version implements IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = Main.class.getPackage().getImplementationVersion();
            String vector = KernelProvider.whyVectorUnavailable().map(why -> "unavailable: " + why).orElse("available");
            return new String[] {
                "backprop " + (version == null ? "(development build)" : version),
                "Java " + Runtime.version() + ", vector backend " + vector,
            };
        }
    }
}
