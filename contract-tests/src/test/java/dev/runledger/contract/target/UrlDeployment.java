package dev.runledger.contract.target;

import java.net.URI;

/** A deployment already running somewhere; the suite only touches data it created itself. */
final class UrlDeployment implements Deployment {

    private final URI uri;

    UrlDeployment(URI uri) {
        this.uri = uri;
    }

    @Override
    public URI uri() {
        return uri;
    }

    @Override
    public String name() {
        return "url";
    }

    @Override
    public boolean ownsDatabase() {
        return false;
    }

    @Override
    public void close() {
        // not ours to stop
    }
}
