package dev.runledger.db.sqlite;

import org.sqlite.util.LibraryLoaderUtil;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Copies sqlite-jdbc's native library for this platform out of the jar into a directory, once, at image
 * build time. A process started with {@code -Dorg.sqlite.lib.path=<dir> -Dorg.sqlite.lib.name=<name>}
 * then loads it from there instead of extracting it to {@code java.io.tmpdir} on every start, so it also
 * starts on a read-only root file system or with a {@code noexec} {@code /tmp}.
 *
 * <p>Usage: {@code java -cp runledger.jar dev.runledger.db.sqlite.NativeLibrary DIR}; prints the file written.
 */
public final class NativeLibrary {

    private NativeLibrary() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            System.err.println("usage: NativeLibrary DIR");
            System.exit(2);
        }
        Path directory = Files.createDirectories(Path.of(args[0]));
        String name = LibraryLoaderUtil.getNativeLibName();
        String resource = LibraryLoaderUtil.getNativeLibResourcePath() + "/" + name;
        try (InputStream library = LibraryLoaderUtil.class.getResourceAsStream(resource)) {
            if (library == null) {
                throw new IOException("sqlite-jdbc has no native library for this platform at " + resource);
            }
            Path target = directory.resolve(name);
            Files.copy(library, target, StandardCopyOption.REPLACE_EXISTING);
            System.out.println(target);
        }
    }
}
