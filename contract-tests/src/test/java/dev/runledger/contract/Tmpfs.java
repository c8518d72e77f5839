package dev.runledger.contract;

import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A small disk of its own for a test (a tmpfs of a given size, mounted on a new directory), for what only a real file
 * system shows: a full disk, a read-only one. Mounting needs root, which CI has; without it the test is skipped, loudly.
 * Closing unmounts it (lazily: a server still holding a file on it lets go when it stops).
 */
record Tmpfs(Path path) implements AutoCloseable {

    /** Mounts a tmpfs of {@code size} (as {@code mount -o size=}, e.g. {@code 8m}) on the new directory {@code path}. */
    static Tmpfs mount(Path path, String size) throws IOException, InterruptedException {
        Files.createDirectories(path);
        Assumptions.assumeTrue(run("mount", "-t", "tmpfs", "-o", "size=" + size, "tmpfs", path.toString()) == 0,
                "SKIPPED LOUDLY: a disk of its own (a tmpfs at " + path + ") needs root to mount (CI runs as root)");
        return new Tmpfs(path);
    }

    /** Makes it read-only, as a disk remounted read-only after an error is. */
    void remountReadOnly() throws IOException, InterruptedException {
        if (run("mount", "-o", "remount,ro", path.toString()) != 0) {
            throw new IllegalStateException("could not remount " + path + " read-only");
        }
    }

    @Override
    public void close() throws IOException, InterruptedException {
        run("umount", "-l", path.toString());
    }

    private static int run(String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        process.getInputStream().readAllBytes();
        return process.waitFor();
    }
}
