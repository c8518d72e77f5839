package dev.runledger.contract;

import org.junit.jupiter.api.Tag;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A test that starts servers, databases or containers of its own, reads the deployment's database, or stops the
 * deployment: run by the build on every target, and left out of the harness jar ({@link Harness}), which tests a
 * deployment users run, over HTTP only.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@Tag(OwnDeployment.TAG)
public @interface OwnDeployment {
    String TAG = "own-deployment";
}
