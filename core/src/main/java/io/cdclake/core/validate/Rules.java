package io.cdclake.core.validate;

import java.util.regex.Pattern;

/** Naming rules of the systems a pipeline touches; each check returns what is wrong, or null. */
final class Rules {

    private Rules() {
    }

    static final Pattern PIPELINE_NAME = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");
    static final Pattern SQL_IDENTIFIER = Pattern.compile("[a-z_][a-z0-9_$]{0,62}");
    static final Pattern QUALIFIED_TABLE = Pattern.compile("[a-z_][a-z0-9_$]{0,62}\\.[a-z_][a-z0-9_$]{0,62}");
    static final Pattern SLOT_NAME = Pattern.compile("[a-z0-9_]{1,63}");
    static final Pattern CONNECTOR_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");
    /** A container image reference as Docker takes it: [registry[:port]/]name[:tag][@digest], lower-case name. */
    static final Pattern IMAGE_NAME = Pattern.compile("([a-z0-9.-]+(:[0-9]+)?/)?"
            + "[a-z0-9]+([._-][a-z0-9]+)*(/[a-z0-9]+([._-][a-z0-9]+)*)*"
            + "(:[A-Za-z0-9_][A-Za-z0-9_.-]{0,127})?(@sha256:[a-f0-9]{64})?");
    /** A profile name of the AWS config files, as the AWS CLI takes it after {@code --profile}. */
    static final Pattern AWS_PROFILE = Pattern.compile("[A-Za-z0-9_.@+-]{1,128}");
    static final Pattern FIELD_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z_][A-Za-z0-9_]*)*");
    static final Pattern KEY_PREFIX = Pattern.compile("[A-Za-z0-9!_.*'()-]+(/[A-Za-z0-9!_.*'()-]+)*");
    static final Pattern REGION = Pattern.compile("[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-\\d");
    static final Pattern HOST_PORT = Pattern.compile("([^:,\\s]+):(\\d{1,5})");
    static final Pattern SUBNET = Pattern.compile("subnet-([0-9a-f]{8}|[0-9a-f]{17})");
    static final Pattern SECURITY_GROUP = Pattern.compile("sg-([0-9a-f]{8}|[0-9a-f]{17})");
    static final Pattern ROLE_ARN = Pattern.compile("arn:aws(-cn|-us-gov)?:iam::\\d{12}:role/[\\w+=,.@/-]{1,512}");
    static final Pattern CLUSTER_ARN = Pattern.compile(
            "arn:aws(-cn|-us-gov)?:kafka:[a-z]{2}(-gov)?-[a-z]+-\\d:\\d{12}:cluster/[A-Za-z0-9-]{1,64}/[0-9a-f-]{36}(-\\d+)?");
    static final Pattern SECRET_ARN = Pattern.compile(
            "arn:aws(-cn|-us-gov)?:secretsmanager:[a-z]{2}(-gov)?-[a-z]+-\\d:\\d{12}:secret:[A-Za-z0-9/_+=.@-]+");
    static final Pattern LOG_GROUP = Pattern.compile("[.\\-_/#A-Za-z0-9]{1,512}");
    static final Pattern DELIVERY_STREAM = Pattern.compile("[a-zA-Z0-9_.-]{1,64}");
    static final Pattern DEBEZIUM_VERSION = Pattern.compile("\\d+\\.\\d+\\.\\d+\\.(Final|CR\\d+|Beta\\d+|Alpha\\d+)");
    static final Pattern SHA256 = Pattern.compile("[0-9a-fA-F]{64}");
    static final Pattern ENV_VAR = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    /** A Connect config-provider reference: {@code ${provider:path:key}} or {@code ${provider:key}}. */
    static final Pattern REFERENCE = Pattern.compile("\\$\\{([A-Za-z0-9_.-]+):([^{}]+)}");

    /** S3's general purpose bucket naming rules. */
    static String bucketName(String b) {
        if (b.length() < 3 || b.length() > 63) {
            return "must be 3 to 63 characters long";
        }
        if (!b.matches("[a-z0-9.-]+")) {
            return b.chars().anyMatch(Character::isUpperCase) ? "must not contain upper-case letters"
                    : "may contain only lower-case letters, digits, dots and hyphens";
        }
        if (!Character.isLetterOrDigit(b.charAt(0)) || !Character.isLetterOrDigit(b.charAt(b.length() - 1))) {
            return "must begin and end with a letter or digit";
        }
        if (b.contains("..")) {
            return "must not contain two adjacent dots";
        }
        if (b.matches("\\d{1,3}(\\.\\d{1,3}){3}")) {
            return "must not be formatted as an IP address";
        }
        if (b.startsWith("xn--") || b.startsWith("sthree-")) {
            return "must not start with the reserved prefix xn-- or sthree-";
        }
        if (b.endsWith("-s3alias") || b.endsWith("--ol-s3") || b.endsWith("--x-s3") || b.endsWith(".mrap")) {
            return "must not end with a reserved suffix (-s3alias, --ol-s3, --x-s3, .mrap)";
        }
        return null;
    }

    /** Kafka's topic naming rules. */
    static String topicName(String t) {
        if (t.isEmpty()) {
            return "must not be empty";
        }
        if (t.length() > 249) {
            return "is " + t.length() + " characters long; Kafka allows 249";
        }
        if (t.equals(".") || t.equals("..")) {
            return "must not be '.' or '..'";
        }
        if (!t.matches("[a-zA-Z0-9._-]+")) {
            return "may contain only ASCII letters, digits, '.', '_' and '-'";
        }
        return null;
    }
}
