package dev.runledger.functions.copy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import dev.runledger.db.copy.DatabaseCopy;
import dev.runledger.db.copy.DatabaseCopy.CopyFailed;
import org.slf4j.LoggerFactory;

import java.io.PrintStream;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * {@code java -jar runledger.jar copy --from <database> --to <database>} (docs/CONTRACT.md, v3 §9): every table
 * into an empty target, with a progress bar per table on stderr, verified ({@link DatabaseCopy}); exit 0 with a
 * one-line summary on stdout, or 1 with the reason on stderr. No server is started.
 */
public final class CopyCommand {

    static final String USAGE = "usage: java -jar runledger.jar copy --from <database> --to <database>\n"
            + "  a database is a SQLite file's path, or a JDBC URL (jdbc:postgresql://host:5432/db); PostgreSQL's user and\n"
            + "  password from the URL (?user=u&password=p) or else RUNLEDGER_DB_USER and RUNLEDGER_DB_PASSWORD";
    private static final int BAR = 30;

    private final PrintStream out;
    private final PrintStream err;
    private final boolean terminal;
    private String shownTable;
    private int shownPercent = -1;

    CopyCommand(PrintStream out, PrintStream err, boolean terminal) {
        this.out = out;
        this.err = err;
        this.terminal = terminal;
    }

    /** Runs the command on {@code args} (the word {@code copy} first) and returns the exit status. */
    public static int run(String[] args) {
        ((Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME)).setLevel(Level.WARN);
        return new CopyCommand(System.out, System.err, System.console() != null).execute(args);
    }

    int execute(String[] args) {
        return execute(args, new DatabaseCopy.Credentials(System.getenv("RUNLEDGER_DB_USER"), System.getenv("RUNLEDGER_DB_PASSWORD")));
    }

    int execute(String[] args, DatabaseCopy.Credentials credentials) {
        String from = null;
        String to = null;
        for (int i = 1; i < args.length; i++) {
            String value = i + 1 < args.length ? args[i + 1] : null;
            switch (args[i]) {
                case "--from" -> from = value;
                case "--to" -> to = value;
                case "--help", "-h" -> {
                    out.println(USAGE);
                    return 0;
                }
                default -> {
                    err.println("copy: unknown argument '" + args[i] + "'\n" + USAGE);
                    return 1;
                }
            }
            i++;
        }
        if (from == null || to == null || from.isBlank() || to.isBlank()) {
            err.println("copy: --from and --to are both needed\n" + USAGE);
            return 1;
        }
        try {
            DatabaseCopy.Copied copied = DatabaseCopy.copy(from, to, credentials, this::progress);
            endLine();
            out.println("copied " + copied.total() + " rows (" + copied.rows().entrySet().stream()
                    .map(table -> table.getKey() + " " + table.getValue()).collect(Collectors.joining(", "))
                    + "), verified row counts and " + copied.runsVerified() + " runs' last sequences, in "
                    + String.format(Locale.ROOT, "%.1f s", copied.took().toMillis() / 1000.0));
            return 0;
        } catch (CopyFailed e) {
            endLine();
            err.println("copy: " + e.getMessage());
            return 1;
        }
    }

    /** A bar per table, redrawn in place on a terminal; elsewhere (a CI log) a line at each tenth. */
    private void progress(String table, long done, long total) {
        int percent = total == 0 ? 100 : (int) (done * 100 / total);
        boolean newTable = !table.equals(shownTable);
        if (!newTable && (percent == shownPercent || !terminal && percent / 10 == shownPercent / 10)) {
            return;
        }
        if (newTable) {
            endLine();
        }
        shownTable = table;
        shownPercent = percent;
        int filled = percent * BAR / 100;
        String line = String.format(Locale.ROOT, "%-17s [%s%s] %3d%% %,d/%,d", table, "#".repeat(filled),
                ".".repeat(BAR - filled), percent, done, total);
        if (terminal) {
            err.print("\r" + line);
        } else {
            err.println(line);
        }
        err.flush();
    }

    private void endLine() {
        if (terminal && shownTable != null) {
            err.println();
        }
        shownTable = null;
        shownPercent = -1;
    }
}
