/**
 * Untrusted text on its way out: cleaning and bounding ({@link io.hotpapers.core.text.UntrustedText}), then one
 * escaper per output context — Markdown ({@link io.hotpapers.core.text.Markdown}), HTML
 * ({@link io.hotpapers.core.text.Html}), link targets ({@link io.hotpapers.core.text.WebUrl}), XML
 * ({@link io.hotpapers.core.text.Xml}), YAML front matter ({@link io.hotpapers.core.text.Yaml}) and the terminal
 * ({@link io.hotpapers.core.text.Terminal}). JSON needs no class here: Jackson escapes every string it writes.
 */
package io.hotpapers.core.text;
