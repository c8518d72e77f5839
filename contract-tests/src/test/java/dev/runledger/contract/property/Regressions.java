package dev.runledger.contract.property;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.List;

/**
 * The regression corpus: one file per property under {@code src/test/resources/regressions/}, one seed
 * per line, each after a comment with the shrunk counterexample it produced. Every run replays the saved
 * seeds of a property before exploring new ones.
 */
public final class Regressions {

    private final Path directory;

    public Regressions(Path directory) {
        this.directory = directory;
    }

    /** The corpus of the source tree (set by the build), or the one on the test classpath. */
    public static Regressions fromBuild() {
        String configured = System.getProperty("runledger.regressions");
        if (configured != null) {
            return new Regressions(Path.of(configured));
        }
        return new Regressions(Path.of("src/test/resources/regressions"));
    }

    public List<Long> seeds(String property) {
        Path file = file(property);
        if (!Files.exists(file)) {
            return List.of();
        }
        try {
            return Files.readAllLines(file, StandardCharsets.UTF_8).stream()
                    .map(String::strip)
                    .filter(line -> !line.isEmpty() && !line.startsWith("#"))
                    .map(Long::parseLong)
                    .distinct()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Saves a failing seed with its shrunk example, unless it is already there. */
    public void save(String property, long seed, String example) {
        if (seeds(property).contains(seed)) {
            return;
        }
        String entry = "# " + Instant.now() + " falsified by: " + example.replace("\n", " ") + "\n" + seed + "\n";
        try {
            Files.createDirectories(directory);
            Files.writeString(file(property), entry, StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Path file(String property) {
        return directory.resolve(property + ".seeds");
    }
}
