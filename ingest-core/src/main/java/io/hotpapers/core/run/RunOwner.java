package io.hotpapers.core.run;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The process that runs a job or holds a post-budget reservation: host, pid and the OS start time of the process,
 * plus the Quartz instance when a daemon runs it. Stored with the row so a later start can tell whether the
 * process is gone.
 *
 * @param processStartedAt the OS's start time of the process, or {@code null} when the OS does not say
 * @param schedulerInstance the Quartz instance id of a daemon, or {@code null} for a command-line run
 */
public record RunOwner(String host, long pid, Instant processStartedAt, String schedulerInstance) {
    /** Start times the OS reports for one process can differ by rounding; a reused pid starts much later. */
    private static final Duration START_TOLERANCE = Duration.ofSeconds(2);

    /** This JVM. */
    public static RunOwner thisProcess() {
        ProcessHandle self = ProcessHandle.current();
        return new RunOwner(localHost(), self.pid(), self.info().startInstant().orElse(null), null);
    }

    /** The same process, running jobs for the Quartz instance {@code instanceId}. */
    public RunOwner inScheduler(String instanceId) {
        return new RunOwner(host, pid, processStartedAt, instanceId);
    }

    /**
     * Whether a process of this host that recorded ({@code pid}, {@code startedAt}) has ended: no process has the
     * pid, or the one that has it started at another time (the pid was reused).
     */
    public static boolean isGoneHere(long pid, Instant startedAt) {
        if (pid == ProcessHandle.current().pid()) {
            return startedAt != null && differ(ProcessHandle.current().info().startInstant(), startedAt);
        }
        Optional<ProcessHandle> process = ProcessHandle.of(pid).filter(ProcessHandle::isAlive);
        if (process.isEmpty()) {
            return true;
        }
        return startedAt != null && differ(process.get().info().startInstant(), startedAt);
    }

    private static boolean differ(Optional<Instant> actual, Instant recorded) {
        return actual.map(start -> Duration.between(start, recorded).abs().compareTo(START_TOLERANCE) > 0)
                .orElse(false);
    }

    /**
     * This machine's name: the kernel's where Linux offers it (no DNS look-up that could hang), else Java's.
     */
    public static String localHost() {
        try {
            String name = Files.readString(Path.of("/proc/sys/kernel/hostname"), StandardCharsets.UTF_8).strip();
            if (!name.isEmpty()) {
                return name;
            }
        } catch (IOException | RuntimeException e) {
            // not Linux: ask Java
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "localhost";
        }
    }
}
