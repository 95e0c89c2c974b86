package io.cdclake.mskemulator.service;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cdclake.mskemulator.api.ApiException;
import io.cdclake.mskemulator.api.ApiRequest;
import io.cdclake.mskemulator.model.Requests.TagResource;
import io.cdclake.mskemulator.state.ResourceStore;

import java.util.List;

/** TagResource, UntagResource, ListTagsForResource on connectors, custom plugins and worker configurations. */
final class TagService {

    private final ResourceStore store;
    private final Arns arns;
    private final Views views;

    TagService(ResourceStore store, Arns arns, Views views) {
        this.store = store;
        this.arns = arns;
        this.views = views;
    }

    ObjectNode tag(ApiRequest request) {
        String arn = existing(request.label("resourceArn"));
        TagResource body = request.body(TagResource.class);
        Validation.required(body.tags(), "tags");
        Validation.tags(body.tags(), "tags");
        if (store.tags(arn).keySet().stream().filter(k -> !body.tags().containsKey(k)).count() + body.tags().size()
                > Validation.MAX_TAGS) {
            throw ApiException.badRequest("tags: the resource would have more than " + Validation.MAX_TAGS + " tags");
        }
        store.tag(arn, body.tags());
        return views.object();
    }

    ObjectNode untag(ApiRequest request) {
        String arn = existing(request.label("resourceArn"));
        List<String> keys = request.queryAll("tagKeys");
        if (keys.isEmpty()) {
            throw ApiException.badRequest("tagKeys is required: name the tag keys to remove");
        }
        store.untag(arn, keys);
        return views.object();
    }

    ObjectNode list(ApiRequest request) {
        return views.tags(store.tags(existing(request.label("resourceArn"))));
    }

    private String existing(String arn) {
        boolean exists = switch (arns.kindOf(arn, "resourceArn")) {
            case CONNECTOR -> store.connector(arn).isPresent();
            case CUSTOM_PLUGIN -> store.customPlugin(arn).isPresent();
            case WORKER_CONFIGURATION -> store.workerConfiguration(arn).isPresent();
            case CONNECTOR_OPERATION -> throw ApiException.badRequest("resourceArn '" + arn
                    + "' names a connector operation, which cannot be tagged: give a connector, custom plugin or worker configuration ARN");
        };
        if (!exists) {
            throw ApiException.notFound("Resource " + arn + " does not exist");
        }
        return arn;
    }
}
