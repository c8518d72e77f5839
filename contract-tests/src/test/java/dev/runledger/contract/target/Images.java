package dev.runledger.contract.target;

import org.testcontainers.images.builder.ImageFromDockerfile;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The RunLedger image under test: the one named by {@code -Drunledger.image}, or else one built once per
 * test run from {@code functions/Dockerfile} and the shaded jar, with {@code -Drunledger.base-image} as
 * the Dockerfile's {@code BASE_IMAGE} when given (a local base on a machine without a registry).
 */
public final class Images {

    private Images() {
    }

    public static String runledger() {
        String named = System.getProperty("runledger.image", "");
        return named.isBlank() ? BuiltOnce.TAG : named;
    }

    /** Built on first use, by the class loader's lazy initialisation. */
    private static final class BuiltOnce {
        static final String TAG = build();
    }

    private static String build() {
        Path dockerfile = Path.of(System.getProperty("runledger.dockerfile", "../functions/Dockerfile"));
        Path jar = dockerfile.resolveSibling("target/runledger.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("No jar at " + jar.toAbsolutePath() + " to build the image from: run mvn package first,"
                    + " or name a built image with -Drunledger.image=…");
        }
        ImageFromDockerfile image = new ImageFromDockerfile("runledger-harness:latest", false).withDockerfile(dockerfile);
        String base = System.getProperty("runledger.base-image", "");
        if (!base.isBlank()) {
            image.withBuildArg("BASE_IMAGE", base);
        }
        String tag = image.get();
        System.out.println("[runledger] built image " + tag + " from " + dockerfile.toAbsolutePath()
                + (base.isBlank() ? "" : " on " + base));
        return tag;
    }
}
