package io.hotpapers.scheduler.cli;

/** How {@code trends} prints: an aligned table for people, CSV and JSON for programs. */
enum OutputFormat { TABLE, CSV, JSON }
