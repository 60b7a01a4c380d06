/**
 * arXiv ingestion: the daily listing feeds, metadata and abstracts from the query API, and backfill of date
 * ranges, writing through the stores of {@code ingest-core}. Built by the arXiv ingestion issue.
 */
package io.hotpapers.arxiv;
