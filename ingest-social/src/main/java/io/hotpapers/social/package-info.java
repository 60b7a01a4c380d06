/**
 * Engagement from social networks: discovery of the tweets that link each paper (X API v2) and refresh
 * rounds that record their metrics as snapshots. Built by the X engagement issue.
 */
package io.hotpapers.social;
