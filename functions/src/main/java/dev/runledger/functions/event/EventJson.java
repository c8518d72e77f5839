package dev.runledger.functions.event;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.io.SerializedString;
import dev.runledger.db.event.Event;
import dev.runledger.db.event.EventPage;
import dev.runledger.functions.JsonText;
import jakarta.inject.Singleton;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The log as read by followers ({@code listEvents}, {@code streamEvents}), written with the stored payload text
 * as it is: it was checked as JSON on the way in, and parsing and serialising every payload again would cost more
 * than reading it (BENCHMARKS.md). Field names and order are those of {@link EventView}.
 */
@Singleton
final class EventJson {

    private static final SerializedString ID = new SerializedString("id");
    private static final SerializedString RUN_ID = new SerializedString("runId");
    private static final SerializedString SEQUENCE = new SerializedString("sequence");
    private static final SerializedString EVENT_TYPE = new SerializedString("eventType");
    private static final SerializedString UNIT_ID = new SerializedString("unitId");
    private static final SerializedString PAYLOAD = new SerializedString("payload");
    private static final SerializedString CREATED_AT = new SerializedString("createdAt");
    // Messages are raw text between root values: no separator of Jackson's own between them.
    private final JsonFactory factory = new JsonFactory().setRootValueSeparator(null);
    private final JsonText json;

    EventJson(JsonText json) {
        this.json = json;
    }

    /** {@code listEvents}' answer: {@code {"events": [...], "lastSequence": n, "runStatus": "..."}}. */
    byte[] list(EventPage page) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(128 + page.events().size() * 256);
        try (JsonGenerator generator = factory.createGenerator(out)) {
            generator.writeStartObject();
            generator.writeArrayFieldStart("events");
            for (Event event : page.events()) {
                write(generator, event);
            }
            generator.writeEndArray();
            generator.writeNumberField("lastSequence", page.lastSequence());
            generator.writeStringField("runStatus", page.runStatus());
            generator.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** Server-Sent Events, one message per event: {@code id: <sequence>}, {@code event: event}, {@code data: <Event>}. */
    byte[] messages(Iterable<Event> events) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(4096);
        try (JsonGenerator generator = factory.createGenerator(out)) {
            for (Event event : events) {
                generator.writeRaw("id: " + event.sequence() + "\nevent: event\ndata: ");
                write(generator, event);
                generator.writeRaw("\n\n");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private void write(JsonGenerator generator, Event event) throws IOException {
        generator.writeStartObject();
        generator.writeFieldName(ID);
        generator.writeNumber(event.id());
        generator.writeFieldName(RUN_ID);
        generator.writeString(event.runId());
        generator.writeFieldName(SEQUENCE);
        generator.writeNumber(event.sequence());
        generator.writeFieldName(EVENT_TYPE);
        generator.writeString(event.eventType());
        generator.writeFieldName(UNIT_ID);
        generator.writeString(event.unitId());
        generator.writeFieldName(PAYLOAD);
        json.writeStored(generator, event.payloadJson());
        generator.writeFieldName(CREATED_AT);
        generator.writeString(event.createdAt() == null ? null : event.createdAt().toString());
        generator.writeEndObject();
    }
}
