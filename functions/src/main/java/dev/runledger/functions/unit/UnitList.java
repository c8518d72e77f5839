package dev.runledger.functions.unit;

import io.micronaut.serde.annotation.Serdeable;

import java.util.List;

/** {@code {"units": [...]}}. */
@Serdeable
public record UnitList(List<UnitView> units) {
}
