package io.hotpapers.scheduler.cli;

import io.hotpapers.scheduler.health.HealthReport;
import io.hotpapers.scheduler.health.HealthServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code hotpapers serve}: renders the web site once and serves it, without running any job. */
@Command(name = "serve", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = {"Render the web site from the database, then serve it read-only on HOTPAPERS_HTTP_ADDRESS "
            + "(beside /health and /metrics) until stopped; runs no job. The daemon serves the same site and "
            + "updates it after each digest."})
final class ServeCommand implements Callable<Integer> {
    private final CliContext context;

    @Spec
    CommandSpec spec;

    @Option(names = "--out", paramLabel = "DIR",
            description = "Directory of the site (default: $HOTPAPERS_HOME/site).")
    Path out;

    ServeCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        InetSocketAddress address = context.config().daemon().httpAddress();
        if (address == null) {
            throw new ParameterException(spec.commandLine(),
                    "HOTPAPERS_HTTP_ADDRESS is off: set it to HOST:PORT to serve the site");
        }
        Path directory = (out != null ? out : context.config().siteDirectory()).toAbsolutePath();
        return context.withApp(context.config(), app -> {
            app.site().generate(directory);
            // no scheduler runs here: /health says whether this server answers, as a load balancer asks
            HealthServer server = new HealthServer(address, () -> new HealthReport(true, null, null, true, List.of()),
                    app.metrics(), app.siteHandler(directory));
            try {
                server.start();
            } catch (IOException e) {
                context.err().println("hotpapers serve: cannot listen on " + address.getHostString() + ":"
                        + address.getPort() + " (" + e.getMessage() + "); set HOTPAPERS_HTTP_ADDRESS to a free HOST:PORT");
                return Cli.FAILURE;
            }
            context.err().println("serving " + directory + " on http://" + address.getHostString() + ":"
                    + server.port() + "/ until stopped (Ctrl-C)");
            try {
                while (!context.stop().await(Duration.ofHours(1))) {
                    // requests are served on the server's threads; this one waits for the stop
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                server.stop();
            }
            return Cli.OK;
        });
    }
}
