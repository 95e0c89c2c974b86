package io.cdclake.mskemulator.service;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cdclake.mskemulator.api.ApiException;
import io.cdclake.mskemulator.api.ApiRequest;
import io.cdclake.mskemulator.model.Connector;
import io.cdclake.mskemulator.model.ConnectorState;
import io.cdclake.mskemulator.model.Requests.CreateWorkerConfiguration;
import io.cdclake.mskemulator.model.WorkerConfiguration;
import io.cdclake.mskemulator.model.WorkerConfigurationState;
import io.cdclake.mskemulator.runtime.WorkerProperties;
import io.cdclake.mskemulator.state.ResourceStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.List;

/**
 * CreateWorkerConfiguration, DescribeWorkerConfiguration, ListWorkerConfigurations, DeleteWorkerConfiguration.
 * The properties are checked at creation against MSK Connect's rules for worker configurations.
 */
final class WorkerConfigurationService {

    private static final Logger log = LoggerFactory.getLogger(WorkerConfigurationService.class);

    private final ResourceStore store;
    private final Arns arns;
    private final Views views;
    private final Clock clock;

    WorkerConfigurationService(ResourceStore store, Arns arns, Views views, Clock clock) {
        this.store = store;
        this.arns = arns;
        this.views = views;
        this.clock = clock;
    }

    synchronized ObjectNode create(ApiRequest request) {
        CreateWorkerConfiguration body = request.body(CreateWorkerConfiguration.class);
        String name = Validation.name(body.name(), "name");
        Validation.description(body.description(), "description");
        Validation.required(body.propertiesFileContent(), "propertiesFileContent");
        Validation.tags(body.tags(), "tags");
        try {
            WorkerProperties.decode(body.propertiesFileContent());
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest(e.getMessage());
        }
        if (store.workerConfigurations().stream().anyMatch(w -> w.name().equals(name))) {
            throw ApiException.conflict("A worker configuration named '" + name + "' already exists: choose another name");
        }
        WorkerConfiguration configuration = new WorkerConfiguration(arns.newArn(Arns.Kind.WORKER_CONFIGURATION, name),
                name, body.description(), body.propertiesFileContent(), WorkerConfigurationState.ACTIVE, clock.instant(),
                WorkerConfiguration.REVISION);
        store.putWorkerConfiguration(configuration, body.tags());
        log.info("Worker configuration {}: ACTIVE", name);
        return views.object("creationTime", configuration.creationTime(),
                "latestRevision", views.object("creationTime", configuration.creationTime(),
                        "description", configuration.description(), "revision", configuration.revision()),
                "name", name, "workerConfigurationArn", configuration.arn(),
                "workerConfigurationState", configuration.state());
    }

    ObjectNode describe(ApiRequest request) {
        return views.describeWorkerConfiguration(find(request.label("workerConfigurationArn")));
    }

    ObjectNode list(ApiRequest request) {
        String prefix = request.query("namePrefix");
        List<WorkerConfiguration> all = store.workerConfigurations().stream()
                .filter(w -> prefix == null || w.name().startsWith(prefix)).toList();
        Pages.Page<WorkerConfiguration> page = Pages.page(all, WorkerConfiguration::name, WorkerConfiguration::arn,
                Validation.maxResults(request.query("maxResults")), request.query("nextToken"));
        return views.list("workerConfigurations", page.items(), views::workerConfigurationSummary, page.nextToken());
    }

    synchronized ObjectNode delete(ApiRequest request) {
        WorkerConfiguration configuration = find(request.label("workerConfigurationArn"));
        List<String> users = store.connectors().stream()
                .filter(c -> c.state() != ConnectorState.DELETING && c.workerConfiguration() != null)
                .filter(c -> c.workerConfiguration().workerConfigurationArn().equals(configuration.arn()))
                .map(Connector::name).toList();
        if (!users.isEmpty()) {
            throw ApiException.badRequest("Worker configuration '" + configuration.name() + "' is used by connector(s) "
                    + users + ": delete them first");
        }
        store.removeWorkerConfiguration(configuration.arn());
        log.info("Worker configuration {}: deleted", configuration.name());
        return views.object("workerConfigurationArn", configuration.arn(),
                "workerConfigurationState", WorkerConfigurationState.DELETING);
    }

    WorkerConfiguration find(String arn) {
        return store.workerConfiguration(arn)
                .orElseThrow(() -> ApiException.notFound("Worker configuration " + arn + " does not exist"));
    }
}
