package io.cdclake.mskemulator.service;

import io.cdclake.mskemulator.api.ApiException;

import java.util.UUID;

/**
 * Builds and reads the ARNs of MSK Connect resources, in AWS's form:
 * {@code arn:aws:kafkaconnect:<region>:<account>:connector/<name>/<uuid>}, {@code custom-plugin/...},
 * {@code worker-configuration/...} and {@code connector-operation/<connector name>/<connector uuid>/<uuid>}.
 */
public final class Arns {

    /** The kinds of resource an ARN of this service can name. */
    public enum Kind {
        CONNECTOR("connector"),
        CUSTOM_PLUGIN("custom-plugin"),
        WORKER_CONFIGURATION("worker-configuration"),
        CONNECTOR_OPERATION("connector-operation");

        private final String resourceType;

        Kind(String resourceType) {
            this.resourceType = resourceType;
        }
    }

    private final String prefix;

    public Arns(String region, String accountId) {
        this.prefix = "arn:aws:kafkaconnect:" + region + ":" + accountId + ":";
    }

    public String newArn(Kind kind, String name) {
        return prefix + kind.resourceType + "/" + name + "/" + UUID.randomUUID();
    }

    /** An operation ARN carries its connector's name and id, then its own id. */
    public String newOperationArn(String connectorArn) {
        String connectorPart = connectorArn.substring(connectorArn.indexOf(":connector/") + ":connector/".length());
        return prefix + Kind.CONNECTOR_OPERATION.resourceType + "/" + connectorPart + "/" + UUID.randomUUID();
    }

    /** The resource id: the last path segment of the ARN. */
    public static String idOf(String arn) {
        return arn.substring(arn.lastIndexOf('/') + 1);
    }

    /**
     * The kind of resource {@code arn} names, refusing with BadRequestException anything that is not an ARN of
     * this service, region and account.
     */
    public Kind kindOf(String arn, String field) {
        if (arn == null || arn.isBlank()) {
            throw ApiException.badRequest(field + " is required: give the ARN of a connector, custom plugin or worker configuration");
        }
        if (arn.startsWith(prefix)) {
            String resource = arn.substring(prefix.length());
            for (Kind kind : Kind.values()) {
                if (resource.startsWith(kind.resourceType + "/")) {
                    return kind;
                }
            }
        }
        throw ApiException.badRequest(field + " '" + arn + "' is not an MSK Connect ARN of this region and account;"
                + " expected " + prefix + "<connector|custom-plugin|worker-configuration>/<name>/<id>");
    }
}
