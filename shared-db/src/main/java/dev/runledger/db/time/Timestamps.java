package dev.runledger.db.time;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The TEXT form of timestamps shared with the Go daemon (CONTRACT.md, storage compatibility).
 *
 * <p>Written as {@code 2026-01-05 10:00:00.123456789+00:00}, which the daemon's SQLite driver parses.
 * Read from that form, from Go's {@code Time.String()} form
 * ({@code 2026-01-05 11:00:00.123456789 +0100 CET m=+0.001234567}: the numeric offset counts, the zone
 * abbreviation and the monotonic-clock suffix do not), from SQLite's {@code CURRENT_TIMESTAMP}
 * ({@code 2026-01-05 10:00:00}, UTC), from ISO-8601 ({@code 2026-01-05T10:00:00Z}), from PostgreSQL's
 * text form ({@code 2026-01-05 10:00:00.123456+00}) and from whole seconds since the Unix epoch
 * ({@code 1767607200}).
 */
public final class Timestamps {

    private static final DateTimeFormatter WRITTEN =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSSSSSxxx").withZone(ZoneOffset.UTC);

    private static final Pattern READABLE = Pattern.compile(
            "(\\d{4})-(\\d{2})-(\\d{2})[T ](\\d{2}):(\\d{2}):(\\d{2})(?:\\.(\\d{1,9})\\d*)?"
                    + " ?(Z|[+-]\\d{2}(?::?\\d{2})?)?(?: .*)?");

    private Timestamps() {
    }

    public static String format(Instant instant) {
        return WRITTEN.format(instant);
    }

    /**
     * @throws IllegalArgumentException if the text is in none of the known forms
     */
    public static Instant parse(String text) {
        if (isWritten(text)) {
            return writtenForm(text);
        }
        String trimmed = text.strip();
        Matcher m = READABLE.matcher(trimmed);
        if (!m.matches()) {
            if (!trimmed.isEmpty() && trimmed.chars().allMatch(Character::isDigit)) {
                return Instant.ofEpochSecond(Long.parseLong(trimmed));
            }
            throw new IllegalArgumentException("not a timestamp: " + text);
        }
        String fraction = m.group(7) == null ? "" : m.group(7);
        int nanos = fraction.isEmpty() ? 0 : Integer.parseInt((fraction + "000000000").substring(0, 9));
        LocalDate date = LocalDate.of(num(m, 1), num(m, 2), num(m, 3));
        LocalTime time = LocalTime.of(num(m, 4), num(m, 5), num(m, 6), nanos);
        return date.atTime(time).toInstant(offset(m.group(8)));
    }

    // The form this service writes is by far the most read (every event of a listEvents page): parsed by
    // position, without the regular expression.
    private static boolean isWritten(String text) {
        return text.length() == 35 && text.charAt(10) == ' ' && text.charAt(19) == '.' && text.endsWith("+00:00");
    }

    private static Instant writtenForm(String text) {
        try {
            LocalDate date = LocalDate.of(digits(text, 0, 4), digits(text, 5, 7), digits(text, 8, 10));
            LocalTime time = LocalTime.of(digits(text, 11, 13), digits(text, 14, 16), digits(text, 17, 19),
                    digits(text, 20, 29));
            return date.atTime(time).toInstant(ZoneOffset.UTC);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("not a timestamp: " + text, e);
        }
    }

    private static int digits(String text, int from, int to) {
        int value = 0;
        for (int i = from; i < to; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                throw new IllegalArgumentException("not a digit in " + text);
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }

    private static int num(Matcher m, int group) {
        return Integer.parseInt(m.group(group));
    }

    private static ZoneOffset offset(String text) {
        if (text == null || text.equals("Z")) {
            return ZoneOffset.UTC;
        }
        String digits = text.replace(":", "");
        int hours = Integer.parseInt(digits.substring(1, 3));
        int minutes = digits.length() > 3 ? Integer.parseInt(digits.substring(3, 5)) : 0;
        int sign = digits.charAt(0) == '-' ? -1 : 1;
        return ZoneOffset.ofHoursMinutes(sign * hours, sign * minutes);
    }
}
