package dev.runledger.db.idempotency;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link Answer} and {@link IdempotentRequest} hold byte arrays, yet are values as records are: equal, with equal hash
 * codes, when every component's content is; their text names them without dumping the bytes (an answer's body is a
 * client's data); and what they hold cannot be changed through the array given or returned.
 */
class KeyedValuesTest {

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void answersAreEqualByStatusAndBodyContent() {
        Answer answer = new Answer(201, bytes("{\"id\":\"r1\"}"));
        Answer same = new Answer(201, bytes("{\"id\":\"r1\"}"));
        assertEquals(answer, same);
        assertEquals(answer.hashCode(), same.hashCode());
        assertNotEquals(answer, new Answer(200, bytes("{\"id\":\"r1\"}")));
        assertNotEquals(answer, new Answer(201, bytes("{\"id\":\"r2\"}")));
        assertNotEquals(answer.hashCode(), new Answer(200, bytes("{\"id\":\"r1\"}")).hashCode());
        assertNotEquals(answer.hashCode(), new Answer(201, bytes("{\"id\":\"r2\"}")).hashCode());
        assertFalse(answer.equals("{\"id\":\"r1\"}"));
        assertEquals("Answer[201, 11 bytes]", answer.toString());
    }

    @Test
    void requestsAreEqualByFunctionKeyAndHashContent() {
        IdempotentRequest request = new IdempotentRequest("createRun", "k-1", bytes("hash"));
        IdempotentRequest same = new IdempotentRequest("createRun", "k-1", bytes("hash"));
        assertEquals(request, same);
        assertEquals(request.hashCode(), same.hashCode());
        for (IdempotentRequest other : new IdempotentRequest[] {
                new IdempotentRequest("createUnit", "k-1", bytes("hash")),
                new IdempotentRequest("createRun", "k-2", bytes("hash")),
                new IdempotentRequest("createRun", "k-1", bytes("hasH"))}) {
            assertNotEquals(request, other, other.toString());
            assertNotEquals(request.hashCode(), other.hashCode(), other.toString());
        }
        assertFalse(request.equals("createRun"));
        assertEquals("IdempotentRequest[createRun, k-1]", request.toString());
        assertTrue(request.sameBody(bytes("hash")));
        assertFalse(request.sameBody(bytes("other")));
    }

    @Test
    void theirBytesCannotBeChangedFromOutside() {
        byte[] body = bytes("abc");
        Answer answer = new Answer(200, body);
        body[0] = 'x';
        answer.body()[1] = 'x';
        assertEquals("abc", new String(answer.body(), StandardCharsets.UTF_8));
        byte[] hash = bytes("h");
        IdempotentRequest request = new IdempotentRequest("f", "k", hash);
        hash[0] = 'x';
        request.requestHash()[0] = 'y';
        assertTrue(request.sameBody(bytes("h")));
    }
}
