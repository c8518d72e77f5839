package dev.runledger.db.time;

import io.micronaut.core.convert.ConversionContext;
import io.micronaut.data.model.runtime.convert.AttributeConverter;
import jakarta.inject.Singleton;

import java.time.Instant;

/**
 * Stores {@link Instant} as TEXT in the Go daemon's readable form. Micronaut Data's default would be
 * INTEGER epoch milliseconds, which the daemon cannot read (docs/STACK.md).
 */
@Singleton
public final class TimestampConverter implements AttributeConverter<Instant, String> {

    @Override
    public String convertToPersistedValue(Instant entityValue, ConversionContext context) {
        return entityValue == null ? null : Timestamps.format(entityValue);
    }

    @Override
    public Instant convertToEntityValue(String persistedValue, ConversionContext context) {
        return persistedValue == null || persistedValue.isBlank() ? null : Timestamps.parse(persistedValue);
    }
}
