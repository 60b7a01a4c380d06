package io.hotpapers.scheduler.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real {@code ./hotpapers} launcher in a copy of the repository layout, with stand-ins for {@code mvn} and
 * {@code java} that record being called: it builds only when the jar is missing or older than a source.
 */
class LauncherScriptTest {
    private static final Instant BUILT = Instant.parse("2026-01-01T00:00:00Z");

    @TempDir
    Path root;

    private Path jar;
    private Path calls;

    @BeforeEach
    void layout() throws IOException {
        Files.copy(RepositoryFiles.file("hotpapers"), root.resolve("hotpapers"));
        calls = root.resolve("calls.log");
        Path bin = Files.createDirectories(root.resolve("bin"));
        jar = root.resolve("ingest-scheduler/target/hotpapers.jar");
        script(bin.resolve("mvn"), "echo mvn \"$*\" >> '" + calls + "'\nmkdir -p '" + jar.getParent() + "'\ntouch '"
                + jar + "'\n");
        // like the JVM, writes the class data sharing archive it is asked to record
        script(bin.resolve("java"), "echo java \"$*\" >> '" + calls + "'\n"
                + "for a in \"$@\"; do case \"$a\" in -XX:ArchiveClassesAtExit=*) echo cds > \"${a#*=}\";; esac; done\n");
        for (String source : List.of("pom.xml", "ingest-core/pom.xml", "ingest-core/src/main/java/Config.java",
                "sql/V1__core_schema.sql", "README.md")) {
            Path file = root.resolve(source);
            Files.createDirectories(file.getParent());
            Files.writeString(file, "x");
            Files.setLastModifiedTime(file, FileTime.from(BUILT.minusSeconds(3600)));
        }
        Files.createDirectories(jar.getParent());
        Files.writeString(jar, "jar");
        Files.setLastModifiedTime(jar, FileTime.from(BUILT));
    }

    private static void script(Path file, String body) throws IOException {
        Files.writeString(file, "#!/usr/bin/env bash\n" + body, StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    /** The calls, with the JVM options left out (the tests below check those). */
    private List<String> launch() throws Exception {
        return launch("status").stream().map(call -> call.replaceFirst("^java( -\\S+)* -jar ", "java -jar ")).toList();
    }

    private List<String> launch(String command) throws Exception {
        ProcessBuilder builder = new ProcessBuilder("bash", root.resolve("hotpapers").toString(), command)
                .redirectErrorStream(true);
        builder.environment().put("PATH", root.resolve("bin") + ":" + System.getenv("PATH"));
        builder.environment().remove("JAVA");
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
        return Files.exists(calls) ? Files.readAllLines(calls) : List.of();
    }

    private void touch(String source) throws IOException {
        Files.setLastModifiedTime(root.resolve(source), FileTime.from(BUILT.plusSeconds(60)));
    }

    @Test
    void anUpToDateJarRunsWithoutABuild() throws Exception {
        touch("README.md"); // not a source of the jar

        assertThat(launch()).containsExactly("java -jar " + jar + " status");
    }

    @Test
    void aNewerSourceRebuildsTheJarFirst() throws Exception {
        touch("ingest-core/src/main/java/Config.java");

        assertThat(launch()).containsExactly("mvn -q -B -DskipTests package", "java -jar " + jar + " status");
    }

    @Test
    void aNewerPomOrMigrationRebuildsToo() throws Exception {
        touch("ingest-core/pom.xml");
        assertThat(launch()).first().isEqualTo("mvn -q -B -DskipTests package");

        Files.delete(calls);
        Files.setLastModifiedTime(jar, FileTime.from(BUILT.plusSeconds(120)));
        Files.setLastModifiedTime(root.resolve("sql/V1__core_schema.sql"), FileTime.from(BUILT.plusSeconds(180)));
        assertThat(launch()).first().isEqualTo("mvn -q -B -DskipTests package");
    }

    @Test
    void aNewerTestSourceDoesNotRebuildTheJar() throws Exception {
        Path test = root.resolve("ingest-core/src/test/java/ConfigTest.java");
        Files.createDirectories(test.getParent());
        Files.writeString(test, "x");
        touch("ingest-core/src/test/java/ConfigTest.java"); // tests are not in the jar

        assertThat(launch()).containsExactly("java -jar " + jar + " status");
    }

    @Test
    void aBuildThatLeavesTheJarAsItWasIsNotRepeatedByTheNextCommand() throws Exception {
        // Maven does not rewrite a jar whose contents did not change
        script(root.resolve("bin/mvn"), "echo mvn \"$*\" >> '" + calls + "'\n");
        touch("ingest-core/src/main/java/Config.java");
        assertThat(launch()).first().isEqualTo("mvn -q -B -DskipTests package");

        Files.delete(calls);
        assertThat(launch()).containsExactly("java -jar " + jar + " status");
    }

    @Test
    void aMissingJarIsBuilt() throws Exception {
        Files.delete(jar);

        assertThat(launch()).containsExactly("mvn -q -B -DskipTests package", "java -jar " + jar + " status");
    }

    @Test
    void theFirstCommandAfterABuildRecordsAClassArchiveThatTheNextOnesUse() throws Exception {
        Path archive = jar.resolveSibling("hotpapers.jsa");

        assertThat(launch("status")).singleElement().asString()
                .contains("-XX:TieredStopAtLevel=1", "-XX:ArchiveClassesAtExit=" + archive + ".")
                .endsWith("-jar " + jar + " status");
        assertThat(archive).as("moved into place after the run").exists();
        assertThat(jar.getParent()).isDirectoryNotContaining("glob:**.tmp");

        Files.delete(calls);
        assertThat(launch("status")).singleElement().asString()
                .contains("-XX:TieredStopAtLevel=1", "-XX:SharedArchiveFile=" + archive)
                .doesNotContain("ArchiveClassesAtExit");

        Files.delete(calls);
        assertThat(launch("daemon")).singleElement().asString().as("the daemon keeps the optimising JIT")
                .doesNotContain("TieredStopAtLevel")
                .contains("-XX:SharedArchiveFile=" + archive);

        Files.delete(calls);
        Files.setLastModifiedTime(archive, FileTime.from(BUILT.minusSeconds(1)));
        assertThat(launch("status")).singleElement().asString().as("an archive older than the jar is recorded again")
                .contains("-XX:ArchiveClassesAtExit=");
    }
}
