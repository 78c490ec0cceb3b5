package org.dlp4j;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

/** One shared Jackson mapper for {@code --json} outputs. */
public final class Json {
    public static final ObjectMapper MAPPER = new ObjectMapper()
            .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);

    private Json() {
    }

    /**
     * A JSON object whose members keep the order given ({@code key, value, key, value, ...}), for files that should
     * read the same on every run ({@code Map.of} iterates in an order that changes from one JVM to the next).
     */
    public static java.util.Map<String, Object> object(Object... keysAndValues) {
        if (keysAndValues.length % 2 != 0) {
            throw new IllegalArgumentException("keys and values come in pairs");
        }
        java.util.Map<String, Object> m = new java.util.LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            m.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return m;
    }

    public static String write(Object o) {
        try {
            return MAPPER.writeValueAsString(o);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON: " + e.getMessage(), e);
        }
    }

    private static Thread warmer;

    /**
     * {@link #warmUp()} on a daemon thread, once per process (later calls return the first call's thread): an
     * importer has it done while it scans its source.
     */
    public static synchronized Thread warmUpInBackground() {
        if (warmer == null) {
            warmer = new Thread(() -> {
                try {
                    warmUp();
                } catch (RuntimeException | LinkageError e) {
                    // only a warm-up: the first real write reports any problem
                }
            }, "dlp-json-warm-up");
            warmer.setDaemon(true);
            warmer.start();
        }
        return warmer;
    }

    /**
     * Writes a small document of the usual shapes (maps, lists, arrays, numbers, strings, null), plain and pretty,
     * and drops it: Jackson's first write loads and links a few hundred classes (about 0.2 s), which a command can
     * have done on a spare core while it does other work.
     */
    public static void warmUp() {
        java.util.Map<String, Object> m = new java.util.LinkedHashMap<>();
        m.put("text", "a\"b");
        m.put("number", 1.5);
        m.put("count", 3L);
        m.put("int", 2);
        m.put("flag", true);
        m.put("none", null);
        m.put("list", java.util.List.of("x", 1));
        m.put("array", new double[] {1, 2});
        m.put("longs", new long[] {1});
        m.put("nested", java.util.Map.of("k", java.util.List.of(java.util.Map.of("v", 0))));
        write(m);
        try {
            MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(m);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
