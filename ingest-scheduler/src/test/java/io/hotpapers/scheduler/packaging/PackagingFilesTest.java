package io.hotpapers.scheduler.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import io.hotpapers.core.config.ConfigLoader;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The server packaging, linted because no Docker engine or systemd runs here: the Dockerfile's stages, user,
 * volume and health check; the compose file's PostgreSQL 17 and two daemon nodes; the systemd unit's restart
 * and hardening; and the example properties file naming every setting hotpapers knows.
 */
class PackagingFilesTest {
    private static final Pattern SETTING_LIKE = Pattern.compile("\\b((?:HOTPAPERS|X|ARXIV|DIGEST)_[A-Z0-9_]+)\\b");

    /** One Dockerfile instruction, continuation lines joined, comments dropped. */
    record Instruction(String keyword, String arguments) {
    }

    static List<Instruction> dockerfile() throws IOException {
        List<Instruction> instructions = new ArrayList<>();
        StringBuilder pending = new StringBuilder();
        for (String line : Files.readAllLines(RepositoryFiles.file("Dockerfile"))) {
            String trimmed = line.strip();
            if (trimmed.startsWith("#") || trimmed.isEmpty() && pending.isEmpty()) {
                continue;
            }
            if (trimmed.endsWith("\\")) {
                pending.append(trimmed, 0, trimmed.length() - 1).append(' ');
                continue;
            }
            String whole = pending.append(trimmed).toString().strip();
            pending.setLength(0);
            String[] parts = whole.split("\\s+", 2);
            instructions.add(new Instruction(parts[0].toUpperCase(), parts.length > 1 ? parts[1] : ""));
        }
        assertThat(pending).as("no dangling line continuation").isEmpty();
        return instructions;
    }

    private static List<Instruction> runtimeStage(List<Instruction> all) {
        int lastFrom = 0;
        for (int i = 0; i < all.size(); i++) {
            if (all.get(i).keyword().equals("FROM")) {
                lastFrom = i;
            }
        }
        return all.subList(lastFrom, all.size());
    }

