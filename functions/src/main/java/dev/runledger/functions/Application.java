package dev.runledger.functions;

import dev.runledger.db.sqlite.NativeLibrary;
import dev.runledger.functions.copy.CopyCommand;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.Optional;

/** Starts RunLedger: every function at {@code POST /<name>}, and {@code GET /health}. */
public final class Application {

    private Application() {
    }

    public static void main(String[] args) {
        runningJar().ifPresent(NativeLibrary::useCopyBeside);
        if (args.length > 0 && args[0].equals("copy")) {
            System.exit(CopyCommand.run(args));
        }
        new Launcher().classes(Application.class).mainClass(Application.class).args(args).start();
    }

    /** The jar this class was loaded from, when it was loaded from a jar file (not from a classes directory). */
    static Optional<Path> runningJar() {
        CodeSource source = Application.class.getProtectionDomain().getCodeSource();
        if (source == null) {
            return Optional.empty();
        }
        try {
            Path location = Path.of(source.getLocation().toURI());
            return Files.isRegularFile(location) ? Optional.of(location) : Optional.empty();
        } catch (URISyntaxException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
