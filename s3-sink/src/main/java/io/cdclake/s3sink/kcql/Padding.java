package io.cdclake.s3sink.kcql;

import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * How numbers in object names are padded: Lenses 9 pads the offset to 12 digits with '0' on the left unless
 * KCQL {@code PROPERTIES} say otherwise ({@code padding.type}, {@code padding.char},
 * {@code padding.length.<offset|partition>}); Lenses 3 pads nothing.
 */
public final class Padding {

    /** The numbers a padding length can be given for. */
    public static final String FIELD_OFFSET = "offset";
    public static final String FIELD_PARTITION = "partition";

    /** {@code padding.type}. */
    public enum Type { LEFTPAD, RIGHTPAD, NOOP }

    public static final Padding NONE = new Padding(Type.NOOP, '0', Map.of());
    /** Lenses 9's default: the offset, left-padded with '0' to 12 digits. */
    public static final Padding LENSES_9_DEFAULT = new Padding(Type.LEFTPAD, '0', Map.of(FIELD_OFFSET, 12));

    private final Type type;
    private final char character;
    private final Map<String, Integer> lengths;

    Padding(Type type, char character, Map<String, Integer> lengths) {
        this.type = type;
        this.character = character;
        this.lengths = Map.copyOf(lengths);
    }

    /** {@code number} (an offset or partition, as {@code field} says) as it appears in an object name. */
    public String pad(String field, long number) {
        String digits = Long.toString(number);
        Integer length = lengths.get(field);
        if (type == Type.NOOP || length == null || digits.length() >= length) {
            return digits;
        }
        String fill = String.valueOf(character).repeat(length - digits.length());
        return type == Type.LEFTPAD ? fill + digits : digits + fill;
    }

    static Type type(String name) {
        for (Type t : Type.values()) {
            if (t.name().equals(name.toUpperCase(Locale.ROOT))) {
                return t;
            }
        }
        return null;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof Padding)) {
            return false;
        }
        Padding other = (Padding) o;
        return type == other.type && character == other.character && lengths.equals(other.lengths);
    }

    @Override
    public int hashCode() {
        return Objects.hash(type, character, lengths);
    }

    @Override
    public String toString() {
        return type == Type.NOOP || lengths.isEmpty() ? "no padding" : type + " '" + character + "' " + lengths;
    }
}
