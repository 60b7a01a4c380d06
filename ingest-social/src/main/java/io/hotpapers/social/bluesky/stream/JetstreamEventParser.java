package io.hotpapers.social.bluesky.stream;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hotpapers.core.text.UntrustedText;
import io.hotpapers.social.bluesky.stream.JetstreamEvent.Account;
import io.hotpapers.social.bluesky.stream.JetstreamEvent.Commit;
import io.hotpapers.social.bluesky.stream.JetstreamEvent.Identity;
import io.hotpapers.social.bluesky.stream.JetstreamEvent.Operation;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.regex.Pattern;

/**
 * Reads one Jetstream event (a JSON text message): text in, {@link JetstreamEvent} out. Sizes are bounded (the
 * message, nesting, each string) and every identifier is checked against the AT Protocol's syntax; an event that
 * breaks them throws {@link JetstreamEventException} with the reason, for the caller to skip.
 */
public final class JetstreamEventParser {
    /** The largest event read by default: a post record is a few kB (text ≤ 3000 bytes, a few facets, one embed). */
    public static final int DEFAULT_MAX_EVENT_CHARS = 128 * 1024;
    /** How far Jetstream's clock may run ahead of ours before an event counts as in the future. */
    static final Duration CLOCK_SKEW = Duration.ofMinutes(5);
    /** Jetstream's v1 cursors below this are sequence numbers of the 2026 rewrite, not times (API notes). */
    static final long MIN_TIME_US = 1_000_000_000_000_000L;
    private static final int MAX_NESTING = 64;
    private static final int QUOTED_LENGTH = 40;
    /** AT Protocol DIDs (did:plc, did:web …), bounded well below the spec's 2 kB: no real one comes close. */
    private static final Pattern DID = Pattern.compile("did:[a-z]{1,16}:[a-zA-Z0-9._:%-]{0,240}[a-zA-Z0-9._-]");
    /** NSIDs: a reversed domain and a name, at most 317 characters. */
    private static final Pattern NSID = Pattern.compile("[a-zA-Z][a-zA-Z0-9-]{0,62}(\\.[a-zA-Z0-9-]{1,63}){2,}");
    private static final int MAX_NSID = 317;
    /** Record keys: 1 to 512 characters of this set, never {@code .} or {@code ..}. */
    private static final Pattern RKEY = Pattern.compile("[A-Za-z0-9._:~-]{1,512}");
    /** Content ids as Jetstream prints them (base32 multibase), bounded. */
    private static final Pattern CID = Pattern.compile("[a-zA-Z0-9]{8,128}");
    private static final Pattern REV = Pattern.compile("[a-zA-Z0-9]{1,64}");
    /** Handles are domain names: at most 253 characters. */
    private static final Pattern HANDLE = Pattern.compile("[a-zA-Z0-9.-]{3,253}");
    private static final Pattern STATUS = Pattern.compile("[a-zA-Z]{1,64}");

    private final ObjectMapper json;
    private final Clock clock;
    private final int maxEventChars;

    public JetstreamEventParser(Clock clock) {
        this(clock, DEFAULT_MAX_EVENT_CHARS);
    }