    @Test
    void theDockerfileBuildsInOneStageAndRunsAsANonRootUserInAnother() throws IOException {
        List<Instruction> instructions = dockerfile();
        Set<String> known = Set.of("FROM", "WORKDIR", "COPY", "RUN", "ENV", "VOLUME", "EXPOSE", "USER", "HEALTHCHECK",
                "STOPSIGNAL", "ENTRYPOINT", "CMD", "ARG", "LABEL");
        assertThat(instructions).extracting(Instruction::keyword).allMatch(known::contains);

        List<Instruction> froms = instructions.stream().filter(i -> i.keyword().equals("FROM")).toList();
        assertThat(froms).hasSize(2);
        assertThat(froms.get(0).arguments()).matches("maven:\\S*17\\S* AS build");
        assertThat(froms.get(1).arguments()).matches("eclipse-temurin:17-jre\\S*");

        List<Instruction> runtime = runtimeStage(instructions);
        assertThat(runtime).filteredOn(i -> i.keyword().equals("COPY"))
                .anyMatch(i -> i.arguments().startsWith("--from=build ") && i.arguments().contains("hotpapers.jar"));
        List<String> users = runtime.stream().filter(i -> i.keyword().equals("USER")).map(Instruction::arguments)
                .toList();
        assertThat(users).as("the runtime stage switches user").isNotEmpty();
        assertThat(users.get(users.size() - 1).split(":")[0]).isNotIn("root", "0");
        assertThat(runtime).filteredOn(i -> i.keyword().equals("ENV"))
                .anyMatch(i -> i.arguments().contains("HOTPAPERS_HOME=/var/lib/hotpapers"));
        assertThat(runtime).filteredOn(i -> i.keyword().equals("VOLUME"))
                .anyMatch(i -> i.arguments().contains("\"/var/lib/hotpapers\""));
        assertThat(runtime).filteredOn(i -> i.keyword().equals("HEALTHCHECK")).singleElement()
                .extracting(Instruction::arguments).asString()
                .contains(" CMD ").contains("http://127.0.0.1:9464/health");
        assertThat(runtime).filteredOn(i -> i.keyword().equals("ENTRYPOINT")).singleElement()
                .extracting(Instruction::arguments).asString().startsWith("[\"java\"").contains("hotpapers.jar");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> compose() throws IOException {
        try (Reader reader = Files.newBufferedReader(RepositoryFiles.file("docker-compose.yml"))) {
            // SafeConstructor: plain maps and lists; merge keys (<<: *node) resolved as Compose resolves them
            return (Map<String, Object>) new Yaml(new SafeConstructor(new LoaderOptions())).load(reader);
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        assertThat(value).isInstanceOf(Map.class);
        return (Map<String, Object>) value;
    }

    @Test
    void composeRunsPostgres17AndTwoDaemonNodesWithHealthChecksAndNoInlinePassword() throws IOException {
        Map<String, Object> services = map(compose().get("services"));

        Map<String, Object> postgres = map(services.get("postgres"));
        assertThat(postgres.get("image")).isEqualTo("postgres:17");
        assertThat(map(postgres.get("healthcheck")).get("test").toString()).contains("pg_isready");
        assertThat(postgres).as("the database is not published on the host").doesNotContainKey("ports");

        Map<String, Map<String, Object>> daemons = new LinkedHashMap<>();
        services.forEach((name, service) -> {
            if (String.valueOf(map(service).get("command")).contains("daemon")) {
                daemons.put(name, map(service));
            }
        });
        assertThat(daemons).hasSize(2);
        Set<String> knownSettings = ConfigLoader.settingNames();
        for (Map.Entry<String, Map<String, Object>> node : daemons.entrySet()) {
            Map<String, Object> service = node.getValue();
            Map<String, Object> environment = map(service.get("environment"));
            assertThat(environment.get("HOTPAPERS_DB_URL")).as(node.getKey())
                    .isEqualTo("jdbc:postgresql://postgres:5432/hotpapers");
            assertThat(environment).as(node.getKey()).containsKeys("HOTPAPERS_DB_USER", "HOTPAPERS_DB_PASSWORD_FILE")
                    .doesNotContainKey("HOTPAPERS_DB_PASSWORD");
            assertThat(environment.keySet()).as("every variable is a setting hotpapers knows")
                    .allMatch(knownSettings::contains);
            assertThat(map(service.get("healthcheck")).get("test").toString()).contains("/health");
            assertThat(map(map(service.get("depends_on")).get("postgres")).get("condition"))
                    .isEqualTo("service_healthy");
            assertThat((List<String>) service.get("ports")).allMatch(port -> port.startsWith("127.0.0.1:"));
        }
        assertThat(daemons.values()).extracting(service -> service.get("hostname")).doesNotHaveDuplicates();
        Map<String, Object> secrets = map(compose().get("secrets"));
        assertThat(map(secrets.get("db_password")).get("file")).isEqualTo("./secrets/db_password");
        assertThat(Files.readString(RepositoryFiles.file("docker-compose.yml")))
                .doesNotContainPattern("(?i)password\\s*[:=]\\s*['\"]?[A-Za-z0-9]{6,}");
    }

    @Test
    void theSystemdUnitRestartsOnFailureAndIsHardened() throws IOException {
        Map<String, Map<String, String>> unit = new LinkedHashMap<>();
        Map<String, String> section = null;
        for (String line : Files.readAllLines(RepositoryFiles.file("packaging/hotpapers.service"))) {
            String trimmed = line.strip();
            if (trimmed.isEmpty() || trimmed.startsWith("#")) {
                continue;
            }
            if (trimmed.startsWith("[")) {
                section = unit.computeIfAbsent(trimmed, key -> new LinkedHashMap<>());
            } else {
                assertThat(section).as("a key before any section: " + trimmed).isNotNull();
                assertThat(trimmed).as("KEY=value").contains("=");
                section.put(trimmed.substring(0, trimmed.indexOf('=')), trimmed.substring(trimmed.indexOf('=') + 1));
            }
        }
        assertThat(unit).containsOnlyKeys("[Unit]", "[Service]", "[Install]");
        Map<String, String> service = unit.get("[Service]");
        assertThat(service).containsEntry("Restart", "on-failure").containsEntry("RestartPreventExitStatus", "2")
                .containsEntry("NoNewPrivileges", "yes").containsEntry("ProtectSystem", "strict")
                .containsEntry("ProtectHome", "yes").containsEntry("PrivateTmp", "yes")
                .containsEntry("UMask", "0022").doesNotContainKey("MemoryDenyWriteExecute");
        assertThat(service.get("User")).isNotBlank().isNotEqualTo("root");
        assertThat(service.get("ExecStart")).endsWith("hotpapers.jar daemon");
        assertThat(unit.get("[Install]")).containsEntry("WantedBy", "multi-user.target");
    }

    @Test
    void theExamplePropertiesNameEverySettingAndChangeNothing() throws IOException {
        Path example = RepositoryFiles.file("hotpapers.properties.example");
        String text = Files.readString(example, StandardCharsets.UTF_8);
        Set<String> documented = new TreeSet<>();
        Matcher matcher = Pattern.compile("(?m)^#\\s?([A-Z][A-Z0-9_]+)=").matcher(text);
        while (matcher.find()) {
            documented.add(matcher.group(1));
        }

        Set<String> missing = new TreeSet<>(ConfigLoader.settingNames());
        missing.removeAll(documented);
        assertThat(missing).as("settings without a commented line in " + example).isEmpty();
        assertThat(documented).as("names in the example that hotpapers does not know")
                .isSubsetOf(ConfigLoader.settingNames());
        Properties active = new Properties();
        try (Reader reader = Files.newBufferedReader(example, StandardCharsets.UTF_8)) {
            active.load(reader);
        }
        assertThat(active).as("everything is commented out: copying the file changes nothing").isEmpty();
        for (String environmentOnly : ConfigLoader.environmentOnlySettings()) {
            assertThat(text).containsPattern("(?m)^# " + environmentOnly + "=");
        }
    }

    @Test
    void theDockerfileAndComposeUseOnlySettingsHotpapersKnows() throws IOException {
        String both = Files.readString(RepositoryFiles.file("Dockerfile"))
                + Files.readString(RepositoryFiles.file("docker-compose.yml"))
                + Files.readString(RepositoryFiles.file("packaging/hotpapers.service"));
        Set<String> named = new TreeSet<>();
        Matcher matcher = SETTING_LIKE.matcher(both);
        while (matcher.find()) {
            named.add(matcher.group(1));
        }

        Set<String> unknown = named.stream().filter(name -> !ConfigLoader.settingNames().contains(name))
                .collect(Collectors.toCollection(TreeSet::new));
        assertThat(named).isNotEmpty();
        assertThat(unknown).as("misspelt or unknown settings").isEmpty();
    }
}
