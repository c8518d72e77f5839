package dev.runledger.functions;

import dev.runledger.db.OpenFailures;
import io.micronaut.context.env.Environment;
import io.micronaut.runtime.Micronaut;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;

/**
 * Micronaut's start, with a start-up failure said in one line (what failed and why, such as the database file and a
 * read-only file system) and an exit status of 1, instead of the framework's chain of exceptions; that chain is
 * logged at DEBUG.
 */
final class Launcher extends Micronaut {

    private static final Logger LOG = LoggerFactory.getLogger(Launcher.class);

    @Override
    protected void handleStartupException(Environment environment, Throwable exception) {
        if (environment.getActiveNames().contains(Environment.TEST)) {
            super.handleStartupException(environment, exception);
            return;
        }
        LOG.debug("Start-up failed", exception);
        System.err.println("RunLedger could not start: " + reason(environment, exception));
        System.exit(1);
    }

    private static String reason(Environment environment, Throwable exception) {
        String url = environment.getProperty("runledger.database.url", String.class).filter(u -> !u.isBlank()).orElse(null);
        Path file = url != null ? null
                : Path.of(environment.getProperty("runledger.sqlite.path", String.class).orElse("runledger.db"));
        String database = OpenFailures.describe(exception, file, url == null ? null : url.replaceAll("\\?.*", ""));
        return database != null ? database : OpenFailures.innermostReason(exception);
    }
}
