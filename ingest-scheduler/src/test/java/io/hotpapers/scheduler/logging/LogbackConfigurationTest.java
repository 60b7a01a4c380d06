package io.hotpapers.scheduler.logging;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import ch.qos.logback.core.rolling.RollingFileAppender;
import ch.qos.logback.core.rolling.SizeAndTimeBasedRollingPolicy;
import ch.qos.logback.core.status.Status;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shipped {@code logback.xml}, loaded into a private logger context (the test JVM's own logging is untouched);
 * {@code HOTPAPERS_LOG_FILE} and {@code HOTPAPERS_LOG_LEVEL} are given as context properties, which logback looks
 * up before the environment.
 */
class LogbackConfigurationTest {
    @TempDir
    Path directory;

    private final LoggerContext context = new LoggerContext();

    @AfterEach
    void stop() {
        context.stop();
    }

    private void configure() throws Exception {
        URL shipped = LogbackConfigurationTest.class.getResource("/logback.xml");
        assertThat(shipped).as("logback.xml on the class path").isNotNull();
        context.setMDCAdapter(new LogbackMDCAdapter()); // what logback's own initializer does for the global context
        JoranConfigurator configurator = new JoranConfigurator();
        configurator.setContext(context);
        configurator.doConfigure(shipped);
        context.start();
        assertThat(context.getStatusManager().getCopyOfStatusList())
                .as("logback reports no configuration error")
                .noneMatch(status -> status.getLevel() >= Status.ERROR);
    }

    @Test
    void withALogFileTheLinesGoToTheFileRolledAndBounded() throws Exception {
        Path file = directory.resolve("logs/hotpapers.log");
        context.putProperty("HOTPAPERS_LOG_FILE", file.toString());
        context.putProperty("HOTPAPERS_LOG_LEVEL", "DEBUG");
        configure();

        Logger logger = context.getLogger("io.hotpapers.scheduler.Daemon");
        logger.info("Daemon started on {}", "node-1");
        logger.debug("a debug line");
        context.getLogger("org.quartz.core").info("below the root level: not written");

        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        RollingFileAppender<?> appender = (RollingFileAppender<?>) root.getAppender("FILE");
        assertThat(appender).isNotNull();
        assertThat(appender.getRollingPolicy()).isInstanceOf(SizeAndTimeBasedRollingPolicy.class);
        assertThat(root.getAppender("STDERR")).as("stderr keeps its lines too").isNotNull();
        String written = Files.readString(file);
        assertThat(written).contains("INFO  [main] i.h.scheduler.Daemon - Daemon started on node-1")
                .contains("DEBUG [main] i.h.scheduler.Daemon - a debug line")
                .doesNotContain("not written");
    }

    @Test
    void withoutALogFileOnlyStderrIsUsed() throws Exception {
        configure();

        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        assertThat(root.getAppender("FILE")).isNull();
        assertThat(root.getAppender("STDERR")).isNotNull();
        assertThat(context.getLogger("io.hotpapers").getLevel()).hasToString("INFO");
    }
}
