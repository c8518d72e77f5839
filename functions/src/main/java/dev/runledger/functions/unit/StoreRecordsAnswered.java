package dev.runledger.functions.unit;

import dev.runledger.db.unit.AttemptWork;
import dev.runledger.db.unit.DependencyContext;
import io.micronaut.serde.annotation.SerdeImport;

/**
 * The store's records that answers carry as they are ({@code agent}, {@code git}, claimUnit's {@code context}):
 * shared-db has no serde, so their serialization is declared here, once.
 */
@SerdeImport(AttemptWork.Agent.class)
@SerdeImport(AttemptWork.Git.class)
@SerdeImport(DependencyContext.class)
final class StoreRecordsAnswered {

    private StoreRecordsAnswered() {
    }
}
