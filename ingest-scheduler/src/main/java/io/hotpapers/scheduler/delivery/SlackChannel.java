package io.hotpapers.scheduler.delivery;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hotpapers.core.config.Secret;

/**
 * A Slack incoming webhook: a Block Kit message with the digest's title, its top papers (linked title, score and
 * engagement per source) and a link to the digest page. Slack's control characters ({@code & < >}) are escaped, so a
 * title cannot mention a channel or forge a link.
 */
public final class SlackChannel extends ChatWebhookChannel {
    public static final String NAME = "slack";
    /** Slack's limits: 150 characters in a header, 3,000 in a section, 50 blocks in a message. */
    private static final int HEADER_LIMIT = 150;
    private static final int SECTION_LIMIT = 3_000;
    private static final int MAX_PAPERS = 45;

    SlackChannel(Secret url, WebhookPoster poster, ObjectMapper json) {
        super(NAME, url, poster, json);
    }

    @Override
    public JsonNode payload(DigestMessage message) {
        ObjectNode root = json.createObjectNode();
        root.put("text", WebhookPoster.clip(message.heading(), SECTION_LIMIT)); // the notification's text
        ArrayNode blocks = root.putArray("blocks");
        ObjectNode header = blocks.addObject().put("type", "header");
        header.putObject("text").put("type", "plain_text").put("text", WebhookPoster.clip(message.heading(), HEADER_LIMIT));
        if (message.papers().isEmpty()) {
            section(blocks, "No paper reached the threshold this time.");
        }
        message.papers().stream().limit(MAX_PAPERS).forEach(paper -> section(blocks, paperText(paper)));
        if (message.pageUrl() != null) {
            ObjectNode context = blocks.addObject().put("type", "context");
            context.putArray("elements").addObject().put("type", "mrkdwn")
                    .put("text", "<" + escape(message.pageUrl()) + "|The whole digest>");
        }
        return root;
    }

    private static String paperText(DigestMessage.Paper paper) {
        String text = paper.rank() + ". *<" + paper.url() + "|" + escape(paper.title()) + ">*\n"
                + escape(paper.authors()) + "\nscore " + paper.score()
                + (paper.engagement().isEmpty() ? "" : " · " + escape(String.join(" · ", paper.engagement())));
        return WebhookPoster.clip(text, SECTION_LIMIT);
    }

    private static void section(ArrayNode blocks, String mrkdwn) {
        blocks.addObject().put("type", "section").putObject("text").put("type", "mrkdwn").put("text", mrkdwn);
    }

    /** Slack's escaping for message text: the three characters its markup is made of. */
    static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
