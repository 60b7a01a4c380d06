package io.hotpapers.scheduler.cli;

/** The message of a command whose work is still to be built, so users are never left guessing. */
final class NotBuiltYet {
    private NotBuiltYet() {
    }

    static int report(CliContext context, String command, String what) {
        context.err().println("hotpapers " + command + ": not built yet: " + what
                + " is still to come in this version of hotpapers.");
        return Cli.FAILURE;
    }
}
