/**
 * Hugging Face paper pages as a source: upvotes and comment counts of the papers listed in Daily Papers (read a whole
 * day at a time) and of single paper pages, one "post" per paper page. Built by issue 17.
 */
package io.hotpapers.social.huggingface;
