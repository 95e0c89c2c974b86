package io.cdclake.mskemulator.service;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cdclake.mskemulator.api.ApiException;
import io.cdclake.mskemulator.api.ApiRequest;
import io.cdclake.mskemulator.model.Connector;
import io.cdclake.mskemulator.model.ConnectorState;
import io.cdclake.mskemulator.model.CustomPlugin;
import io.cdclake.mskemulator.model.CustomPluginState;
import io.cdclake.mskemulator.model.PluginContentType;
import io.cdclake.mskemulator.model.Requests.CreateCustomPlugin;
import io.cdclake.mskemulator.model.Shapes.S3Location;
import io.cdclake.mskemulator.model.Shapes.StateDescription;
import io.cdclake.mskemulator.runtime.PluginInstallException;
import io.cdclake.mskemulator.runtime.PluginInstaller;
import io.cdclake.mskemulator.state.ResourceStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.List;
import java.util.concurrent.Executor;

/**
 * CreateCustomPlugin, DescribeCustomPlugin, ListCustomPlugins, DeleteCustomPlugin. A new plugin is CREATING while its
 * file is read from S3 and checked in the background, then ACTIVE, or CREATE_FAILED with the reason.
 */
final class CustomPluginService {

    private static final Logger log = LoggerFactory.getLogger(CustomPluginService.class);

    private final ResourceStore store;
    private final Arns arns;
    private final Views views;
    private final PluginInstaller installer;
    private final Executor background;
    private final Clock clock;

    CustomPluginService(ResourceStore store, Arns arns, Views views, PluginInstaller installer,
                               Executor background, Clock clock) {
        this.store = store;
        this.arns = arns;
        this.views = views;
        this.installer = installer;
        this.background = background;
        this.clock = clock;
    }

    synchronized ObjectNode create(ApiRequest request) {
        CreateCustomPlugin body = request.body(CreateCustomPlugin.class);
        String name = Validation.name(body.name(), "name");
        Validation.description(body.description(), "description");
        PluginContentType type = Validation.oneOf(body.contentType(), PluginContentType.class, "contentType");
        S3Location s3 = Validation.required(Validation.required(body.location(), "location").s3Location(), "location.s3Location");
        Validation.bucketOf(s3.bucketArn(), "location.s3Location.bucketArn");
        Validation.required(s3.fileKey(), "location.s3Location.fileKey");
        Validation.tags(body.tags(), "tags");
        if (store.customPlugins().stream().anyMatch(p -> p.name().equals(name))) {
            throw ApiException.conflict("A custom plugin named '" + name + "' already exists: choose another name");
        }
        CustomPlugin plugin = new CustomPlugin(arns.newArn(Arns.Kind.CUSTOM_PLUGIN, name), name, body.description(),
                type.name(), s3, CustomPluginState.CREATING, null, clock.instant(), CustomPlugin.REVISION, null, null, false);
        store.putCustomPlugin(plugin, body.tags());
        log.info("Custom plugin {}: CREATING from {}", name, s3.fileKey());
        background.execute(() -> install(plugin));
        return views.object("customPluginArn", plugin.arn(), "customPluginState", plugin.state(), "name", name,
                "revision", plugin.revision());
    }

    /** Installs a plugin still CREATING: at creation, and again for one an earlier run left CREATING. */
    void install(CustomPlugin plugin) {
        String id = Arns.idOf(plugin.arn());
        S3Location s3 = plugin.location();
        try {
            PluginInstaller.Installed installed = installer.install(id, Validation.bucketOf(s3.bucketArn(), "bucketArn"),
                    s3, PluginContentType.valueOf(plugin.contentType()));
            boolean stillWanted = store.replaceCustomPlugin(plugin.arn(), p -> p.state() == CustomPluginState.CREATING,
                    p -> p.active(installed.fileMd5(), installed.fileSize(), installed.declaredAsServices()));
            if (stillWanted) {
                log.info("Custom plugin {}: ACTIVE", plugin.name());
            } else {
                installer.remove(id);
            }
        } catch (PluginInstallException e) {
            log.warn("Custom plugin {}: CREATE_FAILED: {}", plugin.name(), e.getMessage());
            store.replaceCustomPlugin(plugin.arn(), p -> p.state() == CustomPluginState.CREATING,
                    p -> p.failed(new StateDescription(e.code(), e.getMessage())));
        } catch (RuntimeException e) {
            log.error("Custom plugin {}: installation failed", plugin.name(), e);
            store.replaceCustomPlugin(plugin.arn(), p -> p.state() == CustomPluginState.CREATING,
                    p -> p.failed(new StateDescription("INTERNAL_ERROR", "The emulator failed to install the plugin: " + e)));
        }
    }

    ObjectNode describe(ApiRequest request) {
        return views.describeCustomPlugin(find(request.label("customPluginArn")));
    }

    ObjectNode list(ApiRequest request) {
        String prefix = request.query("namePrefix");
        List<CustomPlugin> plugins = store.customPlugins().stream()
                .filter(p -> prefix == null || p.name().startsWith(prefix)).toList();
        Pages.Page<CustomPlugin> page = Pages.page(plugins, CustomPlugin::name, CustomPlugin::arn,
                Validation.maxResults(request.query("maxResults")), request.query("nextToken"));
        return views.list("customPlugins", page.items(), views::customPluginSummary, page.nextToken());
    }

    synchronized ObjectNode delete(ApiRequest request) {
        CustomPlugin plugin = find(request.label("customPluginArn"));
        List<String> users = store.connectors().stream()
                .filter(c -> c.state() != ConnectorState.DELETING)
                .filter(c -> c.plugins().stream().anyMatch(p -> p.customPlugin().customPluginArn().equals(plugin.arn())))
                .map(Connector::name).toList();
        if (!users.isEmpty()) {
            throw ApiException.badRequest("Custom plugin '" + plugin.name() + "' is used by connector(s) " + users
                    + ": delete them first");
        }
        store.removeCustomPlugin(plugin.arn());
        installer.remove(Arns.idOf(plugin.arn()));
        log.info("Custom plugin {}: deleted", plugin.name());
        return views.object("customPluginArn", plugin.arn(), "customPluginState", CustomPluginState.DELETING);
    }

    CustomPlugin find(String arn) {
        return store.customPlugin(arn)
                .orElseThrow(() -> ApiException.notFound("Custom plugin " + arn + " does not exist"));
    }
}
