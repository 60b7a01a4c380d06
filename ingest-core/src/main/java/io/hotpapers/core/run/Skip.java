package io.hotpapers.core.run;

/** An item a run could not use, and why (stored in {@code ingest_skips}). */
public record Skip(String item, String reason) {
}
