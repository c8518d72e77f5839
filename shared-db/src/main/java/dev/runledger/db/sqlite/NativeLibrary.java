package dev.runledger.db.sqlite;

import org.sqlite.SQLiteJDBCLoader;
import org.sqlite.util.LibraryLoaderUtil;
import org.sqlite.util.OSInfo;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * sqlite-jdbc's native library for this platform, copied out of the jar once instead of at every start.
 *
 * <p>Without it, sqlite-jdbc writes the library to {@code java.io.tmpdir} on every start under a new name and
 * reads it back to compare it with the jar's copy (about 60 ms of a start's main thread, interpreted). That
 * also fails on a read-only root file system or a {@code noexec} {@code /tmp}. A process started with
 * {@code -Dorg.sqlite.lib.path=<dir> -Dorg.sqlite.lib.name=<name>} loads the copy instead.
 *
 * <p>Two places keep a copy:
 * <ul>
 *   <li>{@code java -cp runledger.jar dev.runledger.db.sqlite.NativeLibrary DIR} writes {@code DIR/<name>}
 *       (the container image, whose entry point names it);</li>
 *   <li>{@code ... NativeLibrary --beside JAR} writes {@code native/<sqlite-jdbc version>/<os>/<arch>/<name>}
 *       next to the jar (the build), where {@link #useCopyBeside} finds it. The version and the platform in the
 *       path keep a copy from loading into another sqlite-jdbc or on another platform: there the jar extracts
 *       its own, as without a copy.</li>
 * </ul>
 */
public final class NativeLibrary {

    private static final String PATH_PROPERTY = "org.sqlite.lib.path";
    private static final String NAME_PROPERTY = "org.sqlite.lib.name";

    private NativeLibrary() {
    }

    public static void main(String[] args) throws IOException {
        Path target;
        if (args.length == 1) {
            target = Files.createDirectories(Path.of(args[0])).resolve(LibraryLoaderUtil.getNativeLibName());
        } else if (args.length == 2 && args[0].equals("--beside")) {
            target = besideJar(Path.of(args[1]));
            Files.createDirectories(target.getParent());
        } else {
            System.err.println("usage: NativeLibrary DIR | NativeLibrary --beside JAR");
            System.exit(2);
            return;
        }
        String resource = LibraryLoaderUtil.getNativeLibResourcePath() + "/" + LibraryLoaderUtil.getNativeLibName();
        try (InputStream library = LibraryLoaderUtil.class.getResourceAsStream(resource)) {
            if (library == null) {
                throw new IOException("sqlite-jdbc has no native library for this platform at " + resource);
            }
            Files.copy(library, target, StandardCopyOption.REPLACE_EXISTING);
            System.out.println(target);
        }
    }

    /**
     * Points sqlite-jdbc at the copy the build left beside {@code jar}, when there is one for this platform and
     * the library's location was not given already. Call before the first SQLite connection.
     */
    public static void useCopyBeside(Path jar) {
        if (System.getProperty(PATH_PROPERTY) != null || System.getProperty(NAME_PROPERTY) != null) {
            return;
        }
        Path copy = besideJar(jar);
        if (Files.isRegularFile(copy)) {
            System.setProperty(PATH_PROPERTY, copy.getParent().toString());
            System.setProperty(NAME_PROPERTY, copy.getFileName().toString());
        }
    }

    private static Path besideJar(Path jar) {
        return jar.toAbsolutePath().resolveSibling("native")
                .resolve(SQLiteJDBCLoader.getVersion())
                .resolve(OSInfo.getNativeLibFolderPathForCurrentOS())
                .resolve(LibraryLoaderUtil.getNativeLibName());
    }
}
