package io.cdclake.bench;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;

/**
 * The JVM options that move the figures, for the settings column: the JIT, class data sharing or JDK 25's
 * ahead-of-time cache, the heap bound.
 */
final class JvmOptions {

    private JvmOptions() {
    }

    /**
     * e.g. {@code JIT C1 only, class-data archive, -Xmx1g} ({@code AOT cache} on JDK 25); what the launcher sets unless
     * CDCLAKE_JAVA_OPTS says else.
     */
    static String describe() {
        List<String> arguments = ManagementFactory.getRuntimeMXBean().getInputArguments();
        List<String> said = new ArrayList<>();
        said.add(c1Only() ? "JIT C1 only" : "JIT C1 and C2");
        if (last(arguments, "-XX:AOTCache=") != null) {
            said.add("AOT cache");
        } else if (last(arguments, "-XX:SharedArchiveFile=") != null) {
            said.add("class-data archive");
        }
        String heap = last(arguments, "-Xmx");
        if (heap != null) {
            said.add("-Xmx" + heap);
        }
        return String.join(", ", said);
    }

    /** Whether the JIT stops at C1, as the launcher runs it: quicker to start, slower over minutes of heavy work. */
    static boolean c1Only() {
        String level = last(ManagementFactory.getRuntimeMXBean().getInputArguments(), "-XX:TieredStopAtLevel=");
        return level != null && Integer.parseInt(level) < 4;
    }

    /** The value of the last argument starting with {@code prefix}: the one the JVM applies. */
    private static String last(List<String> arguments, String prefix) {
        String value = null;
        for (String a : arguments) {
            if (a.startsWith(prefix)) {
                value = a.substring(prefix.length());
            }
        }
        return value;
    }
}