    public JetstreamEventParser(Clock clock, int maxEventChars) {
        this.clock = clock;
        this.maxEventChars = maxEventChars;
        JsonFactory factory = JsonFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder()
                        .maxNestingDepth(MAX_NESTING)
                        .maxStringLength(maxEventChars)
                        .maxNumberLength(32)
                        .maxDocumentLength(maxEventChars)
                        .build())
                .build();
        this.json = new ObjectMapper(factory);
    }

    /** The largest message this parser reads, in characters. */
    public int maxEventChars() {
        return maxEventChars;
    }

    /**
     * The event in the message.
     *
     * @throws JetstreamEventException when the message is not an event hotpapers can read, with the reason
     */
    public JetstreamEvent parse(String message) {
        if (message.length() > maxEventChars) {
            throw new JetstreamEventException("jetstream event", "larger than " + maxEventChars + " characters ("
                    + message.length() + ")");
        }
        JsonNode root;
        try {
            root = json.readTree(message);
        } catch (JsonProcessingException e) {
            throw new JetstreamEventException("jetstream event", "malformed JSON: "
                    + UntrustedText.line(String.valueOf(e.getOriginalMessage()), 120));
        }
        if (root == null || !root.isObject()) {
            throw new JetstreamEventException("jetstream event", "not a JSON object");
        }
        long timeUs = timeUs(root);
        String did = identifier(root, "did", DID, 256, "jetstream event at " + timeUs);
        String item = did + " at " + timeUs;
        String kind = root.path("kind").isTextual() ? root.path("kind").textValue() : null;
        if (kind == null) {
            throw new JetstreamEventException(item, "no kind");
        }
        return switch (kind) {
            case "commit" -> commit(root.path("commit"), did, timeUs, item);
            case "identity" -> identity(root.path("identity"), did, timeUs, item);
            case "account" -> account(root.path("account"), did, timeUs, item);
            default -> throw new JetstreamEventException(item, "unknown kind " + quoted(kind));
        };
    }

    private long timeUs(JsonNode root) {
        JsonNode node = root.path("time_us");
        if (!node.isIntegralNumber() || !node.canConvertToLong()) {
            throw new JetstreamEventException("jetstream event", "time_us is not a 64-bit integer");
        }
        long timeUs = node.longValue();
        if (timeUs < MIN_TIME_US) {
            throw new JetstreamEventException("jetstream event", "time_us " + timeUs + " is not a time in microseconds");
        }
        Instant latest = clock.instant().plus(CLOCK_SKEW);
        if (timeUs > ChronoUnit.MICROS.between(Instant.EPOCH, latest)) {
            // a future time would carry the cursor past events not yet seen
            throw new JetstreamEventException("jetstream event", "time_us " + timeUs + " is in the future");
        }
        return timeUs;
    }

    private Commit commit(JsonNode commit, String did, long timeUs, String item) {
        if (!commit.isObject()) {
            throw new JetstreamEventException(item, "commit event without a commit object");
        }
        String collection = identifier(commit, "collection", NSID, MAX_NSID, item);
        String rkey = identifier(commit, "rkey", RKEY, 512, item);
        if (rkey.equals(".") || rkey.equals("..")) {
            throw new JetstreamEventException(item, "rkey " + quoted(rkey) + " is not a record key");
        }
        String uri = "at://" + did + "/" + collection + "/" + rkey;
        String rev = commit.has("rev") ? identifier(commit, "rev", REV, 64, uri) : null;
        Operation operation = switch (commit.path("operation").asText("")) {
            case "create" -> Operation.CREATE;
            case "update" -> Operation.UPDATE;
            case "delete" -> Operation.DELETE;
            default -> throw new JetstreamEventException(uri, "unknown operation "
                    + quoted(commit.path("operation").asText("")));
        };
        if (operation == Operation.DELETE) {
            return new Commit(did, timeUs, rev, operation, collection, rkey, null, null);
        }
        String cid = identifier(commit, "cid", CID, 128, uri);
        JsonNode record = commit.path("record");
        if (!record.isObject()) {
            throw new JetstreamEventException(uri, operation.name().toLowerCase() + " without a record object");
        }
        return new Commit(did, timeUs, rev, operation, collection, rkey, cid, record);
    }

    private Identity identity(JsonNode identity, String did, long timeUs, String item) {
        if (!identity.isObject()) {
            throw new JetstreamEventException(item, "identity event without an identity object");
        }
        sameDid(identity, did, item);
        String handle = identity.hasNonNull("handle") ? identifier(identity, "handle", HANDLE, 253, item) : null;
        return new Identity(did, timeUs, handle);
    }

    private Account account(JsonNode account, String did, long timeUs, String item) {
        if (!account.isObject()) {
            throw new JetstreamEventException(item, "account event without an account object");
        }
        sameDid(account, did, item);
        if (!account.path("active").isBoolean()) {
            throw new JetstreamEventException(item, "account event without a boolean active");
        }
        String status = account.hasNonNull("status") ? identifier(account, "status", STATUS, 64, item) : null;
        return new Account(did, timeUs, account.path("active").booleanValue(), status);
    }

    private static void sameDid(JsonNode inner, String did, String item) {
        JsonNode innerDid = inner.path("did");
        if (!innerDid.isMissingNode() && !did.equals(innerDid.asText())) {
            throw new JetstreamEventException(item, "event about " + did + " carries did "
                    + quoted(innerDid.asText()));
        }
    }

    private static String identifier(JsonNode node, String field, Pattern syntax, int maxLength, String item) {
        JsonNode value = node.path(field);
        if (!value.isTextual()) {
            throw new JetstreamEventException(item, "no " + field);
        }
        String text = value.textValue();
        if (text.length() > maxLength || !syntax.matcher(text).matches()) {
            throw new JetstreamEventException(item, field + " " + quoted(text) + " is malformed");
        }
        return text;
    }

    /** A hostile value quoted in a reason: one line, shortened. */
    private static String quoted(String value) {
        return "'" + UntrustedText.line(value, QUOTED_LENGTH) + "'";
    }
}
