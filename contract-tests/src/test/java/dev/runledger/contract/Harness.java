package dev.runledger.contract;

import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.discovery.ClassNameFilter;
import org.junit.platform.engine.discovery.DiscoverySelectors;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.TagFilter;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;
import org.junit.platform.reporting.legacy.xml.LegacyXmlReportGeneratingListener;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * {@code java -jar runledger-harness.jar --url http://host:8080 [--token T] [--read-token R] [--reports DIR]}: the
 * contract tests and the property tests that need nothing but HTTP, run against a deployment someone else runs (its
 * data untouched: every test deletes the runs it made); JUnit XML reports in {@code DIR}; exit 1 when a test fails
 * (or none ran), 2 on bad arguments. Tests marked {@link OwnDeployment} are left out. Every answer is checked against
 * the deployment's {@code /openapi.json} as in the build.
 */
public final class Harness {

    static final String USAGE = """
            usage: java -jar runledger-harness.jar --url http://host:8080 [--token T] [--read-token R] [--reports DIR]
              --url         the deployment to test (its runs are created and deleted by the tests; nothing else is touched)
              --token       a full token, when the deployment has RUNLEDGER_TOKENS
              --read-token  one of its RUNLEDGER_READ_TOKENS: its access is tested too
              --reports     where the JUnit XML reports and any new failing seeds go (default: runledger-harness-reports)""";

    private Harness() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        String url = null;
        String token = "";
        String readToken = "";
        Path reports = Path.of("runledger-harness-reports");
        for (int i = 0; i < args.length; i++) {
            String value = i + 1 < args.length ? args[i + 1] : null;
            switch (args[i]) {
                case "--help", "-h" -> {
                    out.println(USAGE);
                    return 0;
                }
                case "--url" -> url = value;
                case "--token" -> token = value;
                case "--read-token" -> readToken = value;
                case "--reports" -> reports = value == null ? null : Path.of(value);
                default -> {
                    err.println("runledger-harness: unknown argument '" + args[i] + "'\n" + USAGE);
                    return 2;
                }
            }
            i++;
        }
        if (url == null || token == null || readToken == null || reports == null || !validUrl(url)) {
            err.println("runledger-harness: --url http://host:port is needed (and each option needs a value)\n" + USAGE);
            return 2;
        }
        System.setProperty("runledger.target", "url");
        System.setProperty("runledger.url", url);
        System.setProperty(RunLedgerExtension.TOKEN, token);
        System.setProperty(RunLedgerExtension.READ_TOKEN, readToken);
        Path seeds = reports.resolve("regressions");
        copyCorpus(seeds);
        System.setProperty("runledger.regressions", seeds.toString());

        LauncherDiscoveryRequest request = LauncherDiscoveryRequestBuilder.request()
                .selectors(DiscoverySelectors.selectPackage(Harness.class.getPackageName()))
                .filters(TagFilter.excludeTags(OwnDeployment.TAG),
                        ClassNameFilter.includeClassNamePatterns(".*Test", ".*Properties"),
                        ClassNameFilter.excludeClassNamePatterns(".*\\.bench\\..*"))
                .build();
        Launcher launcher = LauncherFactory.create();
        SummaryGeneratingListener summary = new SummaryGeneratingListener();
        PrintWriter log = new PrintWriter(out, true, StandardCharsets.UTF_8);
        launcher.execute(request, summary, new LegacyXmlReportGeneratingListener(reports, log), new Lines(out));
        TestExecutionSummary result = summary.getSummary();
        result.printFailuresTo(log, 20);
        result.printTo(log);
        out.println("JUnit XML reports in " + reports.toAbsolutePath());
        if (result.getTestsFoundCount() == 0) {
            err.println("runledger-harness: no tests were found in the jar");
            return 1;
        }
        return result.getTotalFailureCount() == 0 ? 0 : 1;
    }

    private static boolean validUrl(String url) {
        try {
            URI uri = new URI(url);
            return ("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null;
        } catch (URISyntaxException e) {
            return false;
        }
    }

    /** The seeds that once failed, from the jar into {@code directory}, where a new failing seed is added too. */
    private static void copyCorpus(Path directory) {
        try {
            Files.createDirectories(directory);
            URI jar = Harness.class.getProtectionDomain().getCodeSource().getLocation().toURI();
            Path location = Path.of(jar);
            if (Files.isDirectory(location)) { // run from the build's classes: the corpus beside them
                copySeeds(location.resolve("regressions"), directory);
                return;
            }
            try (FileSystem files = FileSystems.newFileSystem(location)) {
                copySeeds(files.getPath("regressions"), directory);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void copySeeds(Path from, Path to) throws IOException {
        if (!Files.isDirectory(from)) {
            return;
        }
        try (Stream<Path> files = Files.list(from)) {
            for (Path file : files.filter(f -> f.getFileName().toString().endsWith(".seeds")).toList()) {
                Path target = to.resolve(file.getFileName().toString());
                if (!Files.exists(target)) {
                    try (InputStream in = Files.newInputStream(file)) {
                        Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
                    }
                }
            }
        }
    }

    /** One line per test as it finishes. */
    private record Lines(PrintStream out) implements TestExecutionListener {
        @Override
        public void executionFinished(TestIdentifier test, TestExecutionResult result) {
            if (test.isTest() || result.getStatus() != TestExecutionResult.Status.SUCCESSFUL) {
                out.println(result.getStatus().name().toLowerCase(Locale.ROOT) + "  " + test.getLegacyReportingName()
                        + result.getThrowable().map(t -> "  " + t.getClass().getSimpleName() + ": " + firstLine(t.getMessage())).orElse(""));
            }
        }

        @Override
        public void executionSkipped(TestIdentifier test, String reason) {
            out.println("skipped  " + test.getLegacyReportingName() + "  " + reason);
        }

        private static String firstLine(String message) {
            return message == null ? "" : message.lines().findFirst().orElse("");
        }
    }
}
