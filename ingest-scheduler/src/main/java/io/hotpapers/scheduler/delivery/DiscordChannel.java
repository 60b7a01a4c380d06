package io.hotpapers.scheduler.delivery;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hotpapers.core.config.Secret;
import java.util.regex.Pattern;

/**
 * A Discord webhook: the digest's title as the message, one embed per top paper (Discord shows at most ten), and no
 * mention ever pings anyone ({@code allowed_mentions} is empty), whatever a title says. Markdown in titles and names
 * is escaped.
 */
public final class DiscordChannel extends ChatWebhookChannel {
    public static final String NAME = "discord";
    /** Discord's limits: ten embeds per message, 256 characters in an embed title, 2,000 in the content. */
    private static final int MAX_EMBEDS = 10;
    private static final int TITLE_LIMIT = 256;
    private static final int CONTENT_LIMIT = 2_000;
    private static final int ORANGE = 0xE8590C;
    private static final Pattern MARKDOWN = Pattern.compile("([\\\\*_~`|>#\\[\\]()<@:-])");

    DiscordChannel(Secret url, WebhookPoster poster, ObjectMapper json) {
        super(NAME, url, poster, json);
    }

    @Override
    public JsonNode payload(DigestMessage message) {
        ObjectNode root = json.createObjectNode();
        String content = "**" + escape(message.heading()) + "**"
                + (message.papers().isEmpty() ? "\nNo paper reached the threshold this time." : "")
                + (message.pageUrl() == null ? "" : "\n" + message.pageUrl());
        root.put("content", WebhookPoster.clip(content, CONTENT_LIMIT));
        root.putObject("allowed_mentions").putArray("parse");
        ArrayNode embeds = root.putArray("embeds");
        message.papers().stream().limit(MAX_EMBEDS).forEach(paper -> {
            ObjectNode embed = embeds.addObject();
            embed.put("title", WebhookPoster.clip(paper.rank() + ". " + escape(paper.title()), TITLE_LIMIT));
            embed.put("url", paper.url());
            embed.put("description", escape(paper.authors()) + "\nscore " + paper.score()
                    + (paper.engagement().isEmpty() ? "" : "\n" + escape(String.join("\n", paper.engagement()))));
            embed.put("color", ORANGE);
        });
        return root;
    }

    /** A backslash before every character Discord's markdown or mentions give a meaning to. */
    static String escape(String text) {
        return MARKDOWN.matcher(text).replaceAll("\\\\$1");
    }
}
